import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import type { Coordination, CoordinationHooks, HeldLease, LeaseCheck } from '../../src/store/coordination.js';
import { FencedOutError, type Fence, type Store } from '../../src/store/store.js';
import { workerHarness } from './worker-harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Leases granted by the test: `grant` decides what `acquire` gives; `published` records shared pauses. */
function scriptedCoordination() {
  const held = new Map<string, HeldLease>();
  const grants = new Map<string, HeldLease>();
  const asked: string[][] = [];
  const published: { scope: string; waitMs: number }[] = [];
  let hooks: CoordinationHooks | undefined;
  const coordination: Coordination = {
    leases: {
      check: (channel, now, _known): LeaseCheck => {
        const lease = held.get(channel);
        return lease ? { lease } : { askAt: now };
      },
      acquire: async (channels) => {
        asked.push([...channels]);
        for (const c of channels) {
          const grant = grants.get(c);
          if (grant) held.set(c, grant);
        }
      },
      idle: () => {},
    },
    pauses: { publish: (scope, waitMs) => void published.push({ scope, waitMs }) },
    start: async (h) => {
      hooks = h;
    },
    stop: async () => {},
  };
  return {
    coordination,
    asked,
    published,
    grant: (channel: string, token: number, handedOverAt?: number) => grants.set(channel, { channel, token, ...(handedOverAt !== undefined ? { handedOverAt } : {}) }),
    revoke: (channel: string) => {
      held.delete(channel);
      grants.delete(channel);
    },
    hooks: () => hooks!,
  };
}

describe('delivery worker under channel leases', () => {
  it('leases – a channel is sent only once its lease is held, and outcomes carry the lease token', async () => {
    const c = scriptedCoordination();
    const h = workerHarness(['a'], {}, undefined, { coordination: c.coordination });
    const fences: (Fence | undefined)[] = [];
    const store = h.store as Store;
    const markSent = store.markSent.bind(store);
    store.markSent = (id: number, now: number, fence?: Fence) => {
      fences.push(fence);
      return markSent(id, now, fence);
    };
    await h.worker.start();
    await h.enqueue('a', 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent).toEqual([]);
    expect(c.asked.flat()).toContain('a');
    c.grant('a', 7);
    c.hooks().onWork(['a']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent.map((s) => s.eventId)).toEqual(['e1', 'e2']);
    expect(fences).toEqual([{ channel: 'a', token: 7 }, { channel: 'a', token: 7 }]);
  });

  it('leases – an outcome refused because the lease moved on is dropped, not retried, and holds no other channel', async () => {
    const c = scriptedCoordination();
    c.grant('a', 1);
    c.grant('b', 1);
    const h = workerHarness(['a', 'b'], {}, undefined, { coordination: c.coordination });
    let refusals = 0;
    const store = h.store as Store;
    const markSent = store.markSent.bind(store);
    store.markSent = async (id: number, now: number, fence?: Fence) => {
      if (fence?.channel === 'a') {
        refusals++;
        c.revoke('a');
        throw new FencedOutError(fence);
      }
      return markSent(id, now, fence);
    };
    await h.worker.start();
    await h.enqueue('a', 1);
    await h.enqueue('b', 3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(refusals).toBe(1);
    expect(h.sent.filter((s) => s.channel === 'b')).toHaveLength(3);
    // The delivery stays pending for the lease's new holder; this process does not send it again.
    expect(h.sent.filter((s) => s.channel === 'a')).toHaveLength(1);
    expect((await h.store.head('a'))?.status).toBe('pending');
    expect(h.logs.some((l) => String(l.msg).includes('lease lost'))).toBe(true);
  });

  it('leases – a channel taken over from another process waits out the pace window of its last sends', async () => {
    const c = scriptedCoordination();
    const h = workerHarness(['a'], {}, { count: 1, perMs: 10_000 }, { coordination: c.coordination });
    c.grant('a', 2, Date.now());
    await h.worker.start();
    await h.enqueue('a', 1);
    await vi.advanceTimersByTimeAsync(9000);
    expect(h.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.sent).toHaveLength(1);
  });

  it('leases – a 429 pause is shared with the other processes, and theirs are honoured here', async () => {
    const c = scriptedCoordination();
    c.grant('a', 1);
    c.grant('b', 1);
    const h = workerHarness(['a', 'b'], {}, undefined, { coordination: c.coordination });
    h.script('a', new DeliveryError('RATE_LIMITED', 'fake answered 429', { retryAfterMs: 3000, status: 429 }));
    await h.worker.start();
    await h.enqueue('a', 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(c.published).toEqual([{ scope: 'fake:a', waitMs: 3000 }]);
    // Another process paused b's destination for 5 s.
    c.hooks().onPause('fake:b', 5000);
    await h.enqueue('b', 1);
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.sent.filter((s) => s.channel === 'b')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(h.sent.filter((s) => s.channel === 'b')).toHaveLength(1);
  });
});
