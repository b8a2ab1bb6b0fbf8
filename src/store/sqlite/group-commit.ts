import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Committed {
  pending: Pending;
  value: unknown;
}

/** Flushes a file's data to disk and calls back (node's `fdatasync`; tests hold it). */
export type DataSync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/**
 * While a WAL sync is under way, up to this many writes wait for it to end and then commit
 * together; more than this commit at once, so a long sync under heavy load still overlaps
 * the next batch's commit.
 */
export const HOLD_WHILE_SYNCING = 32;

/**
 * Batches writes from concurrent requests into one transaction (group commit), and makes
 * each batch durable before any of its callers hear about it.
 *
 * Writes queued during one turn of the event loop are committed together at the next
 * `setImmediate`. Writes almost never fail on their own, so a batch runs without
 * per-write savepoints (they cost more than the statements); if any write throws, the
 * whole batch rolls back and each write is re-run in a transaction of its own, so one bad
 * write fails alone. A failing COMMIT rejects the whole batch (none of it was written).
 *
 * Durability (`storage.sync: full`). SQLite's own `synchronous=FULL` fsyncs the WAL inside
 * COMMIT, on the main thread: every fsync (1–3 ms here) stops all request handling. So the
 * connection runs `synchronous=NORMAL` — COMMIT appends the batch to the WAL without
 * waiting — and this class fdatasyncs the WAL file itself, on libuv's thread pool, while
 * the main thread goes on parsing the next requests. A caller's promise resolves only when
 * an fdatasync that *started after its COMMIT returned* has completed: the frames holding
 * its write are then on disk, exactly as `synchronous=FULL` would have left them (SQLite
 * replays every checksummed WAL frame on recovery, and with NORMAL it still syncs the WAL
 * before each checkpoint and the database after). Nothing is acknowledged before the sync
 * that covers it.
 *
 * Writes that arrive while a sync runs cannot be acknowledged before the next sync anyway,
 * so they wait (up to HOLD_WHILE_SYNCING of them) and commit together when it ends, just
 * before the next sync starts. Requests trickling in during a sync would otherwise each
 * commit a small batch, and every commit rewrites the last page of every table and index
 * it touches: at 16 concurrent senders that was most of the commit cost.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;
  /** Committed, waiting for the next WAL sync. */
  #unsynced: Committed[] = [];
  #syncing = false;
  #walFd: number | undefined;
  readonly #walPath: string | undefined;
  readonly #runBatch: (batch: Pending[]) => unknown[];
  readonly #runOne: (p: Pending) => unknown;
  readonly #datasync: DataSync;

  /** `walPath`: the WAL file to fdatasync after each commit; omit when commits need not be durable. */
  constructor(db: Database, walPath?: string, datasync: DataSync = fdatasync) {
    this.#walPath = walPath;
    this.#datasync = datasync;
    this.#runOne = db.transaction((p: Pending) => p.work());
    this.#runBatch = db.transaction((batch: Pending[]) => batch.map((p) => p.work()));
  }

  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      // The end of the running sync commits this write (see the class comment).
      if (this.#syncing && this.#queue.length < HOLD_WHILE_SYNCING) return;
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves once every write so far has been committed and synced (or has failed). */
  async settled(): Promise<void> {
    while (this.#queue.length > 0 || this.#unsynced.length > 0 || this.#syncing || this.#scheduled) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Closes the WAL descriptor; pending syncs still settle. */
  close(): void {
    if (this.#walFd !== undefined && !this.#syncing) closeSync(this.#walFd);
    this.#walFd = undefined;
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    const committed: Committed[] = [];
    try {
      const values = this.#runBatch(batch);
      batch.forEach((pending, i) => committed.push({ pending, value: values[i] }));
    } catch {
      // Rolled back: find the bad write by running each alone.
      for (const pending of batch) {
        try {
          committed.push({ pending, value: this.#runOne(pending) });
        } catch (err) {
          pending.reject(err);
        }
      }
    }
    if (this.#walPath === undefined) {
      for (const c of committed) c.pending.resolve(c.value);
      return;
    }
    this.#unsynced.push(...committed);
    this.#sync();
  }

  /** Starts one fdatasync covering every commit so far; the next starts when it ends. */
  #sync(): void {
    if (this.#syncing || this.#unsynced.length === 0) return;
    const covered = this.#unsynced;
    this.#unsynced = [];
    let fd: number;
    try {
      fd = this.#walDescriptor();
    } catch (err) {
      for (const c of covered) c.pending.reject(err);
      return;
    }
    this.#syncing = true;
    this.#datasync(fd, (err) => {
      this.#syncing = false;
      for (const c of covered) {
        if (err) c.pending.reject(err);
        else c.pending.resolve(c.value);
      }
      // An fs callback that throws would end the process: a failed close only leaks one fd.
      if (this.#walFd === undefined) tryClose(fd);
      // The writes held during this sync commit now; the flush starts the next sync.
      if (this.#queue.length > 0) this.#flush();
      else this.#sync();
    });
  }

  /**
   * A descriptor on the current WAL file. SQLite only deletes or replaces the WAL when the
   * last connection closes, but an inode check costs one stat per sync and rules out ever
   * syncing a file that is no longer the WAL.
   */
  #walDescriptor(): number {
    const path = this.#walPath!;
    if (this.#walFd !== undefined && fstatSync(this.#walFd).ino === statSync(path).ino) return this.#walFd;
    if (this.#walFd !== undefined) tryClose(this.#walFd);
    this.#walFd = undefined;
    this.#walFd = openSync(path, 'r');
    return this.#walFd;
  }
}

function tryClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or the device failed: nothing to recover
  }
}
