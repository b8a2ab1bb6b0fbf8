import type { DeliveryError } from './delivery-error.js';
import { formatDuration } from '../config/duration.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Delivery, Fence, JobMessage, Queue } from '../store/store.js';
import { backoffMs } from './backoff.js';

/** What became of one request (or of a decision made without one), before it is written. */
export type Outcome =
  /** `job`: the job message this delivery posted or updated, recorded with "sent". */
  | { kind: 'sent'; at: number; job?: JobMessage; followed?: 'edited' | 'replied' | 'reposted' }
  | { kind: 'retry'; attempts: number; nextAttemptAt: number; reason: string; at: number }
  | { kind: 'postpone'; nextAttemptAt: number; reason: string; at: number }
  /** `attempts` is set when the decision followed a failed request. */
  | { kind: 'dead'; attempts?: number; reason: string; at: number };

export type RetryPolicy = Pick<HeraldConfig['delivery'], 'max_attempts' | 'max_age' | 'backoff_max'>;

/** The last moment a delivery may be tried: its event's acceptance + `max_age`. */
export function deadlineOf(delivery: Delivery, policy: RetryPolicy): number {
  return delivery.created_at + policy.max_age;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A request failed (anything but a rate limit). Permanent errors are dead letters at once;
 * a transient one is retried after the backoff (or the platform's Retry-After, if longer),
 * unless that is the `max_attempts`-th failed attempt or the retry would fall after the
 * deadline.
 */
export function afterFailure(delivery: Delivery, error: DeliveryError, policy: RetryPolicy, now: number, random: () => number): Outcome {
  const attempts = delivery.attempts + 1;
  const reason = `${error.code}: ${error.message}`;
  if (!error.retryable) return { kind: 'dead', attempts, reason, at: now };
  if (attempts >= policy.max_attempts) return { kind: 'dead', attempts, reason: `gave up after ${plural(attempts, 'attempt')}: ${reason}`, at: now };
  const nextAttemptAt = now + Math.max(backoffMs(attempts, policy.backoff_max, random), error.retryAfterMs ?? 0);
  if (nextAttemptAt > deadlineOf(delivery, policy)) {
    const why = `max_age exceeded: the next attempt would fall more than ${formatDuration(policy.max_age)} after the event was accepted`;
    return { kind: 'dead', attempts, reason: `${why}; gave up after ${plural(attempts, 'attempt')}: ${reason}`, at: now };
  }
  return { kind: 'retry', attempts, nextAttemptAt, reason, at: now };
}

/** A rate limit: wait until `until` without using up an attempt, unless that passes the deadline. */
export function afterRateLimit(delivery: Delivery, error: DeliveryError, until: number, policy: RetryPolicy, now: number): Outcome {
  const reason = `${error.code}: ${error.message}`;
  if (until > deadlineOf(delivery, policy)) {
    return { kind: 'dead', reason: `max_age exceeded: the rate limit lasts beyond ${formatDuration(policy.max_age)} after the event was accepted: ${reason}`, at: now };
  }
  return { kind: 'postpone', nextAttemptAt: until, reason, at: now };
}

/** A delivery past its deadline whose destination is known to be failing: no request is made for it. */
export function expiredWhileFailing(delivery: Delivery, policy: RetryPolicy, now: number): Outcome {
  const last = delivery.last_error ? `; last error ${delivery.last_error}` : '';
  return {
    kind: 'dead',
    reason: `max_age exceeded: still pending ${formatDuration(policy.max_age)} after the event was accepted while its destination keeps failing${last}`,
    at: now,
  };
}

/** Writes an outcome. Each write changes a pending delivery only, so repeating one is harmless. */
export function writeOutcome(store: Queue, id: number, outcome: Outcome, fence?: Fence): Promise<void> {
  switch (outcome.kind) {
    case 'sent':
      return store.markSent(id, outcome.at, fence, outcome.job);
    case 'retry':
      return store.markRetry(id, outcome.attempts, outcome.nextAttemptAt, outcome.reason, outcome.at, fence);
    case 'postpone':
      return store.postpone(id, outcome.nextAttemptAt, outcome.reason, outcome.at, fence);
    case 'dead':
      return store.markDead(id, outcome.reason, outcome.at, outcome.attempts, fence);
  }
}

/** Counts an outcome in the metrics and logs it: one line per delivery outcome. */
export function reportOutcome(log: Logger, metrics: Metrics, delivery: Delivery, labels: { channel: string; platform: string }, outcome: Outcome): void {
  const base = { delivery_id: delivery.id, event_id: delivery.event_id, ...labels };
  switch (outcome.kind) {
    case 'sent':
      metrics.countDelivery(labels.channel, labels.platform, 'sent');
      log.info({ ...base, outcome: 'sent', attempts: delivery.attempts, ...(outcome.followed ? { follow: outcome.followed } : {}) }, 'delivered');
      break;
    case 'retry':
      metrics.countDelivery(labels.channel, labels.platform, 'retry');
      log.warn({ ...base, outcome: 'retry', attempts: outcome.attempts, next_attempt_at: new Date(outcome.nextAttemptAt).toISOString(), error: outcome.reason }, 'delivery failed, will retry');
      break;
    case 'postpone':
      metrics.countDelivery(labels.channel, labels.platform, 'rate_limited');
      log.info({ ...base, outcome: 'rate_limited', wait_ms: outcome.nextAttemptAt - outcome.at }, 'rate limited');
      break;
    case 'dead':
      metrics.countDelivery(labels.channel, labels.platform, 'dead');
      metrics.deadLetters.inc(labels);
      log.warn({ ...base, outcome: 'dead', attempts: outcome.attempts ?? delivery.attempts, error: outcome.reason }, 'delivery dead-lettered');
  }
}
