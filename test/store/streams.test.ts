import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, StreamCompose, StreamEndRequest } from '../../src/store/store.js';
import { sampleEvent } from '../helpers/event.js';
import { everyStore } from '../helpers/stores.js';

const { drivers: stores, tempDb } = everyStore('herald_streams');

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

/** Releases once `expected` chunks are there: the text joined, to channel `a`. */
const whenComplete: StreamCompose = (event, chunks, expected) =>
  chunks.length >= (expected ?? 0)
    ? { event: { ...event, body: { format: 'text', content: chunks.map((c) => c.text).join('') } }, targets: [{ channel: 'a' }] }
    : undefined;

const endOf = (overrides: Partial<StreamEndRequest> = {}): StreamEndRequest => ({
  event: sampleEvent({ id: 'evt_end', source: 'parrot', type: 'llm.streaming.end', data: { event: 'llm.streaming.end', id: 'evt_end' } }),
  raw: Buffer.from('{"event":"llm.streaming.end","id":"evt_end"}'),
  dedupeUntil: T0 + DAY,
  now: T0,
  streamId: 'req_1',
  expectedChunks: 2,
  releaseAt: T0 + 30_000,
  compose: whenComplete,
  ...overrides,
});

const chunk = (store: Store, index: number, text: string) =>
  store.addChunk({ source: 'parrot', streamId: 'req_1', index, text, expiresAt: T0 + DAY });


describe.each(stores)('%s store streams', (_name, open) => {
  it('store streams – a complete stream is released with its end: event replaced, deliveries queued', async () => {
    const store = await open();
    await chunk(store, 1, 'world');
    await chunk(store, 0, 'hello ');
    const result = await store.endStream(endOf());
    expect(result).toMatchObject({ duplicate: false, held: false, deliveries: 1 });
    const [stored] = await store.eventsById('evt_end');
    expect(stored!.event.body).toEqual({ format: 'text', content: 'hello world' });
    // The raw body is still the event's data.
    expect(stored!.event.data).toEqual({ event: 'llm.streaming.end', id: 'evt_end' });
    expect(await store.queueDepth()).toEqual({ a: 1 });
    expect(await store.streamState('parrot', 'req_1')).toEqual({ eventKey: stored!.key, eventId: 'evt_end', held: false, included: [0, 1] });
    expect(await store.heldStreams()).toEqual([]);
    await store.close();
  });

  it('store streams – an incomplete stream is held with no deliveries, then released behind what came meanwhile', async () => {
    const store = await open();
    await chunk(store, 0, 'hello ');
    const held = await store.endStream(endOf());
    expect(held).toMatchObject({ duplicate: false, held: true, deliveries: 0 });
    expect(await store.queueDepth()).toEqual({});
    expect(await store.heldStreams()).toEqual([{ source: 'parrot', streamId: 'req_1', eventKey: (held as { eventKey: number }).eventKey, releaseAt: T0 + 30_000 }]);
    expect(await store.streamState('parrot', 'req_1')).toMatchObject({ held: true, included: [] });

    // Holding blocks nothing: a later event of the channel goes first.
    await store.ingest({ event: sampleEvent({ id: 'evt_other' }), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 + 1 });
    expect(await store.releaseStream('parrot', 'req_1', T0 + 2, whenComplete)).toBeUndefined();
    await chunk(store, 1, 'world');
    const released = await store.releaseStream('parrot', 'req_1', T0 + 3, whenComplete);
    expect(released?.event.body).toEqual({ format: 'text', content: 'hello world' });
    expect((await store.head('a'))?.event_id).toBe('evt_other');
    expect((await store.deliveries({ channel: 'a' })).map((d) => d.event_id)).toEqual(['evt_other', 'evt_end']);

    // Released exactly once.
    expect(await store.releaseStream('parrot', 'req_1', T0 + 4, whenComplete)).toBeUndefined();
    expect(await store.queueDepth()).toEqual({ a: 2 });
    expect(await store.streamState('parrot', 'req_1')).toMatchObject({ held: false, included: [0, 1] });
    await store.close();
  });

  it('store streams – a resent end is a duplicate; another end of the same stream is kept, not delivered', async () => {
    const store = await open();
    await store.endStream(endOf({ expectedChunks: 0 }));
    expect(await store.endStream(endOf({ expectedChunks: 0 }))).toEqual({ duplicate: true });
    const again = await store.endStream(endOf({ event: sampleEvent({ id: 'evt_end_2', source: 'parrot' }), expectedChunks: 0 }));
    expect(again).toMatchObject({ duplicate: false, deliveries: 0, held: false, repeated: true });
    expect(await store.queueDepth()).toEqual({ a: 1 });
    await store.close();
  });

  it('store streams – pruning keeps a held stream and its event, and forgets released ones once expired', async () => {
    const store = await open();
    await store.endStream(endOf());
    await store.endStream(endOf({ event: sampleEvent({ id: 'evt_b', source: 'parrot' }), streamId: 'req_2', expectedChunks: 0 }));
    await store.prune(T0 + 2 * DAY, T0 + DAY);
    expect((await store.heldStreams()).map((h) => h.streamId)).toEqual(['req_1']);
    expect(await store.eventsById('evt_end')).toHaveLength(1);
    expect(await store.streamState('parrot', 'req_2')).toBeUndefined();
    await store.close();
  });
});

describe('sqlite store streams', () => {
  it('store streams – a held stream survives a reopen of the file and is released afterwards', async () => {
    const path = tempDb();
    const first = SqliteStore.open({ path, sync: 'full' });
    await chunk(first, 0, 'hello ');
    await first.endStream(endOf());
    await first.close();

    const second = SqliteStore.open({ path, sync: 'full' });
    expect((await second.heldStreams()).map((h) => h.streamId)).toEqual(['req_1']);
    const released = await second.releaseStream('parrot', 'req_1', T0 + 30_000, (event, chunks) => whenComplete(event, chunks, undefined));
    expect(released?.event.body).toEqual({ format: 'text', content: 'hello ' });
    expect(await second.queueDepth()).toEqual({ a: 1 });
    await second.close();
  });
});
