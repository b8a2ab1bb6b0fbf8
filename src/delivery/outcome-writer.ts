import type { Logger } from '../log.js';
import { FencedOutError, type Delivery, type Fence, type Queue } from '../store/store.js';
import { backoffMs } from './backoff.js';
import { writeOutcome, type Outcome } from './outcome.js';

/** Backoff of an outcome write (markSent, markRetry, …) while it fails. */
const WRITE_RETRY_BASE_MS = 250;
const WRITE_RETRY_MAX_MS = 5000;

/**
 * Writes outcomes, retrying each with backoff until the store takes it. Meanwhile the
 * outcome lives only here and `unwritten` counts it: the worker starts no send while it is
 * above 0, so a message the platform accepted is never posted again because its "sent"
 * could not be recorded. Gives up only once `signal` aborts (the process is stopping):
 * the delivery then stays pending in the store and goes again after a restart.
 */
export class OutcomeWriter {
  readonly #store: Queue;
  readonly #log: Logger;
  readonly #random: () => number;
  readonly #signal: AbortSignal;
  readonly #unwritten = new Set<number>();

  constructor(deps: { store: Queue; log: Logger; random: () => number; signal: AbortSignal }) {
    this.#store = deps.store;
    this.#log = deps.log;
    this.#random = deps.random;
    this.#signal = deps.signal;
  }

  /** Outcomes decided but not yet written. */
  get unwritten(): number {
    return this.#unwritten.size;
  }

  /**
   * With a `fence`, a store shared by replicas may refuse the write because the channel's
   * lease has moved on: the delivery is the new holder's to send (again), so the refused
   * outcome is dropped, not retried.
   */
  async write(delivery: Delivery, outcome: Outcome, fence?: Fence): Promise<void> {
    const where = { delivery_id: delivery.id, event_id: delivery.event_id, channel: delivery.channel, outcome: outcome.kind };
    try {
      for (let tries = 1; ; tries++) {
        try {
          await writeOutcome(this.#store, delivery.id, outcome, fence);
          if (tries > 1) this.#log.info({ ...where, tries }, 'delivery outcome recorded');
          return;
        } catch (err) {
          if (err instanceof FencedOutError) {
            this.#log.warn({ ...where, lease_token: fence?.token }, 'channel lease lost before the outcome was recorded: its new holder sends the delivery');
            return;
          }
          this.#unwritten.add(delivery.id);
          const message = (err as Error).message;
          if (this.#signal.aborted) {
            this.#log.error({ ...where, err: message }, 'could not record the delivery outcome before exit: the delivery stays pending');
            return;
          }
          const retryMs = backoffMs(tries, WRITE_RETRY_MAX_MS, this.#random, WRITE_RETRY_BASE_MS);
          this.#log.error({ ...where, err: message, tries, retry_in_ms: retryMs }, 'could not record the delivery outcome: retrying; no send starts until it is recorded');
          await this.#sleep(retryMs);
        }
      }
    } finally {
      this.#unwritten.delete(delivery.id);
    }
  }

  /** Waits, or less if the signal aborts. */
  #sleep(ms: number): Promise<void> {
    const signal = this.#signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
