#!/usr/bin/env node
// What one ingest costs inside SQLite, outside HTTP: Herald's schema (dist migrations) and
// the statements SqliteStore.ingest runs, batched the way GroupCommit batches them, on a
// fresh file with journal_mode=WAL and synchronous=FULL. Variants isolate the per-write
// SAVEPOINT (the first GroupCommit wrapped each write in one; it no longer does) and the delivery row.
//
//   npm run build && node bench/sqlite-ingest.mjs [--events 40000] [--batch 36]
//
// Reports CPU and wall time per event and write syscalls per event (from /proc/self/io:
// WAL frames, checkpoint copies and statement/savepoint journal spills to a temp file).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../dist/src/store/sqlite/migrations.js';
import { wpllmBody } from './lib.mjs';

const { values: o } = parseArgs({
  options: { events: { type: 'string', default: '40000' }, batch: { type: 'string', default: '36' } },
});
const EVENTS = Number(o.events);
const BATCH = Number(o.batch);
const dir = mkdtempSync(join(tmpdir(), 'herald-sqlite-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// A stored event the size Herald stores for the bench's 1 KB webhook (~2.4 KB of JSON:
// the normalized fields plus the raw payload under `data`).
const raw = JSON.parse(wpllmBody('x', 1024));
const stored = (id) =>
  JSON.stringify({
    id, source: 'wpllm', provider: 'wp-llm', type: raw.type, category: 'generation', status: 'completed', severity: 'success',
    title: 'Code generation completed', summary: raw.data.prompt, body: { format: 'code', content: raw.data.completion, language: 'php' },
    prompt: raw.data.prompt, model: raw.data.model, usage: raw.data.usage, fields: [{ name: 'Model', value: raw.data.model }], items: [], links: [],
    correlation_id: raw.data.id, occurred_at: new Date().toISOString(), received_at: new Date().toISOString(), data: { ...raw, id },
  });

const writeSyscalls = () => Number(/syscw:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);

function trial(name, { savepoint, deliveries }) {
  const db = new Database(join(dir, `${name.replace(/\W+/g, '-')}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(MIGRATIONS.join('\n'));
  const dedupeGet = db.prepare('SELECT expires_at FROM dedupe WHERE source = ? AND event_id = ?');
  const dedupePut = db.prepare('INSERT OR REPLACE INTO dedupe (source, event_id, expires_at) VALUES (?, ?, ?)');
  const eventPut = db.prepare('INSERT INTO events (id, source, type, received_at, body) VALUES (?, ?, ?, ?, ?)');
  const deliveryPut = db.prepare(
    `INSERT INTO deliveries (event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at, mention)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
  );
  const ingest = (id) => {
    const now = Date.now();
    dedupeGet.get('wpllm', id);
    dedupePut.run('wpllm', id, now + 7 * 86_400_000);
    const { lastInsertRowid } = eventPut.run(id, 'wpllm', 'generation.completed', now, stored(id));
    for (let t = 0; t < deliveries; t++) deliveryPut.run(Number(lastInsertRowid), id, 'wpllm', `out${t}`, now, now, now, null);
  };
  const item = db.transaction(ingest); // nested inside the batch: SAVEPOINT … RELEASE
  const batch = db.transaction((ids) => {
    for (const id of ids) (savepoint ? item : ingest)(id);
  });
  const run = `${Date.now().toString(36)}`;
  let k = 0;
  const w0 = writeSyscalls();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (k < EVENTS) batch(Array.from({ length: BATCH }, () => `evt_${run}-${k++}`));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const writes = writeSyscalls() - w0;
  db.close();
  const r = { name, cpu_us: (cpu.user + cpu.system) / k, wall_us: (wall * 1000) / k, writes: writes / k };
  console.log(`${name.padEnd(46)} CPU ${r.cpu_us.toFixed(1).padStart(6)} µs/event  wall ${r.wall_us.toFixed(1).padStart(6)} µs/event  write syscalls ${r.writes.toFixed(1).padStart(5)}/event`);
  return r;
}

console.log(`${EVENTS} events, ${BATCH} per transaction, WAL + synchronous=FULL`);
trial('SAVEPOINT per write (the first design), 1 delivery', { savepoint: true, deliveries: 1 });
trial('herald now: no SAVEPOINT, 1 delivery', { savepoint: false, deliveries: 1 });
trial('SAVEPOINT per write (the first design), no delivery', { savepoint: true, deliveries: 0 });
trial('herald now: no SAVEPOINT, no delivery', { savepoint: false, deliveries: 0 });
