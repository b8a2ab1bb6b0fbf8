import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { backoffMs, backoffRangeMs, DEFAULT_BACKOFF_MAX_MS } from '../../src/delivery/backoff.js';
import { afterFailure, afterRateLimit, type RetryPolicy } from '../../src/delivery/outcome.js';
import type { Delivery } from '../../src/store/store.js';

const T0 = 1_700_000_000_000;
const S = 1000;
const serverError = (retryAfterMs?: number) => new DeliveryError('SERVER', 'fake answered 500', { status: 500, ...(retryAfterMs ? { retryAfterMs } : {}) });
const DEFAULTS: RetryPolicy = { max_attempts: Infinity, max_age: 24 * 3600 * S, backoff_max: DEFAULT_BACKOFF_MAX_MS };

function delivery(attempts: number): Delivery {
  return {
    id: 1, event_key: 1, event_id: 'e1', source: 'wpllm', channel: 'a', status: 'pending', attempts,
    next_attempt_at: T0, created_at: T0, updated_at: T0, last_error: null, mention: null, follow: null,
  };
}

describe('retry schedule', () => {
  // The table README "Delivery guarantees" shows: after n failed attempts, the next waits this long.
  it.each([
    [1, 0.5, 1],
    [2, 1, 2],
    [3, 2, 4],
    [4, 4, 8],
    [5, 8, 16],
    [6, 16, 32],
    [7, 32, 64],
    [8, 64, 128],
    [9, 128, 256],
    [10, 150, 300],
    [1000, 150, 300],
  ])('backoff – after %i failed attempts the wait is %s–%s s with the default backoff_max', (attempt, minS, maxS) => {
    expect(backoffRangeMs(attempt, DEFAULT_BACKOFF_MAX_MS)).toEqual({ minMs: minS * S, maxMs: maxS * S });
    expect(backoffMs(attempt, DEFAULT_BACKOFF_MAX_MS, () => 0)).toBe(minS * S);
    expect(backoffMs(attempt, DEFAULT_BACKOFF_MAX_MS, () => 0.9999999)).toBe(maxS * S);
  });

  it('backoff – backoff_max caps every wait, jitter and all', () => {
    for (let attempt = 1; attempt < 60; attempt++) {
      for (const r of [0, 0.3, 0.7, 0.9999999]) expect(backoffMs(attempt, 2 * S, () => r)).toBeLessThanOrEqual(2 * S);
    }
    expect(backoffRangeMs(2, 2 * S)).toEqual({ minMs: 1 * S, maxMs: 2 * S });
    expect(backoffRangeMs(30, 2 * S)).toEqual({ minMs: 1 * S, maxMs: 2 * S });
  });

  it('schedule – a transient failure counts one attempt and schedules the next try from the table', () => {
    const outcome = afterFailure(delivery(2), serverError(), DEFAULTS, T0 + 10 * S, () => 0);
    expect(outcome).toEqual({ kind: 'retry', attempts: 3, nextAttemptAt: T0 + 10 * S + 2 * S, reason: 'SERVER: fake answered 500', at: T0 + 10 * S });
  });

  it('schedule – a Retry-After longer than the backoff is honoured', () => {
    const outcome = afterFailure(delivery(0), serverError(45 * S), DEFAULTS, T0, () => 0);
    expect(outcome).toMatchObject({ kind: 'retry', attempts: 1, nextAttemptAt: T0 + 45 * S });
  });

  it('schedule – unlimited attempts: the 10,000th failure is still retried inside max_age', () => {
    const outcome = afterFailure(delivery(9999), serverError(), { ...DEFAULTS, max_age: 365 * 86_400 * S }, T0 + S, () => 0.5);
    expect(outcome).toMatchObject({ kind: 'retry', attempts: 10_000 });
  });

  it('schedule – max_attempts: 8 dead-letters the 8th failed attempt, saying so', () => {
    expect(afterFailure(delivery(6), serverError(), { ...DEFAULTS, max_attempts: 8 }, T0, () => 0)).toMatchObject({ kind: 'retry', attempts: 7 });
    expect(afterFailure(delivery(7), serverError(), { ...DEFAULTS, max_attempts: 8 }, T0, () => 0)).toEqual({
      kind: 'dead', attempts: 8, reason: 'gave up after 8 attempts: SERVER: fake answered 500', at: T0,
    });
  });

  it('schedule – max_age boundary: a next try at the deadline is kept, one a millisecond later is a dead letter', () => {
    const policy = { ...DEFAULTS, max_age: 60 * S };
    // attempt 1 → the draw with random 0 is exactly 500 ms.
    expect(afterFailure(delivery(0), serverError(), policy, T0 + 59_500, () => 0)).toMatchObject({ kind: 'retry', nextAttemptAt: T0 + 60 * S });
    const dead = afterFailure(delivery(0), serverError(), policy, T0 + 59_501, () => 0);
    expect(dead).toMatchObject({ kind: 'dead', attempts: 1 });
    expect(dead.kind === 'dead' && dead.reason).toBe(
      'max_age exceeded: the next attempt would fall more than 1m after the event was accepted; gave up after 1 attempt: SERVER: fake answered 500',
    );
  });

  it('schedule – a permanent failure is one failed attempt and a dead letter at once', () => {
    const gone = new DeliveryError('GONE', 'slack answered 404: no_service', { status: 404 });
    expect(afterFailure(delivery(3), gone, DEFAULTS, T0, () => 0)).toEqual({ kind: 'dead', attempts: 4, reason: 'GONE: slack answered 404: no_service', at: T0 });
  });

  it('schedule – a rate limit postpones without counting an attempt, unless it outlasts max_age', () => {
    const limited = new DeliveryError('RATE_LIMITED', 'slack answered 429', { status: 429, retryAfterMs: 30 * S });
    const policy = { ...DEFAULTS, max_age: 60 * S };
    expect(afterRateLimit(delivery(2), limited, T0 + 50 * S, policy, T0 + 20 * S)).toEqual({
      kind: 'postpone', nextAttemptAt: T0 + 50 * S, reason: 'RATE_LIMITED: slack answered 429', at: T0 + 20 * S,
    });
    const dead = afterRateLimit(delivery(2), limited, T0 + 61 * S, policy, T0 + 31 * S);
    expect(dead).toMatchObject({ kind: 'dead' });
    expect(dead).not.toHaveProperty('attempts');
    expect(dead.kind === 'dead' && dead.reason).toMatch(/^max_age exceeded: the rate limit lasts beyond 1m/);
  });
});
