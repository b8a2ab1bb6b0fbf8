import type { Database } from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Batches writes from concurrent requests into one transaction (group commit).
 *
 * With `synchronous=FULL` every COMMIT waits for an fsync (~1–3 ms here), so one
 * transaction per webhook caps ingest near 3,000 req/s. Writes queued during one turn of
 * the event loop are committed together at the next `setImmediate`, and every caller's
 * promise settles only after that COMMIT returned — nothing is acknowledged before the
 * commit that holds it. Writes almost never fail on their own, so a batch runs without
 * per-write savepoints (they cost more than the statements); if any write throws, the
 * whole batch rolls back and each write is re-run in a transaction of its own, so one bad
 * write fails alone. A failing COMMIT rejects the whole batch (none of it was written).
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;
  readonly #db: Database;
  readonly #runBatch: (batch: Pending[]) => unknown[];
  readonly #runOne: (p: Pending) => unknown;

  constructor(db: Database) {
    this.#db = db;
    this.#runOne = db.transaction((p: Pending) => p.work());
    this.#runBatch = db.transaction((batch: Pending[]) => batch.map((p) => p.work()));
  }

  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      values = this.#runBatch(batch);
    } catch {
      // Rolled back: find the bad write by running each alone.
      for (const p of batch) {
        try {
          p.resolve(this.#runOne(p));
        } catch (err) {
          p.reject(err);
        }
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(values[i]));
  }

  get db(): Database {
    return this.#db;
  }
}
