import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/sqlite/group-commit.js';

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
