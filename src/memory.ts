import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the heap is looked at. */
const CHECK_INTERVAL_MS = 250;
/** Below this resident size V8's own pacing is left alone (a drain must stay under 200 MB resident: README "Operations"). */
const SOFT_RSS_BYTES = 140 * 1024 * 1024;
/** Garbage allowed on top of the live heap before a collection is asked for. */
const GARBAGE_ALLOWANCE_BYTES = 24 * 1024 * 1024;

/**
 * Keeps the resident size of a long drain flat. While a backlog drains, Herald allocates
 * fast (~60 MB/s at 1,000 deliveries/s) and keeps little (live heap ≈ 30 MB), and V8's
 * heap-growing heuristic lets the heap grow to several times the live size between full
 * collections — well over 100 MB of RSS that is garbage. Herald cannot pass V8 flags (it is
 * started as `npx herald`), so it exposes `gc` at run time and, once the process is above
 * SOFT_RSS_BYTES, asks for a full collection whenever the heap holds more than
 * GARBAGE_ALLOWANCE_BYTES above what the previous collection left. Below that size nothing
 * is forced, so ordinary load pays nothing; a forced GC of a ~30 MB heap takes ~10–20 ms.
 */
export function startMemoryGovernor(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc !== 'function') return () => {};
  let live = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    // process.memoryUsage() reads /proc and throws (EMFILE) when no file descriptor is
    // free; a throwing timer would end the process, so a failed look is simply skipped.
    try {
      const used = process.memoryUsage().heapUsed;
      if (used < live) live = used; // V8 collected on its own
      if (used - live < GARBAGE_ALLOWANCE_BYTES || process.memoryUsage.rss() < SOFT_RSS_BYTES) return;
      gc();
      live = process.memoryUsage().heapUsed;
    } catch {
      // try again at the next tick
    }
  }, CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
