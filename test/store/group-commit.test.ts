import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit, HOLD_WHILE_SYNCING } from '../../src/store/sqlite/group-commit.js';

const dirs: string[] = [];
function db() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-gc-'));
  dirs.push(dir);
  const path = join(dir, 'x.db');
  const conn = new BetterSqlite3(path);
  conn.pragma('journal_mode = WAL');
  conn.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return { conn, path };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('group commit', () => {
  it('group commit – concurrent writes share one transaction and each gets its own result', async () => {
    const { conn, path } = db();
    const gc = new GroupCommit(conn, `${path}-wal`);
    const insert = conn.prepare('INSERT INTO t (v) VALUES (?)');
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => gc.write(() => Number(insert.run(`v${i}`).lastInsertRowid))));
    expect(new Set(ids).size).toBe(50);
    expect((conn.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(50);
    gc.close();
  });

  it('group commit – one failing write fails alone; the rest of its batch commits', async () => {
    const { conn, path } = db();
    const gc = new GroupCommit(conn, `${path}-wal`);
    const insert = conn.prepare('INSERT INTO t (v) VALUES (?)');
    const results = await Promise.allSettled([gc.write(() => insert.run('a')), gc.write(() => insert.run('a')), gc.write(() => insert.run('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(conn.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
    gc.close();
  });

  it('group commit – a write is not acknowledged when its WAL cannot be synced', async () => {
    const { conn } = db();
    const gc = new GroupCommit(conn, '/nonexistent/herald.db-wal');
    await expect(gc.write(() => 1)).rejects.toThrow(/ENOENT/);
  });

  it('group commit – without a WAL path (sync: normal) writes settle after the commit alone', async () => {
    const { conn } = db();
    const gc = new GroupCommit(conn);
    await expect(gc.write(() => 42)).resolves.toBe(42);
  });
});

describe('group commit while a sync runs', () => {
  /** A datasync that completes only when the test says so. */
  function heldSync() {
    const waiting: (() => void)[] = [];
    const datasync = (_fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void waiting.push(() => done(null));
    return { datasync, release: () => waiting.shift()?.(), get waiting() { return waiting.length; } };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('group commit – writes made during a sync commit together when it ends, and are acknowledged only after their own sync', async () => {
    const { conn, path } = db();
    const sync = heldSync();
    const gc = new GroupCommit(conn, `${path}-wal`, sync.datasync);
    const insert = conn.prepare('INSERT INTO t (v) VALUES (?)');
    const count = () => (conn.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    const settled: string[] = [];
    const write = (v: string) => gc.write(() => insert.run(v)).then(() => void settled.push(v));
    const first = write('a');
    await turn();
    expect(sync.waiting).toBe(1);
    const later = [];
    for (const v of ['b', 'c', 'd']) {
      later.push(write(v));
      await turn();
    }
    expect(count()).toBe(1); // held: the sync for 'a' is still running
    sync.release();
    await first;
    expect(count()).toBe(4); // committed together as the sync ended
    expect(settled).toEqual(['a']);
    expect(sync.waiting).toBe(1); // and a new sync covers them
    sync.release();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
    gc.close();
  });

  it('group commit – a long sync does not hold an unbounded batch: enough waiting writes commit at once', async () => {
    const { conn, path } = db();
    const sync = heldSync();
    const gc = new GroupCommit(conn, `${path}-wal`, sync.datasync);
    const insert = conn.prepare('INSERT INTO t (v) VALUES (?)');
    const first = gc.write(() => insert.run('first'));
    await turn();
    const rest = Array.from({ length: HOLD_WHILE_SYNCING }, (_, i) => gc.write(() => insert.run(`v${i}`)));
    await turn();
    expect((conn.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(1 + HOLD_WHILE_SYNCING);
    sync.release();
    await first;
    sync.release();
    await Promise.all(rest);
    gc.close();
  });
});
