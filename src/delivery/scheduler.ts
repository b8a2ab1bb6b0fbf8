import type { Rate } from '../config/schema-parts.js';

/** Rate limits on one scope within this window that widen the pause to the next scope. */
const ESCALATE_AFTER = 3;
const ESCALATE_WINDOW_MS = 60_000;
/** Used when a 429 says nothing about how long to wait. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/**
 * Knows, per rate-limit scope, when the next request may start: the channel's pace (a
 * sliding window of `count` sends per `perMs` on its most specific scope) and pauses a
 * platform asked for (429 Retry-After, Discord `X-RateLimit-Remaining: 0`, a global
 * limit, a 5xx with Retry-After). A pause holds only the scope it names — a channel
 * rate-limited for 10 s never delays another channel that doesn't share that scope.
 * Failing destinations are the circuit breakers' business (breaker.ts).
 */
export class RateScheduler {
  readonly #sends = new Map<string, SendWindow>();
  readonly #pausedUntil = new Map<string, number>();
  readonly #rateLimits = new Map<string, number[]>();
  readonly #onPause: (scope: string, until: number) => void;

  /** `onPause`: hears every pause this process decides, to share it with other processes. */
  constructor(options: { onPause?: (scope: string, until: number) => void } = {}) {
    this.#onPause = options.onPause ?? (() => {});
  }

  /** Earliest epoch ms at which a request on these scopes may start. */
  readyAt(scopes: readonly string[], rate: Rate, now: number): number {
    let at = now;
    for (const scope of scopes) at = Math.max(at, this.#pausedUntil.get(scope) ?? 0);
    const oldest = this.#sends.get(scopes[0]!)?.nthLatest(paceCount(rate));
    if (oldest !== undefined) at = Math.max(at, oldest + pacePerMs(rate) + margin(pacePerMs(rate)));
    return at;
  }

  /**
   * Records a request starting now on the channel's own scope. Call the returned function
   * when its answer arrives: the window then counts from the answer, which is never earlier
   * than the platform saw the request — so however late a request lands (a busy event
   * loop, a slow network), the platform never sees more than `count` in any `perMs`.
   */
  reserve(scopes: readonly string[], rate: Rate, now: number): (answeredAt: number) => void {
    const count = paceCount(rate);
    let sends = this.#sends.get(scopes[0]!);
    if (sends?.count !== count) {
      sends = new SendWindow(count, sends);
      this.#sends.set(scopes[0]!, sends);
    }
    const window = sends;
    const seq = window.add(now);
    return (answeredAt) => window.answered(seq, answeredAt);
  }

  /** Holds a scope until `until` (never shortens an existing pause), and shares the pause. */
  pause(scope: string, until: number): void {
    this.#hold(scope, until);
    this.#onPause(scope, until);
  }

  /** A pause another process decided: held here, not shared again. */
  pausedElsewhere(scope: string, until: number): void {
    this.#hold(scope, until);
  }

  /**
   * This process has just taken a channel over from another that sent on it until
   * `lastSendAt`: the channel's pace window counts from then, as if those sends were ours.
   */
  takenOver(scope: string, rate: Rate, lastSendAt: number): void {
    const perMs = pacePerMs(rate);
    this.#hold(scope, lastSendAt + perMs + margin(perMs));
  }

  #hold(scope: string, until: number): void {
    this.#pausedUntil.set(scope, Math.max(until, this.#pausedUntil.get(scope) ?? 0));
  }

  /**
   * A 429: pauses the scope the platform named (else the channel's own) for `waitMs`.
   * Repeated 429s on one scope widen the pause to the next broader scope (e.g. a Slack
   * channel → its workspace). Returns when the delivery may be tried again.
   */
  onRateLimited(scopes: readonly string[], scope: string | undefined, waitMs: number, now: number): number {
    const target = scope ?? scopes[0]!;
    const until = now + waitMs;
    this.pause(target, until);
    const hits = (this.#rateLimits.get(target) ?? []).filter((t) => now - t < ESCALATE_WINDOW_MS);
    hits.push(now);
    this.#rateLimits.set(target, hits);
    const index = scopes.indexOf(target);
    if (hits.length >= ESCALATE_AFTER && index >= 0 && index + 1 < scopes.length) this.pause(scopes[index + 1]!, until);
    return until;
  }

  /** Pauses a successful answer asked for (Discord `X-RateLimit-Remaining: 0`). */
  onSuccess(pauses: readonly { scope: string; waitMs: number }[], now: number): void {
    for (const p of pauses) this.pause(p.scope, now + p.waitMs);
  }
}

/** Whole sends per window: `0.5/s` becomes `1 per 2 s`. */
function paceCount(rate: Rate): number {
  return rate.count >= 1 ? Math.floor(rate.count) : 1;
}

function pacePerMs(rate: Rate): number {
  return rate.count >= 1 ? rate.perMs : rate.perMs / rate.count;
}

/**
 * When a scope's last `count` requests were answered: a ring of numbers, so a pace of
 * thousands per second keeps no object per request and drops the oldest in O(1).
 */
class SendWindow {
  readonly count: number;
  readonly #times: number[] = [];
  /** Requests recorded so far; the next one goes to slot `#total % count`. */
  #total = 0;

  /** `previous`: the window of an older pace, whose latest requests carry over. */
  constructor(count: number, previous?: SendWindow) {
    this.count = count;
    if (previous) for (const at of previous.#latest(count)) this.add(at);
  }

  /** Records a request; returns its sequence number for `answered`. */
  add(at: number): number {
    const seq = this.#total++;
    if (this.#times.length < this.count) this.#times.push(at);
    else this.#times[seq % this.count] = at;
    return seq;
  }

  /** Moves a request's time to its answer, unless `count` newer ones have replaced it. */
  answered(seq: number, at: number): void {
    if (this.#total - seq > this.count) return;
    const slot = seq % this.count;
    this.#times[slot] = Math.max(this.#times[slot]!, at);
  }

  /** The `n`-th most recent request, when this window holds that many. */
  nthLatest(n: number): number | undefined {
    if (n < 1 || n > this.#times.length) return undefined;
    return this.#times[(this.#total - n) % this.count];
  }

  #latest(n: number): number[] {
    const out: number[] = [];
    for (let i = Math.min(n, this.#times.length); i >= 1; i--) out.push(this.nthLatest(i)!);
    return out;
  }
}

/** A little slack on top of the window, for clock granularity on both sides: 1% (≥ 5 ms). */
function margin(perMs: number): number {
  return Math.max(5, Math.ceil(perMs * 0.01));
}
