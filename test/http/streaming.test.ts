import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

const SECRET = 'parrot-secret';
const CONFIG = `
storage: { driver: memory }
sources:
  parrot: { type: parrotrouter, secret: ${SECRET} }
channels:
  local: { platform: console }
routes:
  - to: [local]
`;

function signedPost(app: ReturnType<typeof testApp>['app'], payload: unknown) {
  const body = JSON.stringify(payload);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
  return app.inject({
    method: 'POST',
    url: '/webhooks/parrot',
    payload: body,
    headers: { 'content-type': 'application/json', 'x-webhook-signature': sig, 'x-webhook-timestamp': ts, 'x-webhook-algorithm': 'sha256' },
  });
}

const chunk = (index: number, content: string, id = `evt_chunk_${index}`) => ({
  id,
  timestamp: new Date().toISOString(),
  event: 'llm.streaming.chunk',
  data: { requestId: 'req_stream_1', streamId: 'stream_1', chunkIndex: index, content },
});

describe('ParrotRouter streams through the receiver', () => {
  it('stream – chunks are stored (200, 0 deliveries) and the end event carries the whole text in chunkIndex order', async () => {
    const { app, store } = testApp({ config: CONFIG });
    const start = await signedPost(app, { id: 'evt_start', timestamp: new Date().toISOString(), event: 'llm.streaming.start', data: { requestId: 'req_stream_1', model: 'gpt-4o' } });
    expect(start.json()).toEqual({ received: true, id: 'evt_start', deliveries: 1 });

    // Out of order, and one chunk delivered twice by the sender.
    for (const [i, text] of [[2, 'three'], [0, 'one '], [1, 'two '], [1, 'two ']] as const) {
      const res = await signedPost(app, chunk(i, text));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ received: true, deliveries: 0 });
    }
    const end = await signedPost(app, { id: 'evt_end', timestamp: new Date().toISOString(), event: 'llm.streaming.end', data: { requestId: 'req_stream_1', streamId: 'stream_1', totalChunks: 3 } });
    expect(end.json()).toEqual({ received: true, id: 'evt_end', deliveries: 1 });

    const [stored] = await store.eventsById('evt_end');
    expect(stored!.event.body).toEqual({ format: 'markdown', content: 'one two three' });
    expect(stored!.event.category).toBe('stream');
    expect(await store.queueDepth()).toEqual({ local: 2 });
  });

  it('stream – an end before its last chunk is committed with 0 deliveries; the chunk releases it with the whole text', async () => {
    const { app, store, notified } = testApp({ config: CONFIG });
    await signedPost(app, chunk(0, 'one '));
    const end = await signedPost(app, { id: 'evt_end_early', timestamp: new Date().toISOString(), event: 'llm.streaming.end', data: { requestId: 'req_stream_1', streamId: 'stream_1', totalChunks: 2 } });
    expect(end.json()).toEqual({ received: true, id: 'evt_end_early', deliveries: 0 });
    expect(await store.queueDepth()).toEqual({});
    // A resent end is a duplicate, not a second message.
    const again = await signedPost(app, { id: 'evt_end_early', timestamp: new Date().toISOString(), event: 'llm.streaming.end', data: { requestId: 'req_stream_1', streamId: 'stream_1', totalChunks: 2 } });
    expect(again.json()).toMatchObject({ duplicate: true });

    const last = await signedPost(app, chunk(1, 'two'));
    expect(last.json()).toMatchObject({ received: true, deliveries: 0 });
    expect(await store.queueDepth()).toEqual({ local: 1 });
    expect(notified).toEqual([['local']]);
    const [stored] = await store.eventsById('evt_end_early');
    expect(stored!.event.body).toEqual({ format: 'markdown', content: 'one two' });
  });
});
