import type { FastifyBaseLogger } from 'fastify';
import type { Adapter, PlatformUrls } from '../../adapters/adapter.js';
import { asDeliveryError, type DeliveryError } from '../../adapters/http.js';
import { adapterFor } from '../../adapters/registry.js';
import type { Metrics } from '../metrics.js';
import type { Runtime } from '../runtime.js';
import type { Delivery, Store } from '../store/store.js';
import { fullJitterMs } from './backoff.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, RateScheduler } from './scheduler.js';

export interface WorkerDeps {
  runtime: () => Runtime;
  store: Store;
  metrics: Metrics;
  log: FastifyBaseLogger;
  stdout?: NodeJS.WritableStream;
  clock?: () => number;
  random?: () => number;
  /** Looks up a platform's adapter (tests inject fakes). */
  adapterFor?: (platform: string) => Adapter;
  /** How often the store is rescanned for work this process was not told about (CLI retries). */
  rescanMs?: number;
}

/** Failures that say the destination itself is unhealthy (they feed the circuit breaker). */
const DESTINATION_FAILURES = new Set(['SERVER', 'NETWORK', 'TIMEOUT', 'AUTH', 'GONE']);
/** After a store error the channel waits this long instead of spinning. */
const STORE_ERROR_HOLD_MS = 1000;

/**
 * The delivery worker. Per channel it sends the oldest pending delivery (its FIFO head),
 * one at a time; across channels up to `delivery.concurrency` at once. A delivery leaves
 * `pending` only when the platform confirmed it (sent) or it is dead-lettered, and every
 * decision is written to the store before the next delivery of that channel starts — so a
 * crash at any instant resumes from the store, re-sending at most the one in flight.
 */
export class DeliveryWorker {
  readonly #deps: WorkerDeps;
  readonly #scheduler = new RateScheduler();
  readonly #clock: () => number;
  readonly #random: () => number;
  /** Channels that may have pending work. */
  readonly #active = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #held = new Map<string, number>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #rescanTimer: NodeJS.Timeout | undefined;
  #pumping = false;
  #pumpAgain = false;
  #stopped = false;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? Date.now;
    this.#random = deps.random ?? Math.random;
  }

  async start(): Promise<void> {
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

  /** Stops starting sends; waits for in-flight ones up to `timeoutMs`, then aborts them. */
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
      this.#deps.log.warn({ err: (err as Error).message }, 'store rescan failed');
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
      this.#wake(STORE_ERROR_HOLD_MS);
    } finally {
      this.#pumping = false;
    }
  }

  async #pumpOnce(): Promise<void> {
    const { config } = this.#deps.runtime();
    let earliest = Infinity;
    for (const channel of [...this.#active]) {
      if (this.#stopped) return;
      if (this.#inFlight.has(channel)) continue;
      if (this.#inFlight.size >= config.delivery.concurrency) return; // a finishing send re-pumps
      const now = this.#clock();
      const held = this.#held.get(channel) ?? 0;
      if (held > now) {
        earliest = Math.min(earliest, held);
        continue;
      }
      const head = await this.#deps.store.head(channel);
      if (!head) {
        this.#active.delete(channel);
        continue;
      }
      const channelConfig = config.channels[channel];
      if (!channelConfig) {
        await this.#deps.store.markDead(head.id, `channel "${channel}" is not in the config`, now);
        this.#pumpAgain = true;
        continue;
      }
      const adapter = (this.#deps.adapterFor ?? adapterFor)(channelConfig.platform);
      const scopes = adapter.limitScopes(channelConfig);
      const rate = (channelConfig.rate as typeof adapter.defaultRate | undefined) ?? adapter.defaultRate;
      const readyAt = Math.max(head.next_attempt_at, this.#scheduler.readyAt(scopes, rate, now));
      if (readyAt > now) {
        earliest = Math.min(earliest, readyAt);
        continue;
      }
      const answered = this.#scheduler.reserve(scopes, rate, now);
      const run = this.#dispatch(head, channelConfig, adapter, scopes, answered)
        .catch((err: unknown) => {
          // Only store failures reach here: the delivery stays pending and is retried.
          this.#deps.log.error({ err: (err as Error).message, delivery_id: head.id, channel }, 'could not record delivery outcome');
          this.#held.set(channel, this.#clock() + STORE_ERROR_HOLD_MS);
        })
        .finally(() => {
          this.#inFlight.delete(channel);
          this.#wake(0);
        });
      this.#inFlight.set(channel, run);
    }
    if (earliest < Infinity) this.#wake(earliest - this.#clock());
  }

  async #dispatch(
    delivery: Delivery,
    channel: { platform: string },
    adapter: Adapter,
    scopes: string[],
    answered: (at: number) => void,
  ): Promise<void> {
    const { config } = this.#deps.runtime();
    const labels = { channel: delivery.channel, platform: adapter.platform };
    const stored = await this.#deps.store.event(delivery.event_key);
    if (!stored) {
      await this.#dead(delivery, labels, `event ${delivery.event_id} is no longer stored`);
      return;
    }
    let error: DeliveryError;
    try {
      const message = adapter.render(stored.event, channel, delivery.mention ? { mention: delivery.mention } : {});
      const platforms: PlatformUrls = { slackApiUrl: config.platforms.slack.api_url, discordApiUrl: config.platforms.discord.api_url };
      const result = await adapter.send(message, channel, {
        signal: this.#abort.signal,
        timeoutMs: config.delivery.timeout,
        platforms,
        stdout: this.#deps.stdout ?? process.stdout,
      });
      const now = this.#clock();
      answered(now);
      await this.#deps.store.markSent(delivery.id, now);
      this.#scheduler.onSuccess(scopes, result.pauses, now);
      if (result.pauses?.length) this.#deps.metrics.rateLimitWaits.inc({ platform: adapter.platform });
      this.#deps.metrics.deliveries.inc({ ...labels, outcome: 'sent' });
      this.#deps.metrics.deliveryLatency.observe(labels, Math.max(0, now - delivery.created_at) / 1000);
      this.#deps.log.info({ delivery_id: delivery.id, event_id: delivery.event_id, ...labels, outcome: 'sent', attempts: delivery.attempts + 1 }, 'delivered');
      return;
    } catch (err) {
      answered(this.#clock());
      error = asDeliveryError(err);
      if (error.code === 'BUG') this.#deps.log.error({ err, delivery_id: delivery.id }, 'adapter bug');
    }
    await this.#onFailure(delivery, error, adapter, scopes, labels);
  }

  async #onFailure(delivery: Delivery, error: DeliveryError, adapter: Adapter, scopes: string[], labels: { channel: string; platform: string }) {
    const { delivery: settings } = this.#deps.runtime().config;
    const now = this.#clock();
    const age = now - delivery.created_at;
    const reason = `${error.code}: ${error.message}`;
    if (DESTINATION_FAILURES.has(error.code)) {
      const openUntil = this.#scheduler.onFailure(scopes, now);
      if (openUntil) this.#deps.log.warn({ ...labels, until: new Date(openUntil).toISOString() }, 'destination keeps failing: circuit open');
    }

    if (error.code === 'RATE_LIMITED') {
      const waitMs = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      this.#deps.metrics.rateLimitWaits.inc({ platform: adapter.platform });
      if (age + waitMs > settings.max_age) return this.#dead(delivery, labels, `max_age exceeded while rate limited (${reason})`);
      const until = this.#scheduler.onRateLimited(scopes, error.scope, waitMs, now);
      // A rate-limit wait does not use up an attempt (SPEC §6).
      await this.#deps.store.postpone(delivery.id, until, reason, now);
      this.#deps.metrics.deliveries.inc({ ...labels, outcome: 'rate_limited' });
      this.#deps.log.info({ delivery_id: delivery.id, event_id: delivery.event_id, ...labels, outcome: 'rate_limited', wait_ms: waitMs }, 'rate limited');
      return;
    }
    if (!error.retryable) return this.#dead(delivery, labels, reason);

    const attempts = delivery.attempts + 1;
    if (attempts >= settings.max_attempts) return this.#dead(delivery, labels, `gave up after ${attempts} attempts: ${reason}`);
    const next = now + Math.max(fullJitterMs(attempts, this.#random), error.retryAfterMs ?? 0);
    if (next - delivery.created_at > settings.max_age) return this.#dead(delivery, labels, `max_age exceeded after ${attempts} attempts: ${reason}`);
    await this.#deps.store.markRetry(delivery.id, attempts, next, reason, now);
    this.#deps.metrics.deliveries.inc({ ...labels, outcome: 'retry' });
    this.#deps.log.warn({ delivery_id: delivery.id, event_id: delivery.event_id, ...labels, outcome: 'retry', attempts, error: reason }, 'delivery failed, will retry');
  }

  async #dead(delivery: Delivery, labels: { channel: string; platform: string }, reason: string): Promise<void> {
    await this.#deps.store.markDead(delivery.id, reason, this.#clock());
    this.#deps.metrics.deliveries.inc({ ...labels, outcome: 'dead' });
    this.#deps.metrics.deadLetters.inc(labels);
    this.#deps.log.warn({ delivery_id: delivery.id, event_id: delivery.event_id, ...labels, outcome: 'dead', error: reason }, 'delivery dead-lettered');
  }
}
