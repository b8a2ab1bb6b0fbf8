import type { NormalizedEvent } from '../events/event.js';

/** Events kept: enough for every channel's head to find its event while a fan-out drains. */
export const EVENT_CACHE_ENTRIES = 64;

/**
 * The stored events that deliveries render, read and parsed once per event rather than
 * once per delivery. An event routed to N channels is N deliveries that go out at about
 * the same time; they share one read (even while it is under way: the cache holds the
 * promise). Bounded by count, oldest first out: deliveries go out in acceptance order, so
 * the oldest event read is the one least likely to be needed again. A miss only costs a
 * read. (Refreshing an entry on every hit would rebuild the map's table over and over.)
 *
 * Entries cannot go stale: a stored event does not change once it has deliveries (a held
 * stream's event is replaced in the transaction that queues its deliveries). A failed read
 * is not kept, so the next delivery tries the store again.
 */
export class EventCache {
  readonly #load: (key: number) => Promise<NormalizedEvent | undefined>;
  readonly #maxEntries: number;
  readonly #entries = new Map<number, Promise<NormalizedEvent | undefined>>();

  constructor(load: (key: number) => Promise<NormalizedEvent | undefined>, maxEntries = EVENT_CACHE_ENTRIES) {
    this.#load = load;
    this.#maxEntries = maxEntries;
  }

  get(key: number): Promise<NormalizedEvent | undefined> {
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const loading = this.#load(key);
    this.#entries.set(key, loading);
    loading.catch(() => {
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
    });
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return loading;
  }

  get size(): number {
    return this.#entries.size;
  }
}
