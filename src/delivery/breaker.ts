/** A destination that fails this many requests in a row is "failing" (its circuit opens)… */
export const BREAKER_THRESHOLD = 20;
/** …and so is one that has answered nothing but failures for this long. */
export const BREAKER_FAILING_MS = 30_000;
/** While a destination is failing, one request (the probe) starts per this interval. */
export const PROBE_INTERVAL_MS = 30_000;
/** Failures further apart than this (nothing was sent in between) start a new count. */
const FORGET_AFTER_MS = 2 * BREAKER_FAILING_MS;

interface Failing {
  /** Failed requests since the last success. */
  failures: number;
  /** When the first of them failed, and the last. */
  since: number;
  lastFailureAt: number;
  /** When the last request to the destination started. */
  lastStartAt: number;
  open: boolean;
  /** A probe is out: nothing else goes to the destination until it answers. */
  probing: boolean;
}

/**
 * Circuit breakers, one per destination (an adapter's most specific rate-limit scope: one
 * webhook, one bot channel). Channels that share a destination share its breaker.
 *
 * Closed, a destination takes requests whenever its deliveries are due. Once it keeps
 * failing (BREAKER_THRESHOLD failures in a row, or failures only for BREAKER_FAILING_MS),
 * it opens: then exactly one request — the probe — starts every PROBE_INTERVAL_MS, never
 * more often (a failing endpoint is not hammered, and Discord bans IPs that send it many
 * failing requests) and never less often, even when the waiting deliveries' own backoff
 * runs longer (a recovery is noticed within the interval, not after `backoff_max`). The
 * first success closes it, and `recoveredAt` then tells the worker that every delivery
 * that was backing off on this destination may go at once.
 */
export class Breakers {
  readonly #failing = new Map<string, Failing>();
  readonly #recoveredAt = new Map<string, number>();

  isOpen(destination: string): boolean {
    return this.#failing.get(destination)?.open ?? false;
  }

  /**
   * When the next request to an open destination may start (Infinity while its probe is
   * out), or undefined when the breaker is closed and places no limit.
   */
  probeAt(destination: string): number | undefined {
    const state = this.#failing.get(destination);
    if (!state?.open) return undefined;
    return state.probing ? Infinity : state.lastStartAt + PROBE_INTERVAL_MS;
  }

  /** When a request to the destination last succeeded (0: never, in this process). */
  recoveredAt(destination: string): number {
    return this.#recoveredAt.get(destination) ?? 0;
  }

  /** A request to the destination starts now. */
  started(destination: string, now: number): void {
    const state = this.#failing.get(destination);
    if (!state) return;
    state.lastStartAt = now;
    if (state.open) state.probing = true;
  }

  succeeded(destination: string, now: number): void {
    this.#failing.delete(destination);
    this.#recoveredAt.set(destination, now);
  }

  /** A failure that says the destination is unhealthy. Returns true when it opened the breaker. */
  failed(destination: string, now: number, startedAt: number): boolean {
    let state = this.#failing.get(destination);
    if (!state || (!state.open && now - state.lastFailureAt > FORGET_AFTER_MS)) {
      state = { failures: 0, since: now, lastFailureAt: now, lastStartAt: startedAt, open: false, probing: false };
      this.#failing.set(destination, state);
    }
    state.failures += 1;
    state.lastFailureAt = now;
    state.probing = false;
    if (state.open) return false;
    state.open = state.failures >= BREAKER_THRESHOLD || now - state.since >= BREAKER_FAILING_MS;
    return state.open;
  }

  /** The request ended without telling whether the destination is healthy (429, a rejected payload, never sent). */
  released(destination: string): void {
    const state = this.#failing.get(destination);
    if (state) state.probing = false;
  }
}
