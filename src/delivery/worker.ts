import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Runtime } from '../runtime.js';
import type { Delivery, Fence, JobMessage, Queue } from '../store/store.js';
import type { AnyAdapter, SendResult } from './adapter.js';
import { backoffMs } from './backoff.js';
import { Breakers, PROBE_INTERVAL_MS } from './breaker.js';
import { asDeliveryError, type DeliveryError } from './delivery-error.js';
import { ChannelTargets, type ChannelTarget } from './channel-targets.js';
import { soloCoordination, type Coordination, type HeldLease } from '../store/coordination.js';
import { EventCache } from './event-cache.js';
import { planJob, sendJob, type FollowOutcome } from './follow.js';
import { afterFailure, afterRateLimit, deadlineOf, expiredWhileFailing, reportOutcome, type Outcome } from './outcome.js';
import { OutcomeWriter } from './outcome-writer.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, RateScheduler } from './scheduler.js';

export interface WorkerDeps {
  runtime: () => Runtime;
  store: Queue;
  metrics: Metrics;
  log: Logger;
  /** The platforms' adapters: the registry, handed over by the composition root (tests pass fakes). */
  adapters: readonly AnyAdapter[];
  stdout?: NodeJS.WritableStream;
  clock?: () => number;
  random?: () => number;
  /** How often the store is rescanned for work this process was not told about (CLI retries). */
  rescanMs?: number;
  /** How this process shares the work with others on the same store (default: it is alone). */
  coordination?: Coordination;
}

/** Failures that say the destination itself is unhealthy (they feed its circuit breaker). */
const DESTINATION_FAILURES = new Set(['SERVER', 'NETWORK', 'TIMEOUT', 'AUTH', 'GONE']);
/** After an unexpected error in the pump itself, wait this long instead of spinning. */
const PUMP_ERROR_HOLD_MS = 1000;
/** Backoff of the worker's store reads (head, pending channels) while they fail. */
const READ_RETRY_BASE_MS = 500;
const READ_RETRY_MAX_MS = 30_000;

interface Target extends ChannelTarget {
  /** When the request was reserved (it starts right after). */
  startedAt: number;
}

/**
 * The delivery worker. Per channel it sends the oldest pending delivery (its FIFO head),
 * one at a time; across channels up to `delivery.concurrency` at once. A delivery leaves
 * `pending` only when the platform confirmed it (sent) or it is dead-lettered.
 *
 * The store is the truth for what happened: every outcome is written before that
 * channel's next send. When the write fails (disk full, I/O error), the outcome is kept in
 * memory and its write retried until it succeeds (outcome-writer.ts), and no new send
 * starts on any channel meanwhile — a message the platform accepted is never posted
 * again because its "sent" could not be recorded. A crash at any instant resumes from
 * the store, re-sending at most what was in flight (or accepted but not yet recorded).
 */
export class DeliveryWorker {
  readonly #deps: WorkerDeps;
  readonly #adapters: ReadonlyMap<string, AnyAdapter>;
  readonly #scheduler: RateScheduler;
  readonly #coordination: Coordination;
  /** The lease token each channel was last sent under (a new one may be a takeover). */
  readonly #tokens = new Map<string, number>();
  #acquiring = false;
  readonly #breakers = new Breakers();
  readonly #clock: () => number;
  readonly #random: () => number;
  /** Channels that may have pending work. */
  readonly #active = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  readonly #writer: OutcomeWriter;
  readonly #events: EventCache;
  readonly #targets: ChannelTargets;
  #readFailures = 0;
  #readHoldUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #rescanTimer: NodeJS.Timeout | undefined;
  #pumping = false;
  #pumpAgain = false;
  #stopped = false;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
    this.#adapters = new Map(deps.adapters.map((a) => [a.platform, a]));
    this.#clock = deps.clock ?? Date.now;
    this.#random = deps.random ?? Math.random;
    this.#coordination = deps.coordination ?? soloCoordination();
    this.#scheduler = new RateScheduler({ onPause: (scope, until) => this.#coordination.pauses.publish(scope, until - this.#clock()) });
    this.#writer = new OutcomeWriter({ store: deps.store, log: deps.log, random: this.#random, signal: this.#abort.signal });
    this.#events = new EventCache((key) => deps.store.renderable(key));
    this.#targets = new ChannelTargets();
  }

  async start(): Promise<void> {
    await this.#coordination.start({
      onWork: (channels) => (channels === 'all' ? void this.#rescan() : this.notify(channels)),
      onPause: (scope, waitMs) => this.#scheduler.pausedElsewhere(scope, this.#clock() + waitMs),
    });
    await this.#rescan();
    this.#rescanTimer = setInterval(() => void this.#rescan(), this.#deps.rescanMs ?? 5000);
    this.#rescanTimer.unref();
  }

  /**
   * New deliveries were committed for these channels. A channel already known to have work
   * needs no wake-up: its new delivery queues behind the head it is already timed for.
   * `force` re-examines them anyway (a retried dead letter may be the new head).
   */
  notify(channels: readonly string[], force = false): void {
    if (this.#stopped) return;
    let fresh = false;
    for (const c of channels) {
      if (this.#active.has(c)) continue;
      this.#active.add(c);
      fresh = true;
    }
    if (fresh || force) this.#wake(0);
  }

  /**
   * Stops starting sends; waits for in-flight ones (and outcome writes being retried) up
   * to `timeoutMs`, then aborts them: an outcome still unwritten then leaves its delivery
   * pending, to be sent again after a restart.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#rescanTimer);
    const all = Promise.allSettled([...this.#inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    if ((await Promise.race([all, timedOut])) === 'timeout') {
      this.#abort.abort();
      await all;
    }
    clearTimeout(timer);
    await this.#coordination.stop();
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #rescan(): Promise<void> {
    if (this.#stopped) return;
    try {
      for (const channel of await this.#deps.store.pendingChannels()) this.#active.add(channel);
      this.#wake(0);
    } catch (err) {
      this.#readFailed(err, 'pending channels');
    }
  }

  #wake(delayMs: number): void {
    if (this.#stopped) return;
    const at = this.#clock() + delayMs;
    if (this.#timer && at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.#pump();
    }, Math.max(0, delayMs));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        await this.#pumpOnce();
      } while (this.#pumpAgain && !this.#stopped);
    } catch (err) {
      this.#deps.log.error({ err }, 'delivery pump failed');
      this.#wake(PUMP_ERROR_HOLD_MS);
    } finally {
      this.#pumping = false;
    }
  }

  async #pumpOnce(): Promise<void> {
    const { config } = this.#deps.runtime();
    let earliest = Infinity;
    const wanted: string[] = [];
    for (const channel of [...this.#active]) {
      // An unrecorded outcome holds every send; its write wakes the pump when it lands.
      if (this.#stopped || this.#writer.unwritten > 0) return;
      if (this.#inFlight.has(channel)) continue;
      if (this.#inFlight.size >= config.delivery.concurrency) return; // a finishing send re-pumps
      const now = this.#clock();
      if (this.#readHoldUntil > now) {
        earliest = Math.min(earliest, this.#readHoldUntil);
        break;
      }
      const check = this.#coordination.leases.check(channel, now, channel in config.channels);
      if ('askAt' in check) {
        if (check.askAt <= now) wanted.push(channel);
        else earliest = Math.min(earliest, check.askAt);
        continue;
      }
      let head: Delivery | undefined;
      try {
        head = await this.#deps.store.head(channel);
        this.#readSucceeded();
      } catch (err) {
        earliest = Math.min(earliest, this.#readFailed(err, 'channel head'));
        break;
      }
      if (!head) {
        this.#active.delete(channel);
        this.#coordination.leases.idle(channel);
        continue;
      }
      earliest = Math.min(earliest, this.#consider(channel, head, check.lease, config, now));
    }
    if (wanted.length > 0) this.#acquire(wanted);
    if (earliest < Infinity) this.#wake(earliest - this.#clock());
  }

  /** Asks for channel leases (one request at a time); the pump looks again when the answer is in. */
  #acquire(channels: string[]): void {
    if (this.#acquiring) return;
    this.#acquiring = true;
    this.#coordination.leases
      .acquire(channels)
      .then(() => this.#readSucceeded())
      .catch((err: unknown) => void this.#readFailed(err, 'channel leases'))
      .finally(() => {
        this.#acquiring = false;
        this.#wake(0);
      });
  }

  /** Starts work on a channel's head if it is due; else returns when to look again. */
  #consider(channel: string, head: Delivery, lease: HeldLease, config: HeraldConfig, now: number): number {
    const fence: Fence = { channel, token: lease.token };
    const channelConfig = config.channels[channel];
    const adapter = channelConfig && this.#adapters.get(channelConfig.platform);
    if (!channelConfig || !adapter) {
      const reason = channelConfig ? `platform "${channelConfig.platform}" has no adapter` : `channel "${channel}" is not in the config`;
      this.#deps.log.warn({ delivery_id: head.id, event_id: head.event_id, channel, outcome: 'dead', error: reason }, 'delivery dead-lettered');
      this.#run(channel, this.#writer.write(head, { kind: 'dead', reason, at: now }, fence));
      return Infinity;
    }
    const target = this.#targets.of(channel, channelConfig, adapter);
    const { scopes, rate, labels } = target;
    const destination = scopes[0]!;
    if (this.#tokens.get(channel) !== lease.token) {
      this.#tokens.set(channel, lease.token);
      if (lease.handedOverAt !== undefined) this.#scheduler.takenOver(destination, rate, lease.handedOverAt);
    }
    const failing = this.#breakers.isOpen(destination);
    if (failing && now >= deadlineOf(head, config.delivery)) {
      this.#run(channel, this.#conclude(head, labels, expiredWhileFailing(head, config.delivery, now), fence));
      return Infinity;
    }
    const readyAt = Math.max(this.#dueAt(head, destination), this.#scheduler.readyAt(scopes, rate, now));
    if (readyAt > now) return failing ? Math.min(readyAt, deadlineOf(head, config.delivery)) : readyAt;
    const answered = this.#scheduler.reserve(scopes, rate, now);
    this.#breakers.started(destination, now);
    this.#run(channel, this.#dispatch(head, { ...target, startedAt: now }, answered, fence));
    return Infinity;
  }

  /**
   * When the head may be tried, as far as its destination's health goes. While the
   * destination's breaker is open, only its probe goes — whenever the head's own backoff
   * would say. Once a request to the destination has succeeded after this delivery last
   * failed, its backoff is over: a recovered destination's queue drains at once, at the
   * channel's pace, instead of each delivery waiting out its own backoff.
   */
  #dueAt(head: Delivery, destination: string): number {
    const probeAt = this.#breakers.probeAt(destination);
    if (probeAt !== undefined) return probeAt;
    const recoveredAt = this.#breakers.recoveredAt(destination);
    return head.updated_at <= recoveredAt ? Math.min(head.next_attempt_at, recoveredAt) : head.next_attempt_at;
  }

  #run(channel: string, work: Promise<void>): void {
    const run = work
      .catch((err: unknown) => {
        // Only a failed store read gets here (outcome writes retry until they succeed).
        this.#readFailed(err, 'event');
      })
      .finally(() => {
        this.#inFlight.delete(channel);
        this.#wake(0);
      });
    this.#inFlight.set(channel, run);
  }

  async #dispatch(delivery: Delivery, target: Target, answered: (at: number) => void, fence: Fence): Promise<void> {
    // The attempt's event and message are garbage once it returns: nothing of them is kept
    // alive while the outcome is written and synced.
    const outcome = await this.#attempt(delivery, target, answered);
    await this.#conclude(delivery, target.labels, outcome, fence);
  }

  /** Renders the delivery's event for its channel and sends it; the event is read once for all its channels. */
  async #attempt(delivery: Delivery, target: Target, answered: (at: number) => void): Promise<Outcome> {
    const { config } = this.#deps.runtime();
    const destination = target.scopes[0]!;
    const event = await this.#events.get(delivery.event_key).catch((err: unknown) => {
      this.#breakers.released(destination);
      throw err;
    });
    if (!event) {
      this.#breakers.released(destination);
      return { kind: 'dead', reason: `event ${delivery.event_id} is no longer stored`, at: this.#clock() };
    }
    const { adapter, channel } = target;
    const plan = await planJob(this.#deps.store, delivery, event, adapter.follows?.(channel)).catch((err: unknown) => {
      this.#breakers.released(destination);
      throw err;
    });
    try {
      const message = adapter.render(event, channel, {
        ...(delivery.mention ? { mention: delivery.mention } : {}),
        ...(plan ? { job: { startedAt: plan.startedAt } } : {}),
      });
      const sendContext = {
        signal: this.#abort.signal,
        timeoutMs: config.delivery.timeout,
        platformConfig: config.platforms[adapter.platform],
        stdout: this.#deps.stdout ?? process.stdout,
      };
      const { result, job, followed } = await sendJob((followUp) => adapter.send(message, channel, sendContext, followUp), plan);
      if (followed) this.#deps.metrics.followUps.inc({ platform: adapter.platform, outcome: followed });
      return this.#succeeded(delivery, target, result, answered, job, followed);
    } catch (err) {
      return this.#failed(delivery, target, asDeliveryError(err), answered);
    }
  }

  #succeeded(delivery: Delivery, target: Target, result: SendResult, answered: (at: number) => void, job?: JobMessage, followed?: FollowOutcome): Outcome {
    const now = this.#clock();
    answered(now);
    this.#scheduler.onSuccess(result.pauses ?? [], now);
    if (this.#breakers.isOpen(target.scopes[0]!)) this.#deps.log.info({ ...target.labels }, 'destination recovered: its queue drains now');
    this.#breakers.succeeded(target.scopes[0]!, now);
    if (result.pauses?.length) this.#deps.metrics.rateLimitWaits.inc({ platform: target.adapter.platform });
    this.#deps.metrics.deliveryLatency.observe(target.labels, Math.max(0, now - delivery.created_at) / 1000);
    return { kind: 'sent', at: now, ...(job ? { job } : {}), ...(followed ? { followed } : {}) };
  }

  #failed(delivery: Delivery, target: Target, error: DeliveryError, answered: (at: number) => void): Outcome {
    const now = this.#clock();
    answered(now);
    const { scopes, adapter, labels } = target;
    const destination = scopes[0]!;
    const policy = this.#deps.runtime().config.delivery;
    if (error.code === 'BUG') this.#deps.log.error({ err: error, delivery_id: delivery.id }, 'adapter bug');
    if (error.code === 'RATE_LIMITED') {
      this.#breakers.released(destination);
      this.#deps.metrics.rateLimitWaits.inc({ platform: adapter.platform });
      const until = this.#scheduler.onRateLimited(scopes, error.scope, error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, now);
      return afterRateLimit(delivery, error, until, policy, now);
    }
    if (!DESTINATION_FAILURES.has(error.code)) this.#breakers.released(destination);
    else if (this.#breakers.failed(destination, now, target.startedAt)) {
      this.#deps.log.warn({ ...labels, probe_every_ms: PROBE_INTERVAL_MS }, 'destination keeps failing: circuit open, probing it');
    }
    // A 5xx with Retry-After speaks for the destination: even its probe waits for it.
    if (error.retryAfterMs) this.#scheduler.pause(destination, now + error.retryAfterMs);
    return afterFailure(delivery, error, policy, now, this.#random);
  }

  /** Counts and logs an outcome, then writes it. */
  #conclude(delivery: Delivery, labels: { channel: string; platform: string }, outcome: Outcome, fence: Fence): Promise<void> {
    reportOutcome(this.#deps.log, this.#deps.metrics, delivery, labels, outcome);
    return this.#writer.write(delivery, outcome, fence);
  }

  /** A store read failed: hold every channel for a growing while (never spin), and say so. Returns the hold's end. */
  #readFailed(err: unknown, what: string): number {
    this.#readFailures += 1;
    const retryMs = backoffMs(this.#readFailures, READ_RETRY_MAX_MS, this.#random, READ_RETRY_BASE_MS);
    this.#readHoldUntil = this.#clock() + retryMs;
    this.#deps.log.error({ err: (err as Error).message, reading: what, failures: this.#readFailures, retry_in_ms: retryMs }, 'could not read the store: deliveries wait');
    this.#wake(retryMs);
    return this.#readHoldUntil;
  }

  #readSucceeded(): void {
    if (this.#readFailures === 0) return;
    this.#deps.log.info({ failures: this.#readFailures }, 'store readable again: deliveries resume');
    this.#readFailures = 0;
    this.#readHoldUntil = 0;
  }
}

