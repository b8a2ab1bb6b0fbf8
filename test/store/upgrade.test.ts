import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sampleEvent } from '../helpers/event.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

/** A database as the previous release left it: schema 2, dedupe in its own table. */
function schemaTwoDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-upgrade-'));
  dirs.push(dir);
  const path = join(dir, 'herald.db');
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  for (const sql of MIGRATIONS.slice(0, 2)) db.exec(sql);
  db.pragma('user_version = 2');
  const event = (id: string) =>
    Number(
      db
        .prepare('INSERT INTO events (id, source, type, received_at, body, raw) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, 'wpllm', 'generation.completed', T0, JSON.stringify({ ...sampleEvent({ id }), data: undefined }), Buffer.from(`{"id":"${id}"}`))
        .lastInsertRowid,
    );
  const fresh = event('evt_fresh');
  event('evt_expired');
  db.prepare(
    `INSERT INTO deliveries (event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, 'evt_fresh', 'wpllm', 'a', 'pending', 0, ?, ?, ?)`,
  ).run(fresh, T0, T0, T0);
  const claim = db.prepare('INSERT INTO dedupe (source, event_id, expires_at) VALUES (?, ?, ?)');
  claim.run('wpllm', 'evt_fresh', T0 + DAY);
  claim.run('wpllm', 'evt_expired', T0 + 10);
  db.close();
  return path;
}

describe('sqlite upgrade', () => {
  it('sqlite upgrade – a schema 2 database opens with its dedupe entries, events and pending deliveries kept', async () => {
    const path = schemaTwoDatabase();
    const store = SqliteStore.open({ path, sync: 'full' });
    const now = T0 + 1000;
    expect(await store.ingest({ event: sampleEvent({ id: 'evt_fresh' }), targets: [{ channel: 'a' }], dedupeUntil: now + DAY, now })).toEqual({ duplicate: true });
    expect((await store.ingest({ event: sampleEvent({ id: 'evt_expired' }), targets: [], dedupeUntil: now + DAY, now })).duplicate).toBe(false);
    const head = await store.head('a');
    expect(head).toMatchObject({ event_id: 'evt_fresh', status: 'pending' });
    expect((await store.renderable(head!.event_key))?.id).toBe('evt_fresh');
    expect(await store.eventsById('evt_expired')).toHaveLength(2);
    // Deliveries from before follow modes have none; their job messages are recorded.
    expect(head?.follow).toBeNull();
    const job = { source: 'wpllm', correlationId: 'job-1', channel: 'a', ref: { ts: '1.0' }, startedAt: T0 };
    await store.markSent(head!.id, now, undefined, job);
    expect(await store.jobMessage('wpllm', 'job-1', 'a')).toEqual(job);
    await store.close();
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });
});
