/** Base and cap of the exponential backoff between transient failures. */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** Never retry sooner than this, even when the jitter draws ~0. */
const BACKOFF_FLOOR_MS = 100;

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff And Jitter): a uniform draw in
 * [0, min(cap, base·2^(attempt−1))], so many failing deliveries don't retry in lockstep.
 */
export function fullJitterMs(attempt: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(random() * ceiling));
}
