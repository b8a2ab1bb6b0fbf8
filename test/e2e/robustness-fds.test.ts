import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

/** Far below the idle connections opened below: without a limit Herald runs out of descriptors. */
const FD_LIMIT = 256;
const IDLE_CONNECTIONS = 400;

let fake: FakePlatform;
let herald: HeraldProcess;
const dir = tempDir('herald-fds-');

beforeAll(async () => {
  fake = await startFakePlatform();
  const config = `
storage: { driver: sqlite, path: ${dir.path}/fds.db }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  slack: { platform: slack, webhook_url: ${fake.url}/services/T/B/fds, rate: 100/s }
routes:
  - to: [slack]
`;
  herald = await startHerald(config, dir.path, {}, { fdLimit: FD_LIMIT });
});

afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  dir.cleanup();
});

/** One request on the given agent (a kept-alive connection when the agent holds one). */
function send(agent: Agent, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status?: number; body?: string; error?: string }> {
  const { port } = new URL(herald.url);
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

/** Connections that send a request line and then nothing. */
function openIdle(count: number): { sockets: Socket[]; closedByServer: () => number } {
  const { port } = new URL(herald.url);
  let closed = 0;
  const sockets = Array.from({ length: count }, () => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write('POST /webhooks/wpllm HTTP/1.1\r\n'));
    socket.on('error', () => {});
    socket.on('close', () => closed++);
    socket.resume();
    return socket;
  });
  return { sockets, closedByServer: () => closed };
}

describe('robustness: file descriptors', () => {
  it('fds – more idle connections than descriptors: new ones are refused, kept ones served, events accepted and delivered', async () => {
    const kept = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send(kept, 'GET', '/healthz')).status).toBe(200);

    const idle = openIdle(IDLE_CONNECTIONS);
    try {
      // Connections past the limit are closed at once; there are more than descriptors.
      await waitFor(() => idle.closedByServer() >= IDLE_CONNECTIONS - FD_LIMIT, 10_000, 'refused connections');
      expect(await send(kept, 'GET', '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect((await send(new Agent(), 'GET', '/healthz')).error).toBeDefined();
      const body = wpllmBody('evt_fds_1');
      const accepted = await send(kept, 'POST', '/webhooks/wpllm', body, { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) });
      expect(accepted).toEqual({ status: 200, body: '{"received":true,"id":"evt_fds_1","deliveries":1}' });
      // Delivering needs descriptors too (SQLite, the outbound connection): they were kept free.
      await waitFor(() => fake.requests.some((r) => r.path === '/services/T/B/fds' && r.status === 200), 10_000, 'the delivery');
      expect(await send(kept, 'GET', '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect(herald.stdout()).toContain('connection limit reached: refusing new connections');
    } finally {
      for (const socket of idle.sockets) socket.destroy();
      kept.destroy();
    }

    await waitFor(async () => (await send(new Agent(), 'GET', '/healthz')).status === 200, 10_000, '/healthz on a new connection');
    expect(herald.child.exitCode).toBeNull();
    expect(herald.stderr()).not.toMatch(/EMFILE|\n\s+at /);
  });

  it('fds – the default connection limit is derived from the open-file limit', () => {
    const ready = JSON.parse(herald.stdout().split('\n').find((l) => l.includes('"herald ready"'))!) as { max_connections: number };
    expect(ready.max_connections).toBeGreaterThan(FD_LIMIT / 2);
    expect(ready.max_connections).toBeLessThan(FD_LIMIT - 32);
  });
});
