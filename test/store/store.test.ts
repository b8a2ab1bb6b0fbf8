import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { StoreUnavailableError, type JobMessage, type Store } from '../../src/store/store.js';
import { sampleEvent } from '../helpers/event.js';
import { everyStore } from '../helpers/stores.js';

const { drivers: stores, tempDb } = everyStore('herald_store');

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

/** Job `job-1` of source wpllm in channel `a`, its message at `ts`, started at `startedAt`. */
const jobOf = (ts: string, startedAt = T0): JobMessage => ({ source: 'wpllm', correlationId: 'job-1', channel: 'a', ref: { channel: 'C1', ts }, startedAt });


describe.each(stores)('%s store', (_name, open) => {
  it('store – ingest commits the event and one pending delivery per target', async () => {
    const store = await open();
    const result = await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }, { channel: 'b', mention: 'here' }], dedupeUntil: T0 + DAY, now: T0 });
    expect(result).toMatchObject({ duplicate: false, deliveries: 2 });
    expect(await store.queueDepth()).toEqual({ a: 1, b: 1 });
    const head = await store.head('b');
    expect(head).toMatchObject({ channel: 'b', status: 'pending', attempts: 0, event_id: 'evt_1', mention: 'here' });
    expect((await store.event(head!.event_key))?.event.title).toBe('Code generation completed');
    await store.close();
  });

  it('store – the same source + id within the window is a duplicate; another source is not', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    expect(await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 + 1 })).toEqual({ duplicate: true });
    expect((await store.ingest({ event: sampleEvent({ source: 'other' }), targets: [], dedupeUntil: T0 + DAY, now: T0 })).duplicate).toBe(false);
    // After the window the id may be used again.
    expect((await store.ingest({ event: sampleEvent(), targets: [], dedupeUntil: T0 + 3 * DAY, now: T0 + 2 * DAY })).duplicate).toBe(false);
    await store.close();
  });

  it('store – a channel head is its oldest pending delivery (FIFO)', async () => {
    const store = await open();
    for (let i = 1; i <= 3; i++) await store.ingest({ event: sampleEvent({ id: `e${i}` }), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 + i });
    const first = await store.head('a');
    expect(first?.event_id).toBe('e1');
    await store.markSent(first!.id, T0 + 10);
    expect((await store.head('a'))?.event_id).toBe('e2');
    await store.close();
  });

  it('store – retry counts attempts, postpone does not, dead letters can be retried and purged', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    const d = (await store.head('a'))!;
    await store.markRetry(d.id, 1, T0 + 5000, 'SERVER: 503', T0 + 1);
    await store.postpone(d.id, T0 + 9000, 'RATE_LIMITED: 429', T0 + 2);
    expect(await store.delivery(d.id)).toMatchObject({ attempts: 1, next_attempt_at: T0 + 9000, last_error: 'RATE_LIMITED: 429' });
    await store.markDead(d.id, 'GONE: 404', T0 + 3);
    expect(await store.head('a')).toBeUndefined();
    expect(await store.pendingChannels()).toEqual([]);
    expect((await store.deliveries({ status: 'dead' })).map((x) => x.last_error)).toEqual(['GONE: 404']);
    expect(await store.retryDead({ channel: 'other' }, T0 + 4)).toBe(0);
    expect(await store.retryDead({ ids: [d.id] }, T0 + 4)).toBe(1);
    expect(await store.head('a')).toMatchObject({ id: d.id, attempts: 0, status: 'pending' });
    await store.markDead(d.id, 'GONE: 404', T0 + 5);
    expect(await store.purgeDead(T0 + 5)).toBe(0);
    expect(await store.purgeDead(T0 + 6)).toBe(1);
    await store.close();
  });

  it('store – markDead records the failed attempts it is given, and keeps the count otherwise; outcomes are idempotent', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }, { channel: 'b' }], dedupeUntil: T0 + DAY, now: T0 });
    const [a, b] = [(await store.head('a'))!, (await store.head('b'))!];
    await store.markRetry(a.id, 7, T0 + 5000, 'SERVER: 503', T0 + 1);
    await store.markDead(a.id, 'gave up after 8 attempts: SERVER: 503', T0 + 2, 8);
    await store.markRetry(b.id, 2, T0 + 5000, 'SERVER: 503', T0 + 1);
    await store.markDead(b.id, 'channel "b" is not in the config', T0 + 2);
    expect(await store.delivery(a.id)).toMatchObject({ status: 'dead', attempts: 8 });
    expect(await store.delivery(b.id)).toMatchObject({ status: 'dead', attempts: 2 });
    // A repeated write (its first result was lost) changes nothing that was decided.
    await store.markSent(a.id, T0 + 3);
    await store.markDead(a.id, 'other', T0 + 3, 9);
    expect(await store.delivery(a.id)).toMatchObject({ status: 'dead', attempts: 8, last_error: 'gave up after 8 attempts: SERVER: 503' });
    await store.close();
  });

  it('store – each delivery keeps its follow mode (null without one) on every read', async () => {
    const store = await open();
    const targets = [{ channel: 'a', follow: 'edit' as const }, { channel: 'b', follow: 'thread' as const }, { channel: 'c' }];
    await store.ingest({ event: sampleEvent(), targets, dedupeUntil: T0 + DAY, now: T0 });
    const [a, b, c] = [(await store.head('a'))!, (await store.head('b'))!, (await store.head('c'))!];
    expect([a.follow, b.follow, c.follow]).toEqual(['edit', 'thread', null]);
    expect((await store.delivery(b.id))?.follow).toBe('thread');
    expect((await store.deliveries({})).map((d) => [d.channel, d.follow])).toEqual([
      ['a', 'edit'],
      ['b', 'thread'],
      ['c', null],
    ]);
    await store.close();
  });

  it('store – a delivery of a released stream keeps the follow mode of its target', async () => {
    const store = await open();
    const compose = () => ({ event: sampleEvent({ id: 'evt_end' }), targets: [{ channel: 'a', follow: 'thread' as const }, { channel: 'b' }] });
    await store.endStream({ event: sampleEvent({ id: 'evt_end' }), dedupeUntil: T0 + DAY, now: T0, streamId: 's1', releaseAt: T0 + 1000, compose });
    expect((await store.head('a'))?.follow).toBe('thread');
    expect((await store.head('b'))?.follow).toBeNull();
    await store.close();
  });

  it('store – markSent with a job records its message; a later one replaces the reference and keeps the start', async () => {
    const store = await open();
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toBeUndefined();
    await store.ingest({ event: sampleEvent({ id: 'e1' }), targets: [{ channel: 'a', follow: 'edit' }], dedupeUntil: T0 + DAY, now: T0 });
    await store.ingest({ event: sampleEvent({ id: 'e2' }), targets: [{ channel: 'a', follow: 'edit' }], dedupeUntil: T0 + DAY, now: T0 + 1 });
    const [first, second] = await store.deliveries({ channel: 'a' });
    await store.markSent(first!.id, T0 + 10, undefined, jobOf('1.0'));
    expect(await store.delivery(first!.id)).toMatchObject({ status: 'sent', updated_at: T0 + 10 });
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toEqual(jobOf('1.0'));
    // The message was deleted and posted again: a new reference, the job's start unchanged.
    await store.markSent(second!.id, T0 + 20, undefined, jobOf('2.0', T0 + 15));
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toEqual(jobOf('2.0', T0));
    // Another channel, correlation id or source is another job message.
    expect(await store.jobMessage('wpllm', 'job-1', 'b')).toBeUndefined();
    expect(await store.jobMessage('wpllm', 'job-2', 'a')).toBeUndefined();
    expect(await store.jobMessage('other', 'job-1', 'a')).toBeUndefined();
    await store.close();
  });

  it('store – a markSent that changes nothing (delivery already sent or dead, or unknown) records no job message', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }, { channel: 'b' }], dedupeUntil: T0 + DAY, now: T0 });
    const [a, b] = [(await store.head('a'))!, (await store.head('b'))!];
    await store.markDead(a.id, 'GONE: 404', T0 + 1);
    await store.markSent(a.id, T0 + 2, undefined, jobOf('1.0'));
    await store.markSent(9999, T0 + 2, undefined, jobOf('1.0'));
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toBeUndefined();
    expect((await store.delivery(a.id))?.status).toBe('dead');
    await store.markSent(b.id, T0 + 3);
    await store.markSent(b.id, T0 + 4, undefined, { ...jobOf('2.0'), channel: 'b' });
    expect(await store.jobMessage('wpllm', 'job-1', 'b')).toBeUndefined();
    expect(await store.delivery(b.id)).toMatchObject({ status: 'sent', updated_at: T0 + 3 });
    await store.close();
  });

  it('store – prune forgets job messages not updated within the window', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent(), targets: [{ channel: 'a' }, { channel: 'b' }], dedupeUntil: T0 + DAY, now: T0 });
    const [a, b] = [(await store.head('a'))!, (await store.head('b'))!];
    await store.markSent(a.id, T0 + 1, undefined, jobOf('1.0'));
    await store.markSent(b.id, T0 + DAY, undefined, { ...jobOf('2.0'), channel: 'b' });
    await store.prune(T0 + DAY, T0 + 2);
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toBeUndefined();
    expect(await store.jobMessage('wpllm', 'job-1', 'b')).toMatchObject({ ref: { channel: 'C1', ts: '2.0' }, startedAt: T0 });
    await store.close();
  });

  it('store – stream chunks join in index order; repeated indexes are ignored', async () => {
    const store = await open();
    const chunk = (index: number, text: string) => store.addChunk({ source: 'parrot', streamId: 's1', index, text, expiresAt: T0 + DAY });
    await chunk(2, 'world');
    await chunk(0, 'Hello');
    await chunk(1, ', ');
    await chunk(1, 'DUPLICATE');
    expect((await store.streamChunks('parrot', 's1')).map((c) => c.text).join('')).toBe('Hello, world');
    expect(await store.streamChunks('parrot', 'other')).toEqual([]);
    await store.close();
  });

  it('store – prune forgets expired dedupe entries and old sent deliveries, never pending ones', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent({ id: 'old' }), targets: [{ channel: 'a' }], dedupeUntil: T0 + 10, now: T0 });
    await store.ingest({ event: sampleEvent({ id: 'pending' }), targets: [{ channel: 'b' }], dedupeUntil: T0 + 10, now: T0 });
    await store.markSent((await store.head('a'))!.id, T0 + 1);
    await store.prune(T0 + 20, T0 + 20);
    expect(await store.deliveries({ status: 'sent' })).toEqual([]);
    expect(await store.head('b')).toBeDefined();
    expect((await store.ingest({ event: sampleEvent({ id: 'old' }), targets: [], dedupeUntil: T0 + 99, now: T0 + 21 })).duplicate).toBe(false);
    await store.close();
  });

  it('store – renderable gives the normalized event without data, for events stored with or without their raw body', async () => {
    const store = await open();
    const raw = Buffer.from('{"id":"evt_raw","secret_ip":"10.0.0.1"}');
    await store.ingest({ event: sampleEvent({ id: 'evt_raw', data: { secret_ip: '10.0.0.1' } }), raw, targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    await store.ingest({ event: sampleEvent({ id: 'evt_bare', data: { secret_ip: '10.0.0.2' } }), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    const [first, second] = await store.deliveries({ channel: 'a' });
    const withRaw = await store.renderable(first!.event_key);
    const bare = await store.renderable(second!.event_key);
    expect(withRaw).toMatchObject({ id: 'evt_raw', title: 'Code generation completed' });
    expect(bare).toMatchObject({ id: 'evt_bare', title: 'Code generation completed' });
    expect(withRaw!.data).toBeUndefined();
    expect(bare!.data).toBeUndefined();
    expect(await store.renderable(9999)).toBeUndefined();
    await store.close();
  });

  it('store – a closed store rejects writes', async () => {
    const store = await open();
    await store.close();
    await expect(store.ingest({ event: sampleEvent(), targets: [], dedupeUntil: T0, now: T0 })).rejects.toThrow();
    expect(await store.writable()).toBe(false);
  });
});

describe('sqlite store', () => {
  it('sqlite – concurrent ingests are committed together and all survive a reopen', async () => {
    const path = tempDb();
    const store = SqliteStore.open({ path, sync: 'full' });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.ingest({ event: sampleEvent({ id: `e${i}` }), targets: [{ channel: `c${i % 5}` }], dedupeUntil: T0 + DAY, now: T0 })),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    // The same id twice in one batch: the second is a duplicate.
    const [a, b] = await Promise.all([
      store.ingest({ event: sampleEvent({ id: 'twin' }), targets: [{ channel: 'x' }], dedupeUntil: T0 + DAY, now: T0 }),
      store.ingest({ event: sampleEvent({ id: 'twin' }), targets: [{ channel: 'x' }], dedupeUntil: T0 + DAY, now: T0 }),
    ]);
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    await store.close();
    const reopened = SqliteStore.open({ path, sync: 'full' });
    const depth = await reopened.queueDepth();
    expect(Object.values(depth).reduce((x, y) => x + y, 0)).toBe(201);
    await reopened.close();
  });

  it('sqlite – a file that is not a database is reported as unavailable', async () => {
    const path = tempDb();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    expect(() => SqliteStore.open({ path, sync: 'full' })).toThrow(StoreUnavailableError);
  });
});

const durable: [string, () => Promise<Store>][] = [
  ['sqlite', async () => SqliteStore.open({ path: tempDb(), sync: 'normal' })],
  stores.find(([name]) => name === 'postgres')!,
];

describe.each(durable)('%s events', (_name, open) => {
  it('events – an event stored with its raw body gives that body back as data', async () => {
    const store = await open();
    const raw = Buffer.from('{"id":"evt_raw","type":"x",  "data":{"n":1}}');
    const result = await store.ingest({ event: sampleEvent({ id: 'evt_raw', data: { stale: true } }), raw, targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    expect(result.duplicate).toBe(false);
    const [stored] = await store.eventsById('evt_raw');
    expect(stored!.event.data).toEqual({ id: 'evt_raw', type: 'x', data: { n: 1 } });
    expect(stored!.event.title).toBe('Code generation completed');
    await store.close();
  });

  it('events – renderable reads the normalized event only: a raw body it cannot parse does not matter', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent({ id: 'evt_odd' }), raw: Buffer.from('not json at all'), targets: [{ channel: 'a' }], dedupeUntil: T0 + DAY, now: T0 });
    const head = (await store.head('a'))!;
    expect((await store.renderable(head.event_key))?.id).toBe('evt_odd');
    await expect(store.event(head.event_key)).rejects.toThrow(SyntaxError);
    await store.close();
  });

  it('events – prune keeps an old event while its dedupe entry is in force', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent({ id: 'kept' }), targets: [], dedupeUntil: T0 + 3 * DAY, now: T0 });
    await store.prune(T0 + 2 * DAY, T0 + DAY);
    expect(await store.eventsById('kept')).toHaveLength(1);
    expect(await store.ingest({ event: sampleEvent({ id: 'kept' }), targets: [], dedupeUntil: T0 + 5 * DAY, now: T0 + 2 * DAY })).toEqual({ duplicate: true });
    await store.prune(T0 + 4 * DAY, T0 + 3 * DAY);
    expect(await store.eventsById('kept')).toEqual([]);
    await store.close();
  });

  it('events – prune drops old events only once no delivery refers to them', async () => {
    const store = await open();
    await store.ingest({ event: sampleEvent({ id: 'old-sent' }), targets: [{ channel: 'a' }], dedupeUntil: T0 + 1, now: T0 });
    await store.ingest({ event: sampleEvent({ id: 'old-dead' }), targets: [{ channel: 'b' }], dedupeUntil: T0 + 1, now: T0 });
    await store.ingest({ event: sampleEvent({ id: 'new' }), targets: [], dedupeUntil: T0 + DAY, now: T0 + DAY });
    await store.markSent((await store.head('a'))!.id, T0 + 1);
    await store.markDead((await store.head('b'))!.id, 'GONE', T0 + 1);
    await store.prune(T0 + DAY, T0 + DAY / 2);
    expect(await store.eventsById('old-sent')).toEqual([]);
    expect(await store.eventsById('old-dead')).toHaveLength(1);
    expect(await store.eventsById('new')).toHaveLength(1);
    await store.close();
  });
});
