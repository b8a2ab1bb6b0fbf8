import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireProcessLock, StoreInUseError, type ProcessLock } from '../../src/store/sqlite/process-lock.js';
import { tempDir, waitFor } from '../helpers/herald-process.js';

const dir = tempDir('herald-lock-');
afterAll(() => dir.cleanup());

const children: ChildProcess[] = [];
const locks: ProcessLock[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const lock of locks.splice(0)) lock.release();
});

let n = 0;
const freshDb = () => join(dir.path, `db${++n}`, 'herald.db');

/** Runs process-lock-child.ts in its own process; `output` collects its stdout. */
function child(mode: 'hold' | 'try', dbPath: string) {
  const proc = spawn(process.execPath, [resolve('node_modules/vite-node/vite-node.mjs'), resolve('test/store/process-lock-child.ts'), mode, dbPath], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(proc);
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => output, exited };
}

async function holdingChild(dbPath: string) {
  const holder = child('hold', dbPath);
  await waitFor(() => holder.output().includes('held'), 15_000, 'the child to take the lock');
  return holder;
}

function acquire(dbPath: string): ProcessLock {
  const lock = acquireProcessLock(dbPath);
  locks.push(lock);
  return lock;
}

function refusal(dbPath: string): StoreInUseError {
  try {
    acquire(dbPath);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreInUseError);
    return err as StoreInUseError;
  }
  throw new Error('the lock was taken twice');
}

describe('acquireProcessLock', () => {
  it('a lock held by another process refuses at once, naming that process; its clean release frees it', async () => {
    const db = freshDb();
    const holder = await holdingChild(db);
    const pid = holder.proc.pid!;
    const started = Date.now();
    const err = refusal(db);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.message).toMatch(
      new RegExp(`^${db.replace(/[.]/g, '\\.')} is in use by another herald serve \\(pid ${pid} on host ${hostname()}, started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); one process per SQLite file — for several replicas use storage\\.driver: postgres$`),
    );
    // The main database file itself is not locked: other connections read and write it.
    const main = new BetterSqlite3(db, { timeout: 0 });
    main.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    main.close();

    holder.proc.stdin!.end('release\n');
    expect(await holder.exited).toBe(0);
    expect(existsSync(`${db}-lock.json`)).toBe(false);
    const lock = acquire(db);
    expect(JSON.parse(readFileSync(`${db}-lock.json`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(`${db}-lock.json`)).toBe(false);
  });

  it('kill -9 of the holder frees the lock; its leftover sidecar is replaced', async () => {
    const db = freshDb();
    const holder = await holdingChild(db);
    holder.proc.kill('SIGKILL');
    await holder.exited;
    expect(JSON.parse(readFileSync(`${db}-lock.json`, 'utf8')).pid).toBe(holder.proc.pid);
    acquire(db);
    expect(JSON.parse(readFileSync(`${db}-lock.json`, 'utf8')).pid).toBe(process.pid);
  });

  it('a lock held here refuses a child; a sidecar naming a dead process or unreadable names "another process"', async () => {
    const db = freshDb();
    const lock = acquire(db);
    const named = child('try', db);
    expect(await named.exited).toBe(0);
    expect(named.output()).toContain(`refused: ${db} is in use by another herald serve (pid ${process.pid} on host ${hostname()}`);

    const dead = child('try', freshDb());
    expect(await dead.exited).toBe(0);
    writeFileSync(`${db}-lock.json`, JSON.stringify({ pid: dead.proc.pid, host: hostname(), started: '2026-01-01T00:00:00Z' }));
    const stale = child('try', db);
    expect(await stale.exited).toBe(0);
    expect(stale.output()).toContain(`refused: ${db} is in use by another process; one process per SQLite file`);

    writeFileSync(`${db}-lock.json`, '{"pid":');
    const garbled = child('try', db);
    expect(await garbled.exited).toBe(0);
    expect(garbled.output()).toContain(`refused: ${db} is in use by another process;`);

    // Not ours any more: release leaves it in place.
    lock.release();
    expect(readFileSync(`${db}-lock.json`, 'utf8')).toBe('{"pid":');
    const after = child('try', db);
    expect(await after.exited).toBe(0);
    expect(after.output()).toBe('held\n');
  });
});
