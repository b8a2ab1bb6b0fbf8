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
 * commit that holds it. Each write runs in its own SAVEPOINT, so one failing write rolls
 * back alone; a failing COMMIT rejects the whole batch (none of it was written).
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;
  readonly #db: Database;
  readonly #runBatch: (batch: Pending[]) => unknown[];

  constructor(db: Database) {
    this.#db = db;
    const item = db.transaction((p: Pending) => p.work());
    this.#runBatch = db.transaction((batch: Pending[]) =>
      batch.map((p) => {
        try {
          return { ok: true, value: item(p) };
        } catch (err) {
          return { ok: false, err };
        }
      }),
    );
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
    let results: { ok: boolean; value?: unknown; err?: unknown }[];
    try {
      results = this.#runBatch(batch) as typeof results;
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i]!;
      if (r.ok) p.resolve(r.value);
      else p.reject(r.err);
    });
  }

  get db(): Database {
    return this.#db;
  }
}
