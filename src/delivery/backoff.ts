/** The first retry waits up to this long; each further failed attempt doubles it. */
export const BACKOFF_BASE_MS = 1000;
/** `delivery.backoff_max` when the config does not set it. */
export const DEFAULT_BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait before the next try after `attempt` failed attempts (attempt ≥ 1): between half
 * and all of `min(capMs, baseMs · 2^(attempt−1))`. This is "equal jitter" (AWS Architecture
 * Blog, "Exponential Backoff And Jitter"): the jitter keeps many failing deliveries from
 * retrying in lockstep, and the lower half-bound keeps a retry from coming almost at once,
 * which full jitter allows at any attempt.
 */
export function backoffRangeMs(attempt: number, capMs: number, baseMs = BACKOFF_BASE_MS): { minMs: number; maxMs: number } {
  const maxMs = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 40));
  return { minMs: Math.ceil(maxMs / 2), maxMs };
}

/** A draw from `backoffRangeMs` (`random` in [0, 1)). */
export function backoffMs(attempt: number, capMs: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS): number {
  const { minMs, maxMs } = backoffRangeMs(attempt, capMs, baseMs);
  return minMs + Math.floor(random() * (maxMs - minMs + 1));
}
