import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

/**
 * ParrotRouter streams through a real `herald serve`: an end that arrives before its last
 * chunk is held — durably — and posted exactly once, complete when the chunk comes in time,
 * with a "k of n chunks received" note when it does not.
 */
const SECRET = 'stream-e2e-secret';
const dir = tempDir('herald-streams-');
let fake: FakePlatform;
let herald: HeraldProcess;

const config = (url: string) => `
storage: { driver: sqlite, path: ${dir.path}/herald.db }
delivery: { timeout: 2s }
sources:
  parrot: { type: parrotrouter, secret: ${SECRET}, stream_wait: 5m }
  quick: { type: parrotrouter, secret: ${SECRET}, stream_wait: 1s }
  held: { type: parrotrouter, secret: ${SECRET}, stream_wait: 3s }
channels:
  slack: { platform: slack, webhook_url: ${url}/services/T/B/streams, rate: 100/s }
routes:
  - to: [slack]
`;

beforeAll(async () => {
  fake = await startFakePlatform();
  herald = await startHerald(config(fake.url), dir.path);
});
afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  dir.cleanup();
});

async function post(source: string, payload: unknown): Promise<Record<string, unknown>> {
  const body = JSON.stringify(payload);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
  const res = await fetch(`${herald.url}/webhooks/${source}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-webhook-signature': signature, 'x-webhook-timestamp': ts, 'x-webhook-algorithm': 'sha256' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const chunk = (stream: string, index: number, content: string) => ({
  id: `evt_${stream}_chunk_${index}`,
  timestamp: new Date().toISOString(),
  event: 'llm.streaming.chunk',
  data: { requestId: stream, streamId: `s_${stream}`, chunkIndex: index, content },
});
const end = (stream: string, totalChunks: number) => ({
  id: `evt_${stream}_end`,
  timestamp: new Date().toISOString(),
  event: 'llm.streaming.end',
  data: { requestId: stream, streamId: `s_${stream}`, totalChunks },
});
const completion = (id: string) => ({ id, timestamp: new Date().toISOString(), event: 'llm.completion', data: { requestId: `r_${id}`, completion: 'done' } });

/** Messages posted to the fake Slack webhook that mention `text`. */
const posted = (text: string) => fake.requests.filter((r) => r.status === 200 && JSON.stringify(r.body).includes(text));

/** A later event posted on the same channel: anything queued before it has been posted by then (per-channel FIFO). */
async function drain(source: string, id: string): Promise<void> {
  await post(source, completion(id));
  await waitFor(() => posted(id).length > 0, 15_000, `${id} to be posted`);
}

describe('stream assembly through herald serve', () => {
  it('streams – an end before the last chunk is held; the chunk completes it: posted once, whole text, no note', async () => {
    await post('parrot', chunk('req_a', 0, 'alpha '));
    expect(await post('parrot', end('req_a', 2))).toEqual({ received: true, id: 'evt_req_a_end', deliveries: 0 });
    await post('parrot', chunk('req_a', 1, 'omega'));
    // stream_wait is 5 minutes: only the chunk can have released it.
    await waitFor(() => posted('evt_req_a_end').length > 0, 15_000, 'the stream message');
    await drain('parrot', 'evt_after_a');
    const [message, ...more] = posted('evt_req_a_end');
    expect(more).toEqual([]);
    expect(JSON.stringify(message!.body)).toContain('alpha omega');
    expect(JSON.stringify(message!.body)).not.toContain('chunks received');
  });

  it('streams – a chunk that never comes: posted once after stream_wait with the note; the late chunk is counted', async () => {
    await post('quick', chunk('req_b', 0, 'first half '));
    expect(await post('quick', end('req_b', 2))).toMatchObject({ deliveries: 0 });
    await waitFor(() => posted('evt_req_b_end').length > 0, 15_000, 'the incomplete stream message');
    await drain('quick', 'evt_after_b');
    const [message, ...more] = posted('evt_req_b_end');
    expect(more).toEqual([]);
    expect(JSON.stringify(message!.body)).toContain('1 of 2 chunks received');
    expect(JSON.stringify(message!.body)).toContain('first half');

    await post('quick', chunk('req_b', 1, 'second half'));
    const metrics = await (await fetch(`${herald.url}/metrics`)).text();
    expect(metrics).toContain('herald_stream_late_chunks_total{source="quick"} 1');
    await waitFor(() => herald.stdout().includes('stream chunk arrived after its stream was delivered'), 5000, 'the late-chunk warning');
  });

  it('streams – a held stream survives kill -9 and is posted once, with its note, after the restart', async () => {
    await post('held', chunk('req_c', 0, 'kept '));
    expect(await post('held', end('req_c', 2))).toMatchObject({ deliveries: 0 });
    herald.child.kill('SIGKILL');
    expect((await herald.exited).signal).toBe('SIGKILL');
    expect(posted('evt_req_c_end')).toEqual([]);

    herald = await startHerald(config(fake.url), dir.path);
    await waitFor(() => posted('evt_req_c_end').length > 0, 15_000, 'the held stream after the restart');
    await drain('held', 'evt_after_c');
    const [message, ...more] = posted('evt_req_c_end');
    expect(more).toEqual([]);
    expect(JSON.stringify(message!.body)).toContain('1 of 2 chunks received');
  });
});
