import type pg from 'pg';
import { StoreUnavailableError } from '../store.js';
import { isTransient, unavailable } from './errors.js';
import { WORK_NOTIFY_CHANNEL, workNotifyPayload } from './notify.js';

/** What one write sees of the transaction it runs in. */
export interface Tx {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(query: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Records that these channels gained pending deliveries: announced when the transaction commits. */
  queued(channels: Iterable<string>): void;
}

/** A write: its statements, run in order on the transaction it is given. */
export type Work<T> = (tx: Tx) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  /** Sort key of the batch (see `write`). */
  order: string;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Batches committing at once: one commits while the next gathers its writes. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** Runs of a lone write that a deadlock or serialization failure may take. */
const TRANSIENT_ATTEMPTS = 3;

/** A transaction that did not commit, and whether its writes may be run again one by one. */
class TransactionFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly rerunnable: boolean,
  ) {
    super('transaction failed', { cause });
  }
}

/**
 * Group commit for PostgreSQL: the writes requested during one turn of the event loop run
 * in one transaction, on one pooled connection, and each caller hears of its write only
 * after COMMIT. One commit (one WAL flush on the server) then covers many webhooks.
 *
 * At most MAX_BATCHES_IN_FLIGHT batches run at once; writes arriving meanwhile gather into
 * the next one. Within a batch, writes run one after another (each is typically a single
 * statement: one round trip). A batch in which a write fails (a deadlock with another
 * replica, a bad request, a throwing callback) is rolled back and each of its writes is run
 * again in a transaction of its own, so one bad write fails alone; a lone write that
 * deadlocks is tried again a few times. Failures of the database itself (connection lost,
 * read-only, disk full) reject the whole batch at once: running the writes again would
 * fail the same way. A failed COMMIT rejects the whole batch too.
 *
 * Each transaction that queued deliveries ends with one `pg_notify` naming their channels
 * (see notify.ts).
 */
export class PgGroupCommit {
  readonly #pool: pg.Pool;
  #queue: Pending[] = [];
  #scheduled = false;
  #inFlight = 0;
  #transactions = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Transactions begun so far (batches, and writes run again alone). */
  get transactions(): number {
    return this.#transactions;
  }

  /**
   * Queues a write for the next batch. `order` sorts the batch (a stable sort: equal keys
   * keep their arrival order). Two batches that take their row locks in one key order
   * cannot deadlock each other; the few that still do are rolled back and run one by one.
   */
  write<T>(work: Work<T>, order = ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, order, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once every write queued so far has committed or failed. */
  settled(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #idle(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0 && !this.#scheduled;
  }

  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0 || this.#inFlight >= MAX_BATCHES_IN_FLIGHT) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    batch.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    this.#inFlight++;
    void this.#run(batch).finally(() => {
      this.#inFlight--;
      this.#schedule();
      if (this.#idle()) for (const wake of this.#idleWaiters.splice(0)) wake();
    });
  }

  async #run(batch: Pending[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    // A connection that breaks while checked out reports it here too; unheard, the
    // event would end the process.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      if (batch.length > 1) {
        try {
          const values = await this.#transaction(client, batch);
          batch.forEach((p, i) => p.resolve(values[i]));
          return;
        } catch (err) {
          const failed = err as TransactionFailed;
          if (!failed.rerunnable || broken) {
            for (const p of batch) p.reject(failed.cause);
            return;
          }
        }
      }
      await this.#runEach(client, batch, () => broken);
    } catch (err) {
      // Not expected (every path above settles its writes); never leave a caller hanging.
      for (const p of batch) p.reject(err);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Each write in a transaction of its own. */
  async #runEach(client: pg.PoolClient, batch: Pending[], broken: () => Error | undefined): Promise<void> {
    let fatal: unknown;
    for (const p of batch) {
      if (fatal !== undefined) {
        p.reject(fatal);
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const [value] = await this.#transaction(client, [p]);
          p.resolve(value);
          break;
        } catch (err) {
          const failed = err as TransactionFailed;
          if (failed.rerunnable && !broken() && isTransient(failed.cause) && attempt < TRANSIENT_ATTEMPTS) continue;
          p.reject(failed.cause);
          if (!failed.rerunnable || broken()) fatal = failed.cause;
          break;
        }
      }
    }
  }

  /** BEGIN, the writes, the wake-up, COMMIT; rejects with TransactionFailed. */
  async #transaction(client: pg.PoolClient, batch: Pending[]): Promise<unknown[]> {
    this.#transactions++;
    const channels = new Set<string>();
    const tx: Tx = {
      query: (query, values) => client.query(query as pg.QueryConfig, values),
      queued: (names) => {
        for (const name of names) channels.add(name);
      },
    };
    const values: unknown[] = [];
    try {
      await client.query('BEGIN');
      for (const p of batch) values.push(await p.work(tx));
      if (channels.size > 0) await client.query('SELECT pg_notify($1, $2)', [WORK_NOTIFY_CHANNEL, workNotifyPayload(channels)]);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // The database itself failing (not this write) fails every write alike.
      throw new TransactionFailed(err, !(unavailable(err) instanceof StoreUnavailableError));
    }
    try {
      await client.query('COMMIT');
    } catch (err) {
      throw new TransactionFailed(err, false);
    }
    return values;
  }
}
