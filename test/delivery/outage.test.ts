import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROBE_INTERVAL_MS } from '../../src/delivery/breaker.js';
import { workerHarness, type SentRecord } from './worker-harness.js';

const T0 = 1_700_000_000_000;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const S = 1000;
const gaps = (rs: SentRecord[]) => rs.slice(1).map((r, i) => r.at - rs[i]!.at);

describe('outages', () => {
  it('outage – one channel down 3 minutes with 100 queued: only its head is tried, probed every 30 s, then all drain at the channel pace; the other channel is unaffected', async () => {
    const h = workerHarness(['down', 'other'], {}, { count: 10, perMs: 1000 });
    h.setDown('down', true);
    await h.worker.start();
    await h.enqueue('down', 100);
    for (let t = 0; t < 180; t += 10) {
      await h.enqueue('other', 1);
      await vi.advanceTimersByTimeAsync(10 * S);
    }
    // The other channel: every event went out within its 10 s slot, while the outage went on.
    expect(h.sent.filter((r) => r.channel === 'other')).toHaveLength(18);
    const failed = h.sent.filter((r) => r.channel === 'down');
    expect(new Set(failed.map((r) => r.eventId))).toEqual(new Set(['e1']));
    // Backoff first (0.75, 1.5, 3, 6, 12, 24 s with the harness's mid-range jitter), then one probe per 30 s.
    expect(gaps(failed).slice(0, 5)).toEqual([750, 1500, 3000, 6000, 12_000]);
    for (const gap of gaps(failed)) expect(gap).toBeLessThanOrEqual(PROBE_INTERVAL_MS);
    for (const gap of gaps(failed).slice(6)) expect(gap).toBe(PROBE_INTERVAL_MS);

    h.setDown('down', false);
    const recoveredAt = Date.now();
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS + 11 * S);
    const delivered = h.sent.filter((r) => r.channel === 'down').slice(failed.length);
    expect(delivered.map((r) => r.eventId)).toEqual(Array.from({ length: 100 }, (_, i) => `e${i + 1}`));
    // Noticed at the next probe (≤ 30 s), then 100 at 10/s: no delivery waited for its own backoff.
    expect(delivered[0]!.at - recoveredAt).toBeLessThanOrEqual(PROBE_INTERVAL_MS);
    expect(delivered.at(-1)!.at - delivered[0]!.at).toBeLessThan(10_500);
    expect(await h.store.deliveries({ status: 'dead' })).toEqual([]);
    const [first] = await h.store.deliveries({ channel: 'down', limit: 1 });
    expect(first).toMatchObject({ status: 'sent', attempts: failed.length });
    expect(h.logs.find((l) => l.msg === 'delivered' && l.event_id === 'e1')).toMatchObject({ attempts: failed.length });
  });

  it('outage – channels sharing a destination get one probe per 30 s between them, and when one succeeds both queues drain at once', async () => {
    const h = workerHarness(['a', 'b'], {}, undefined, { destinations: { a: 'hook', b: 'hook' } });
    h.setDown('hook', true);
    await h.worker.start();
    await h.enqueue('a', 3);
    await h.enqueue('b', 3);
    await vi.advanceTimersByTimeAsync(60 * S);
    const opened = h.logs.find((l) => l.msg === 'destination keeps failing: circuit open, probing it');
    expect(opened).toMatchObject({ probe_every_ms: PROBE_INTERVAL_MS });
    // Which channel carried the last probe depends on the order the two were tried; the
    // other's own schedule says "now", but the open circuit holds it for the next probe.
    // Both heads back off past the next probe; the open circuit, not their schedules, says
    // when the destination is tried again.
    const heads = [(await h.store.head('a'))!, (await h.store.head('b'))!];
    const laterHead = heads.reduce((x, y) => (x.next_attempt_at >= y.next_attempt_at ? x : y));
    expect(laterHead.next_attempt_at).toBeGreaterThan(Date.now() + PROBE_INTERVAL_MS);
    h.setDown('hook', false);
    const before = h.sent.length;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    const after = h.sent.slice(before);
    expect(after.map((r) => `${r.channel}:${r.eventId}`).sort()).toEqual(['a:e1', 'a:e2', 'a:e3', 'b:e4', 'b:e5', 'b:e6']);
    // The probe did not wait for its head's own next attempt; then everything went at once.
    expect(after[0]!.at).toBeLessThan(laterHead.next_attempt_at);
    expect(after.at(-1)!.at - after[0]!.at).toBeLessThan(100);
    // While the circuit was open, the destination saw one request per 30 s, not one per
    // channel, up to and including the probe that found it healthy. (Requests started
    // together with the one whose failure opened it are not counted.)
    const openSends = [...h.sent.slice(0, before).filter((r) => r.at > (opened!.time as number)), after[0]!];
    expect(after[0]!.at - (opened!.time as number)).toBeGreaterThanOrEqual(PROBE_INTERVAL_MS);
    for (const gap of gaps(openSends)) expect(gap).toBeGreaterThanOrEqual(PROBE_INTERVAL_MS);
  });

  it('outage – a success on a destination ends the backoff of the deliveries waiting on it', async () => {
    const h = workerHarness(['a', 'b'], {}, undefined, { destinations: { a: 'hook', b: 'hook' } });
    h.setDown('hook', true);
    await h.worker.start();
    await h.enqueue('b', 2);
    await vi.advanceTimersByTimeAsync(12 * S);
    const bHead = (await h.store.head('b'))!;
    expect(bHead.next_attempt_at - Date.now()).toBeGreaterThan(5 * S);
    h.setDown('hook', false);
    await h.enqueue('a', 1);
    await vi.advanceTimersByTimeAsync(100);
    // a's fresh delivery succeeded, so b's head went too, without waiting out its backoff.
    const recovered = h.sent.filter((r) => r.at >= Date.now() - 100);
    expect(recovered.map((r) => r.eventId)).toEqual(['e3', 'e1', 'e2']);
    expect(recovered.at(-1)!.at).toBeLessThan(bHead.next_attempt_at);
  });

  it('outage – past max_age while its destination keeps failing, a delivery is dead-lettered without another request, with the reason', async () => {
    const h = workerHarness(['a'], { max_age: 60 * S });
    h.setDown('a', true);
    await h.worker.start();
    await h.enqueue('a', 4);
    await vi.advanceTimersByTimeAsync(120 * S);
    expect(new Set(h.sent.map((r) => r.eventId))).toEqual(new Set(['e1']));
    const dead = await h.store.deliveries({ status: 'dead' });
    expect(dead.map((d) => d.event_id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(dead[0]!.attempts).toBe(h.sent.length);
    expect(dead[0]!.last_error).toMatch(/^max_age exceeded: the next attempt would fall more than 1m after the event was accepted; gave up after \d+ attempts: SERVER/);
    for (const d of dead.slice(1)) {
      expect(d.attempts).toBe(0);
      expect(d.last_error).toBe('max_age exceeded: still pending 1m after the event was accepted while its destination keeps failing');
    }
  });
});
