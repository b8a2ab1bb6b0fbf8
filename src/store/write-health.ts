/** While writes fail, a readiness check tries a test write at most this often. */
export const WRITE_RECHECK_MS = 1000;

/**
 * Whether the store can take writes, as its own writes found out: unhealthy from the
 * first write that failed for want of a usable store (disk full, I/O error, read-only,
 * locked) until a write succeeds again. Checking it costs nothing while writes succeed;
 * while they fail, `ready` makes a test write now and then, so a store that recovers
 * while nothing else writes (an idle server taken out of rotation by its own /readyz)
 * is noticed.
 */
export class WriteHealth {
  #failing = false;
  #lastCheckAt = -Infinity;
  readonly #clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  get failing(): boolean {
    return this.#failing;
  }

  succeeded(): void {
    this.#failing = false;
  }

  failed(): void {
    this.#failing = true;
  }

  /** True unless the last write failed; then `testWrite` (which reports back here) decides, at most once per WRITE_RECHECK_MS. */
  async ready(testWrite: () => Promise<unknown>): Promise<boolean> {
    if (!this.#failing) return true;
    const now = this.#clock();
    if (now - this.#lastCheckAt < WRITE_RECHECK_MS) return false;
    this.#lastCheckAt = now;
    try {
      await testWrite();
      return !this.#failing;
    } catch {
      return false;
    }
  }
}
