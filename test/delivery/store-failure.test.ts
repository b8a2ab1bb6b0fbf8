import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { workerHarness } from './worker-harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const RECORD_FAILED = 'could not record the delivery outcome: retrying; no send starts until it is recorded';
const serverError = () => new DeliveryError('SERVER', 'fake answered 503', { status: 503 });
const ids = (h: ReturnType<typeof workerHarness>) => h.sent.map((r) => r.eventId);

describe('store failures', () => {
  it('store failure – markSent fails 3 times: one send, the write is retried until it lands, then the channel continues', async () => {
    const h = workerHarness(['a']);
    h.flaky.failNext('markSent', 3);
    await h.worker.start();
    await h.enqueue('a', 3);
    await vi.advanceTimersByTimeAsync(100);
    expect(ids(h)).toEqual(['e1']);
    expect((await h.store.head('a'))!.event_id).toBe('e1'); // still pending in the store: only memory knows it was sent
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ids(h)).toEqual(['e1', 'e2', 'e3']);
    expect((await h.store.deliveries({ status: 'sent' })).map((d) => d.event_id)).toEqual(['e1', 'e2', 'e3']);
    expect(h.flaky.calls.markSent).toBe(6);
    const failures = h.logs.filter((l) => l.msg === RECORD_FAILED);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({ outcome: 'sent', event_id: 'e1', err: 'store unavailable: SQLITE_FULL' });
    expect(h.logs.find((l) => l.msg === 'delivery outcome recorded')).toMatchObject({ event_id: 'e1', tries: 4 });
  });

  it('store failure – while an outcome is unwritten no channel starts a send', async () => {
    const h = workerHarness(['a', 'b']);
    h.flaky.failNext('markSent', 4);
    await h.worker.start();
    await h.enqueue('a', 1);
    await vi.advanceTimersByTimeAsync(10);
    await h.enqueue('b', 1);
    await vi.advanceTimersByTimeAsync(200);
    expect(ids(h)).toEqual(['e1']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ids(h)).toEqual(['e1', 'e2']);
  });

  it('store failure – a markRetry that cannot be written holds the channel: no extra request until it is', async () => {
    const h = workerHarness(['a']);
    h.script('a', serverError());
    h.flaky.failNext('markRetry', 4);
    await h.worker.start();
    await h.enqueue('a', 2);
    // The backoff (0.75 s) ends long before the write lands (after four failed tries).
    await vi.advanceTimersByTimeAsync(1500);
    expect(ids(h)).toEqual(['e1']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ids(h)).toEqual(['e1', 'e1', 'e2']);
    const recorded = h.logs.find((l) => l.msg === 'delivery outcome recorded')!;
    expect(h.sent[1]!.at).toBeGreaterThanOrEqual(recorded.time as number);
    expect((await h.store.deliveries({ channel: 'a', limit: 1 }))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('store failure – a markDead that cannot be written is not followed by another request for that delivery', async () => {
    const h = workerHarness(['a']);
    h.script('a', new DeliveryError('GONE', 'fake answered 404', { status: 404 }));
    h.flaky.failNext('markDead', 3);
    await h.worker.start();
    await h.enqueue('a', 2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ids(h)).toEqual(['e1', 'e2']);
    const [dead] = await h.store.deliveries({ status: 'dead' });
    expect(dead).toMatchObject({ event_id: 'e1', attempts: 1, last_error: 'GONE: fake answered 404' });
  });

  it('store failure – a worker that cannot read its store backs off and logs, never spins, and resumes when it can', async () => {
    const h = workerHarness(['a']);
    await h.worker.start();
    h.flaky.failNext('head', Infinity);
    await h.enqueue('a', 1);
    await vi.advanceTimersByTimeAsync(120_000);
    // 0.5, 1, 2, 4, 8, 16, then every ~30 s: a handful of reads in two minutes, each logged.
    const reads = h.flaky.calls.head!;
    expect(reads).toBeGreaterThan(3);
    expect(reads).toBeLessThan(15);
    expect(h.logs.filter((l) => l.msg === 'could not read the store: deliveries wait')).toHaveLength(reads);
    expect(h.sent).toEqual([]);
    h.flaky.heal('head');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(ids(h)).toEqual(['e1']);
    expect(h.logs.some((l) => l.msg === 'store readable again: deliveries resume')).toBe(true);
  });

  it('store failure – stop gives up on an outcome it cannot write: the delivery stays pending for the next start', async () => {
    const h = workerHarness(['a']);
    h.flaky.failNext('markSent', Infinity);
    await h.worker.start();
    await h.enqueue('a', 2);
    await vi.advanceTimersByTimeAsync(1000);
    const stopped = h.worker.stop(2000);
    await vi.advanceTimersByTimeAsync(3000);
    await stopped;
    expect(ids(h)).toEqual(['e1']);
    expect(await h.store.queueDepth()).toEqual({ a: 2 });
    expect(h.logs.some((l) => l.msg === 'could not record the delivery outcome before exit: the delivery stays pending')).toBe(true);
  });
});
