import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { BREAKER_THRESHOLD } from '../../src/delivery/breaker.js';
import { workerHarness } from './worker-harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const rateLimited = (ms: number, scope?: string) => new DeliveryError('RATE_LIMITED', 'fake answered 429', { retryAfterMs: ms, status: 429, ...(scope ? { scope } : {}) });
const serverError = () => new DeliveryError('SERVER', 'fake answered 503', { status: 503 });

describe('delivery worker', () => {
  it('worker – sends each channel in acceptance order, one at a time', async () => {
    const h = workerHarness(['a', 'b']);
    h.setSendDelay(20);
    await h.worker.start();
    await h.enqueue('a', 5);
    await h.enqueue('b', 5);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.sent.filter((s) => s.channel === 'a').map((s) => s.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(h.sent.filter((s) => s.channel === 'b').map((s) => s.eventId)).toEqual(['e6', 'e7', 'e8', 'e9', 'e10']);
    expect(h.maxInFlightPerChannel).toBe(1);
    expect(h.maxInFlightTotal).toBe(2);
    expect(await h.store.deliveries({ status: 'sent' })).toHaveLength(10);
  });

  it('worker – an event routed to several channels is read from the store once and sent to each', async () => {
    const h = workerHarness(['a', 'b', 'c']);
    h.setSendDelay(20);
    await h.worker.start();
    await h.fanOut(['a', 'b', 'c'], 4);
    await vi.advanceTimersByTimeAsync(2000);
    for (const channel of ['a', 'b', 'c']) {
      expect(h.sent.filter((s) => s.channel === channel).map((s) => s.eventId)).toEqual(['e1', 'e2', 'e3', 'e4']);
    }
    expect(h.flaky.calls.renderable).toBe(4);
  });

  it('worker – an event that cannot be read holds the delivery and is read again, not dead-lettered', async () => {
    const h = workerHarness(['a', 'b']);
    h.flaky.failNext('renderable', 1);
    await h.worker.start();
    await h.fanOut(['a', 'b']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.sent.map((s) => s.channel).sort()).toEqual(['a', 'b']);
    expect(await h.store.deliveries({ status: 'sent' })).toHaveLength(2);
    expect(h.flaky.calls.renderable).toBe(2);
  });

  it('worker – global concurrency caps sends across channels', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const h = workerHarness(names, { concurrency: 3 });
    h.setSendDelay(50);
    await h.worker.start();
    for (const n of names) await h.enqueue(n, 2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.sent).toHaveLength(20);
    expect(h.maxInFlightTotal).toBe(3);
  });

  it('worker – a 429 with Retry-After 2 s is retried once, no earlier than 2 s later, without using an attempt', async () => {
    const h = workerHarness(['a'], { max_attempts: 1 });
    h.script('a', rateLimited(2000));
    await h.worker.start();
    await h.enqueue('a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sent).toHaveLength(2);
    expect(h.sent[1]!.at - h.sent[0]!.at).toBeGreaterThanOrEqual(2000);
    const [d] = await h.store.deliveries({});
    expect(d).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('worker – a rate-limited channel does not delay another channel', async () => {
    const h = workerHarness(['slow', 'fast']);
    h.script('slow', rateLimited(10_000));
    await h.worker.start();
    await h.enqueue('slow', 2);
    await h.enqueue('fast', 3);
    await vi.advanceTimersByTimeAsync(500);
    expect(h.sent.filter((s) => s.channel === 'fast')).toHaveLength(3);
    expect(h.sent.filter((s) => s.channel === 'slow')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(h.sent.filter((s) => s.channel === 'slow').map((s) => s.eventId)).toEqual(['e1', 'e1', 'e2']);
  });

  it('worker – a global-scope 429 pauses every channel that shares the scope', async () => {
    const h = workerHarness(['a', 'b']);
    h.script('a', rateLimited(3000, 'fake:global'));
    await h.worker.start();
    await h.enqueue('a');
    await vi.advanceTimersByTimeAsync(10);
    await h.enqueue('b');
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.sent.filter((s) => s.channel === 'b')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1500);
    expect(h.sent.filter((s) => s.channel === 'b')).toHaveLength(1);
  });

  it('worker – transient failures back off and dead-letter after max_attempts with the reason', async () => {
    const h = workerHarness(['a'], { max_attempts: 3 });
    h.script('a', serverError(), serverError(), serverError(), serverError());
    await h.worker.start();
    await h.enqueue('a');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sent).toHaveLength(3);
    const [d] = await h.store.deliveries({});
    expect(d).toMatchObject({ status: 'dead', attempts: 3 });
    expect(d!.last_error).toMatch(/gave up after 3 attempts: SERVER: fake answered 503/);
    // Backoff grows: the gaps are not all equal and never zero.
    expect(h.sent[1]!.at - h.sent[0]!.at).toBeGreaterThan(0);
  });

  it('worker – a permanent failure is dead-lettered after exactly one request, and the queue moves on', async () => {
    const h = workerHarness(['a']);
    h.script('a', new DeliveryError('GONE', 'fake answered 404', { status: 404 }));
    await h.worker.start();
    await h.enqueue('a', 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent.map((s) => s.eventId)).toEqual(['e1', 'e2']);
    const dead = await h.store.deliveries({ status: 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]!.last_error).toBe('GONE: fake answered 404');
    expect((await h.metrics.deadLetters.get()).values).toEqual([{ labels: { channel: 'a', platform: 'fake' }, value: 1 }]);
  });

  it('worker – a delivery older than max_age is dead-lettered instead of retried', async () => {
    const h = workerHarness(['a'], { max_age: 5000, max_attempts: 100 });
    for (let i = 0; i < 50; i++) h.script('a', serverError());
    await h.worker.start();
    await h.enqueue('a');
    await vi.advanceTimersByTimeAsync(60_000);
    const [d] = await h.store.deliveries({});
    expect(d!.status).toBe('dead');
    expect(d!.last_error).toMatch(/max_age exceeded/);
  });

  it('worker – a paced channel never exceeds its rate', async () => {
    const h = workerHarness(['a'], {}, { count: 2, perMs: 1000 });
    await h.worker.start();
    await h.enqueue('a', 10);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sent).toHaveLength(10);
    for (let i = 2; i < h.sent.length; i++) expect(h.sent[i]!.at - h.sent[i - 2]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('worker – a success asking for a pause (Remaining: 0) holds the next send', async () => {
    const h = workerHarness(['a']);
    h.script('a', () => ({ pauses: [{ scope: 'fake:a', waitMs: 1500 }] }));
    await h.worker.start();
    await h.enqueue('a', 2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.sent).toHaveLength(2);
    expect(h.sent[1]!.at - h.sent[0]!.at).toBeGreaterThanOrEqual(1500);
  });

  it(`worker – after ${BREAKER_THRESHOLD} failures in a row the destination is paused, then probed`, async () => {
    const h = workerHarness(['a'], { max_attempts: 1 });
    for (let i = 0; i < 40; i++) h.script('a', serverError());
    await h.worker.start();
    await h.enqueue('a', 40);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.sent).toHaveLength(BREAKER_THRESHOLD);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.sent).toHaveLength(BREAKER_THRESHOLD + 1);
  });

  it('worker – stop waits for the in-flight send and starts no other', async () => {
    const h = workerHarness(['a']);
    h.setSendDelay(1000);
    await h.worker.start();
    await h.enqueue('a', 3);
    await vi.advanceTimersByTimeAsync(10);
    const stopped = h.worker.stop(5000);
    await vi.advanceTimersByTimeAsync(2000);
    await stopped;
    expect(h.sent).toHaveLength(1);
    expect(await h.store.queueDepth()).toEqual({ a: 2 });
  });

  it('worker – deliveries for a channel removed from the config are dead-lettered with the reason', async () => {
    const h = workerHarness(['a']);
    await h.store.ingest({ event: (await import('../helpers/event.js')).sampleEvent({ id: 'x' }), targets: [{ channel: 'gone' }], dedupeUntil: Date.now() + 1e9, now: Date.now() });
    await h.worker.start();
    await vi.advanceTimersByTimeAsync(100);
    const [d] = await h.store.deliveries({ status: 'dead' });
    expect(d!.last_error).toBe('channel "gone" is not in the config');
  });
});
