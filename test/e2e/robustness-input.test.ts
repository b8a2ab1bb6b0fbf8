import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { ADMIN_TOKEN, WPLLM_SECRET, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

let fake: FakePlatform;
let herald: HeraldProcess;
const dir = tempDir('herald-input-');

beforeAll(async () => {
  fake = await startFakePlatform();
  const config = `
server: { admin_token: ${ADMIN_TOKEN}, body_limit: 1mb }
storage: { driver: sqlite, path: ${dir.path}/input.db }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  slack: { platform: slack, webhook_url: ${fake.url}/services/T/B/input, rate: 100/s }
routes:
  - name: only-a
    match: { where: { model: { matches: "^(a+)+$" } } }
    to: [slack]
  - name: deep
    match: { where: { id: evt_deep } }
    to: [slack]
`;
  herald = await startHerald(config, dir.path);
});

afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  dir.cleanup();
});

function wpllm(id: string, data: string): string {
  return `{"id":"${id}","object":"event","created":1640995200,"type":"generation.completed","data":${data}}`;
}

async function post(body: string) {
  const res = await fetch(`${herald.url}/webhooks/wpllm`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) },
  });
  return { status: res.status, json: await res.json() };
}

/** Sends a request announcing a 100 MB body and keeps sending until the server answers and closes. */
function hugeUpload(path: string, headers: string, chunked = false): Promise<{ response: string; sentBytes: number; closedByServer: boolean }> {
  const totalBytes = 100 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const framed = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  const { port } = new URL(herald.url);
  return new Promise((resolve) => {
    let response = '';
    let sentBytes = 0;
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: herald\r\n${headers}\r\n`);
      const pump = () => {
        if (socket.destroyed || socket.writableEnded) return;
        if (sentBytes >= totalBytes) return resolve({ response, sentBytes, closedByServer: false });
        sentBytes += chunk.length;
        if (socket.write(framed)) setImmediate(pump);
        else socket.once('drain', pump);
      };
      pump();
    });
    socket.on('data', (d) => (response += d));
    socket.on('error', () => {}); // a reset after the answer still counts as closed
    socket.on('close', () => resolve({ response, sentBytes, closedByServer: true }));
  });
}

describe('robustness: hostile input', () => {
  it('redos – a route regex that backtracks exponentially does not stall ingest or /healthz', async () => {
    // RegExp needs about 2^40 steps for this model against ^(a+)+$: hours.
    const [hostile, health] = await Promise.all([post(wpllm('evt_redos', `{"model":"${'a'.repeat(40)}!"}`)), fetch(`${herald.url}/healthz`)]);
    expect(hostile).toEqual({ status: 200, json: { received: true, id: 'evt_redos', deliveries: 0 } });
    expect(health.status).toBe(200);
    expect(await post(wpllm('evt_regex_match', `{"model":"${'a'.repeat(40)}"}`))).toEqual({ status: 200, json: { received: true, id: 'evt_regex_match', deliveries: 1 } });
  });

  it('deep json – an accepted event nested 10,000 levels deep is delivered and shown by the admin API', async () => {
    const depth = 10_000;
    const body = wpllm('evt_deep', `{"model":"m","extra":${'['.repeat(depth)}"leaf"${']'.repeat(depth)}}`);
    expect(await post(body)).toEqual({ status: 200, json: { received: true, id: 'evt_deep', deliveries: 1 } });

    const res = await fetch(`${herald.url}/api/events/evt_deep`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const [event] = ((await res.json()) as { events: { data: { data: { extra: unknown } }; deliveries: unknown[] }[] }).events;
    expect(event).toMatchObject({ id: 'evt_deep', source: 'wpllm', type: 'generation.completed', model: 'm' });
    expect(event!.deliveries).toHaveLength(1);
    let level = 0;
    for (let value: unknown = event!.data.data.extra; Array.isArray(value); value = value[0]) level++;
    expect(level).toBe(depth);
    await waitFor(() => fake.requests.some((r) => r.path === '/services/T/B/input' && r.status === 200 && r.rawBody.includes('evt_deep')), 10_000, 'the deep event delivered');
  });

  it.each([
    ['an unknown source', '/webhooks/nope', 'Content-Type: application/json\r\nContent-Length: 104857600\r\n', false, '404 Not Found', 'unknown_source'],
    ['a content type that is not JSON', '/webhooks/wpllm', 'Content-Type: text/plain\r\nContent-Length: 104857600\r\n', false, '415 Unsupported Media Type', 'unsupported_media_type'],
    ['a declared length over body_limit', '/webhooks/wpllm', 'Content-Type: application/json\r\nContent-Length: 104857600\r\n', false, '413 Payload Too Large', 'payload_too_large'],
    ['a chunked body over body_limit', '/webhooks/wpllm', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', true, '413 Payload Too Large', 'payload_too_large'],
  ])('huge body – %s: answered, then the server closes before the client has sent it all', async (_what, path, headers, chunked, status, code) => {
    const upload = await hugeUpload(path, headers, chunked);
    expect(upload.response).toMatch(new RegExp(`^HTTP/1.1 ${status}\r\n`));
    expect(upload.response).toContain(`{"error":"${code}"}`);
    expect(upload.closedByServer).toBe(true);
    expect(upload.sentBytes).toBeLessThan(20 * 1024 * 1024);
    expect((await fetch(`${herald.url}/healthz`)).status).toBe(200);
  });
});
