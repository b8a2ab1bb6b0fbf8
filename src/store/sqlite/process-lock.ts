import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/** Who holds a lock: written next to the lock file so a refused process can name it. */
interface Holder {
  pid: number;
  host: string;
  started: string;
}

/** A held lock on one SQLite store file; `release()` gives it up (the OS does so if the process dies). */
export interface ProcessLock {
  release(): void;
}

/** Another process holds the lock on this store file: this one must not serve from it. */
export class StoreInUseError extends Error {
  constructor(path: string, holder: Holder | undefined) {
    const who = holder ? `another herald serve (pid ${holder.pid} on host ${holder.host}, started ${holder.started})` : 'another process';
    super(`${path} is in use by ${who}; one process per SQLite file — for several replicas use storage.driver: postgres`);
    this.name = 'StoreInUseError';
  }
}

/**
 * Takes the lock that makes `herald serve` the only server of the SQLite file at `dbPath`:
 * two servers on one file would both send every delivery. Throws StoreInUseError at once
 * when another process holds it.
 *
 * Why this holds, and why a crash never leaves it stuck: the lock is a companion database
 * `<dbPath>-lock`, opened with `locking_mode = EXCLUSIVE` and written once inside
 * `BEGIN EXCLUSIVE`. From then on SQLite keeps its POSIX advisory (fcntl) write lock on that
 * file for as long as the connection is open, and such locks belong to the process: the
 * kernel drops them when it ends, however it ends (`kill -9` included). A second opener
 * with no busy timeout gets SQLITE_BUSY immediately. The main database file is not locked,
 * so `herald dlq …` keeps opening it while the server runs.
 *
 * Limit: network file systems (NFS, SMB, some container volume drivers) may not honour
 * fcntl locks, and there two servers on one file are not prevented.
 *
 * The holder's pid, host and start time go into the sidecar `<dbPath>-lock.json` once the
 * lock is taken; it is informational only (the lock is the fcntl lock, never this file).
 */
export function acquireProcessLock(dbPath: string): ProcessLock {
  const lockPath = `${dbPath}-lock`;
  const infoPath = `${lockPath}.json`;
  mkdirSync(dirname(dbPath), { recursive: true });
  const info = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } satisfies Holder);
  const db = new BetterSqlite3(lockPath, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec(`BEGIN EXCLUSIVE; PRAGMA user_version = ${process.pid}; COMMIT`);
    writeHolder(infoPath, info);
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreInUseError(dbPath, liveHolder(infoPath));
    throw err;
  }
  return new HeldLock(infoPath, info, db);
}

class HeldLock implements ProcessLock {
  #db: Database | undefined;

  constructor(
    private readonly infoPath: string,
    private readonly info: string,
    db: Database,
  ) {
    this.#db = db;
  }

  /** Removes the sidecar if it is still ours, then closes the connection (which drops the lock). */
  release(): void {
    if (!this.#db) return;
    try {
      if (readFileSync(this.infoPath, 'utf8') === this.info) rmSync(this.infoPath);
    } catch {
      // Already gone or unreadable: nothing of ours to remove.
    }
    this.#db.close();
    this.#db = undefined;
  }
}

/**
 * Writes the sidecar whole (temporary file, then rename) so a reader never sees half of it.
 * If it cannot be written (a full disk), any older sidecar is removed instead and a refused
 * process names "another process"; only a folder where not even that works fails the start.
 */
function writeHolder(infoPath: string, info: string): void {
  const temporary = `${infoPath}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, info);
    renameSync(temporary, infoPath);
  } catch {
    rmSync(temporary, { force: true });
    rmSync(infoPath, { force: true });
  }
}

/**
 * The holder named by the sidecar, unless the sidecar is unreadable or names a process on this
 * host that is gone: a holder killed with -9 leaves its sidecar behind, and a new holder may
 * not have replaced it yet.
 */
function liveHolder(infoPath: string): Holder | undefined {
  let holder: Holder;
  try {
    holder = JSON.parse(readFileSync(infoPath, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(holder.pid) || typeof holder.host !== 'string' || typeof holder.started !== 'string') return undefined;
  if (holder.host === hostname() && !alive(holder.pid)) return undefined;
  return holder;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
