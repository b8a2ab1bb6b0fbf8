import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres, describeTarget } from '../../src/store/postgres/connect.js';
import { redactDatabaseUrl } from '../../src/store/postgres/database-url.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MAX_NOTIFY_PAYLOAD_BYTES, parseWorkNotifyPayload, WORK_NOTIFY_CHANNEL, WORK_NOTIFY_RESCAN, workNotifyPayload } from '../../src/store/postgres/notify.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { PRUNE_BATCH } from '../../src/store/postgres/prune.js';
import { FencedOutError, StoreUnavailableError, type StreamCompose } from '../../src/store/store.js';
import { sampleEvent } from '../helpers/event.js';
import { captureLog } from '../helpers/log.js';
import { createTestDatabase, freshPostgresStore } from '../helpers/postgres.js';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const silent = pino({ level: 'silent' });

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase('herald_pg');
});
afterAll(async () => {
  await database?.drop();
});

/** Everything a test opened, closed after it (a store ends its pool). */
const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close().catch(() => undefined);
});

async function freshStore(owner?: string): Promise<PostgresStore> {
  const store = await freshPostgresStore(database.url, owner);
  opened.push(store);
  return store;
}

/** A second replica's store on the same database (tables left as they are). */
async function replica(owner: string): Promise<PostgresStore> {
  const store = new PostgresStore(await connectPostgres({ url: database.url, connectTimeoutMs: 5000, log: silent }), { owner });
  opened.push(store);
  return store;
}

async function admin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  opened.push({ close: () => client.end() });
  return client;
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Herald's backends on the test database waiting for a lock of this kind (`relation`, `advisory`). */
async function waitingOn(client: pg.Client, lockType: string): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
     WHERE a.datname = current_database() AND a.application_name = 'herald' AND l.locktype = $1`,
    [lockType],
  );
  return rows[0].n as number;
}

const ingestOf = (id: string, channels: string[], now = T0) => ({
  event: sampleEvent({ id }),
  targets: channels.map((channel) => ({ channel })),
  dedupeUntil: now + DAY,
  now,
});

describe('postgres connect', () => {
  it('postgres – replicas starting together on a new database apply each migration once', async () => {
    const fresh = await createTestDatabase('herald_migrate');
    try {
      const { log, lines } = captureLog('info');
      const pools = await Promise.all([1, 2, 3].map(() => connectPostgres({ url: fresh.url, connectTimeoutMs: 5000, log })));
      const { rows } = await pools[0]!.query('SELECT version FROM herald_schema');
      expect(rows).toEqual([{ version: MIGRATIONS.length }]);
      expect(lines.filter((l) => l.msg === 'PostgreSQL schema migrated')).toHaveLength(1);
      await Promise.all(pools.map((p) => p.end()));
      // A later start finds nothing to do.
      const again = await connectPostgres({ url: fresh.url, connectTimeoutMs: 5000, log });
      await again.end();
      expect(lines.filter((l) => l.msg === 'PostgreSQL schema migrated')).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });

  it('postgres – an unreachable server is waited for, then reported without the password', async () => {
    const { log, lines } = captureLog('warn');
    const started = Date.now();
    const attempt = connectPostgres({ url: 'postgres://herald:s3cret-pw@127.0.0.1:1/herald', connectTimeoutMs: 1000, log });
    const err = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(err?.message).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:1\/herald after 1s: .*ECONNREFUSED/);
    expect(err?.message).not.toContain('s3cret');
    const waits = lines.filter((l) => l.msg === 'waiting for PostgreSQL');
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
    expect(waits[0]).toMatchObject({ target: '127.0.0.1:1/herald' });
  });

  it('postgres – an unknown database fails at once: waiting cannot fix it', async () => {
    const url = new URL(database.url);
    url.pathname = '/herald_no_such_database';
    const started = Date.now();
    await expect(connectPostgres({ url: url.toString(), connectTimeoutMs: 20_000, log: silent })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:5432\/herald_no_such_database: database "herald_no_such_database" does not exist/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('postgres – URLs are shown with their password masked', () => {
    expect(redactDatabaseUrl('postgres://herald:s3cret@db.example:5433/herald?sslmode=require')).toBe('postgres://herald:***@db.example:5433/herald?sslmode=require');
    expect(redactDatabaseUrl('postgresql://herald@db/herald?password=s3cret')).not.toContain('s3cret');
    expect(redactDatabaseUrl('postgres://herald@db/herald')).toBe('postgres://herald@db/herald');
    expect(redactDatabaseUrl('not a url s3cret')).not.toContain('s3cret');
    expect(describeTarget('postgres://herald:s3cret@db.example/herald')).toBe('db.example:5432/herald');
  });
});

describe('postgres store', () => {
  it('postgres – two replicas accepting the same events at once store each once', async () => {
    const [a, b] = [await freshStore('a'), await replica('b')];
    const ids = Array.from({ length: 20 }, (_, i) => `same_${i}`);
    const results = await Promise.all(ids.flatMap((id) => [a.ingest(ingestOf(id, ['x'])), b.ingest(ingestOf(id, ['x']))]));
    for (let i = 0; i < ids.length; i++) {
      expect([results[2 * i]!.duplicate, results[2 * i + 1]!.duplicate].sort()).toEqual([false, true]);
    }
    expect(await a.queueDepth()).toEqual({ x: 20 });
    for (const id of ids) expect(await b.eventsById(id)).toHaveLength(1);
  });

  it('postgres – concurrent ingests are committed together, in fewer transactions than requests', async () => {
    const store = await freshStore();
    const before = store.transactions;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.ingest(ingestOf(`e${i}`, [`c${i % 5}`]))));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(Object.values(await store.queueDepth()).reduce((x, y) => x + y, 0)).toBe(200);
    expect(store.transactions - before).toBeGreaterThan(0);
    expect(store.transactions - before).toBeLessThan(20);
  });

  it('postgres – a write that fails in a batch fails alone; the others commit', async () => {
    const store = await freshStore();
    // PostgreSQL text cannot hold NUL: this request's statement fails.
    const bad = store.ingest(ingestOf('bad', ['nul\u0000channel']));
    const good = Array.from({ length: 5 }, (_, i) => store.ingest(ingestOf(`good${i}`, ['g'])));
    await expect(bad).rejects.toMatchObject({ code: '22021' });
    await expect(bad).rejects.not.toBeInstanceOf(StoreUnavailableError);
    expect((await Promise.all(good)).every((r) => !r.duplicate)).toBe(true);
    expect(await store.queueDepth()).toEqual({ g: 5 });
    expect(await store.eventsById('bad')).toEqual([]);
    expect(await store.writable()).toBe(true);
  });

  it('postgres – fenced outcome writes apply only under the current lease', async () => {
    const store = await freshStore('replica-1');
    const db = await admin();
    await db.query(`INSERT INTO leases (channel, owner, token, expires_at) VALUES ('f', 'replica-1', 7, herald_now_ms() + 60000)`);
    await store.ingest(ingestOf('f1', ['f', 'f', 'f']));
    const [d1, d2, d3] = await store.deliveries({ channel: 'f' });

    await store.markRetry(d1!.id, 1, T0 + 5000, 'SERVER: 503', T0 + 1, { channel: 'f', token: 7 });
    expect(await store.delivery(d1!.id)).toMatchObject({ attempts: 1, last_error: 'SERVER: 503' });

    // Another token: the lease changed hands since this send started.
    await expect(store.markSent(d2!.id, T0 + 2, { channel: 'f', token: 6 })).rejects.toBeInstanceOf(FencedOutError);
    expect(await store.delivery(d2!.id)).toMatchObject({ status: 'pending', updated_at: T0 });
    // Another replica's lease, same token.
    const other = await replica('replica-2');
    await expect(other.markDead(d2!.id, 'GONE', T0 + 2, 1, { channel: 'f', token: 7 })).rejects.toBeInstanceOf(FencedOutError);
    expect((await store.delivery(d2!.id))?.status).toBe('pending');

    // A lease that expired (the database was unreachable for a while) but that no other
    // replica has taken since: nobody else can have sent the delivery, so the outcome stands.
    await db.query(`UPDATE leases SET expires_at = herald_now_ms() - 1 WHERE channel = 'f'`);
    await store.postpone(d3!.id, T0 + 9000, 'RATE_LIMITED', T0 + 3, { channel: 'f', token: 7 });
    expect(await store.delivery(d3!.id)).toMatchObject({ next_attempt_at: T0 + 9000, last_error: 'RATE_LIMITED' });
    // Once another replica has taken it (a new token), the old one's outcome is refused.
    await db.query(`UPDATE leases SET owner = 'replica-2', token = 8, expires_at = herald_now_ms() + 60000 WHERE channel = 'f'`);
    await expect(store.postpone(d3!.id, T0 + 9500, 'RATE_LIMITED', T0 + 3, { channel: 'f', token: 7 })).rejects.toThrow(
      'lease on channel "f" (token 7) is no longer held',
    );
    expect(await store.delivery(d3!.id)).toMatchObject({ next_attempt_at: T0 + 9000 });

    // A delivery already decided: a stale fence is no reason to complain.
    await db.query(`UPDATE leases SET owner = 'replica-1', expires_at = herald_now_ms() + 60000, token = 8 WHERE channel = 'f'`);
    await store.markSent(d3!.id, T0 + 4, { channel: 'f', token: 8 });
    await store.markDead(d3!.id, 'late', T0 + 5, 3, { channel: 'f', token: 7 });
    expect(await store.delivery(d3!.id)).toMatchObject({ status: 'sent', attempts: 0, last_error: null });

    // Without a fence (the CLI, a single process), leases are not consulted.
    await store.markDead(d2!.id, 'GONE', T0 + 6);
    expect((await store.delivery(d2!.id))?.status).toBe('dead');
    expect(await store.writable()).toBe(true);
  });

  it('postgres – a fenced-out markSent records no job message; under the lease it records one with the delivery', async () => {
    const store = await freshStore('replica-1');
    const db = await admin();
    await db.query(`INSERT INTO leases (channel, owner, token, expires_at) VALUES ('f', 'replica-1', 7, herald_now_ms() + 60000)`);
    await store.ingest(ingestOf('f1', ['f']));
    const [d] = await store.deliveries({ channel: 'f' });
    const job = { source: 'wpllm', correlationId: 'job-1', channel: 'f', ref: { id: 'm1' }, startedAt: T0 };

    await expect(store.markSent(d!.id, T0 + 1, { channel: 'f', token: 6 }, job)).rejects.toBeInstanceOf(FencedOutError);
    expect((await store.delivery(d!.id))?.status).toBe('pending');
    expect((await db.query('SELECT count(*)::int AS n FROM job_messages')).rows[0].n).toBe(0);
    expect(await store.jobMessage('wpllm', 'job-1', 'f')).toBeUndefined();

    await store.markSent(d!.id, T0 + 2, { channel: 'f', token: 7 }, job);
    expect(await store.delivery(d!.id)).toMatchObject({ status: 'sent', updated_at: T0 + 2 });
    const { rows } = await db.query('SELECT source, correlation_id, channel, ref, started_at::float8 AS started_at, updated_at::float8 AS updated_at FROM job_messages');
    expect(rows).toEqual([{ source: 'wpllm', correlation_id: 'job-1', channel: 'f', ref: '{"id":"m1"}', started_at: T0, updated_at: T0 + 2 }]);
    // Repeated once the delivery is sent (its first result lost): quiet, and the row stays as it was.
    await store.markSent(d!.id, T0 + 3, { channel: 'f', token: 6 }, { ...job, ref: { id: 'm2' } });
    expect(await store.jobMessage('wpllm', 'job-1', 'f')).toEqual(job);
  });

  it('postgres – committed work is announced on the work channel: ingest, stream release, dead letters retried', async () => {
    const store = await freshStore();
    const listener = await admin();
    const payloads: (string | undefined)[] = [];
    listener.on('notification', (n) => n.channel === WORK_NOTIFY_CHANNEL && payloads.push(n.payload));
    await listener.query(`LISTEN ${WORK_NOTIFY_CHANNEL}`);

    await store.ingest(ingestOf('n1', ['a', 'b', 'a']));
    await waitFor(() => payloads.length === 1, 'the ingest notification');
    expect(JSON.parse(payloads[0]!)).toEqual(['a', 'b']);

    // Nothing queued, nothing announced: a duplicate, an event routed nowhere, a held stream.
    const compose: StreamCompose = (event, chunks) =>
      chunks.length > 0 ? { event: { ...event, title: chunks.map((c) => c.text).join('') }, targets: [{ channel: 's' }] } : undefined;
    await store.ingest(ingestOf('n1', ['a']));
    await store.ingest(ingestOf('n2', []));
    await store.endStream({ ...ingestOf('end', []), streamId: 'st', releaseAt: T0 + 1000, compose });
    await store.addChunk({ source: 'wpllm', streamId: 'st', index: 0, text: 'done', expiresAt: T0 + DAY });
    await store.releaseStream('wpllm', 'st', T0 + 2, compose);
    await waitFor(() => payloads.length === 2, 'the release notification');
    expect(payloads[1]).toBe('["s"]');

    const head = (await store.head('b'))!;
    await store.markDead(head.id, 'GONE', T0 + 1);
    await store.retryDead({ ids: [head.id] }, T0 + 2);
    await waitFor(() => payloads.length === 3, 'the retry notification');
    expect(payloads[2]).toBe('["b"]');
  });

  it('postgres – work notifications name channels, or ask for a rescan when the names do not fit', () => {
    expect(workNotifyPayload(['a', 'b', 'a'])).toBe('["a","b"]');
    const many = Array.from({ length: 1000 }, (_, i) => `channel-${i}`);
    expect(JSON.stringify(many).length).toBeGreaterThan(MAX_NOTIFY_PAYLOAD_BYTES);
    expect(workNotifyPayload(many)).toBe(WORK_NOTIFY_RESCAN);
    expect(parseWorkNotifyPayload('["a","b"]')).toEqual(['a', 'b']);
    expect(parseWorkNotifyPayload(WORK_NOTIFY_RESCAN)).toBe(WORK_NOTIFY_RESCAN);
    expect(parseWorkNotifyPayload('{oops')).toBe(WORK_NOTIFY_RESCAN);
    expect(parseWorkNotifyPayload(undefined)).toBe(WORK_NOTIFY_RESCAN);
  });

  it('postgres – a chunk committing while a release is being decided is either in the message or late, never lost', async () => {
    const [a, b] = [await freshStore('a'), await replica('b')];
    const release: StreamCompose = (event, chunks) => ({ event: { ...event, title: chunks.map((c) => c.text).join('') }, targets: [{ channel: 'a' }] });
    await a.addChunk({ source: 'wpllm', streamId: 'race', index: 0, text: 'hello ', expiresAt: T0 + DAY });
    await a.endStream({ ...ingestOf('race_end', []), streamId: 'race', releaseAt: T0 + 1000, compose: () => undefined });

    // Replica b's chunk is held up inside its transaction (the table is locked against inserts)...
    const db = await admin();
    await db.query('BEGIN');
    await db.query('LOCK TABLE chunks IN EXCLUSIVE MODE');
    const late = b.addChunk({ source: 'wpllm', streamId: 'race', index: 1, text: 'world', expiresAt: T0 + DAY });
    await waitFor(async () => (await waitingOn(db, 'relation')) === 1, 'the chunk to wait');
    // ...while replica a decides the release: it waits for the chunk's transaction to end.
    const released = a.releaseStream('wpllm', 'race', T0 + 2, release);
    await waitFor(async () => (await waitingOn(db, 'advisory')) === 1, 'the release to wait');
    await db.query('ROLLBACK');
    await late;
    expect((await released)?.event.title).toBe('hello world');
    expect(await a.streamState('wpllm', 'race')).toMatchObject({ held: false, included: [0, 1] });
  });

  it('postgres – prune works in bounded batches and keeps what is still needed', async () => {
    const store = await freshStore();
    const db = await admin();
    const n = 2 * PRUNE_BATCH + 500;
    await db.query(
      `INSERT INTO events (id, source, type, received_at, body) SELECT 'old' || g, 'wpllm', 't', $1, '{}' FROM generate_series(1, $2) g`,
      [T0, n],
    );
    await db.query(`INSERT INTO dedupe (source, event_id, expires_at) SELECT 'wpllm', 'old' || g, $1 FROM generate_series(1, $2) g`, [T0 + 10, n]);
    // One old event in the middle is still a dead letter's.
    await db.query(
      `INSERT INTO deliveries (event_key, event_id, source, channel, status, next_attempt_at, created_at, updated_at)
       SELECT key, id, source, 'd', 'dead', $1, $1, $1 FROM events WHERE id = 'old1500'`,
      [T0],
    );
    await store.ingest(ingestOf('recent', ['r'], T0 + DAY));
    await store.prune(T0 + DAY, T0 + DAY / 2);
    const { rows } = await db.query(`SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM dedupe) AS dedupe`);
    expect(rows[0]).toEqual({ events: 2, dedupe: 1 });
    expect(await store.eventsById('old1500')).toHaveLength(1);
    expect(await store.eventsById('recent')).toHaveLength(1);
    expect(await store.purgeDead(T0 + 1)).toBe(1);
  });
});

describe('postgres store unavailable', () => {
  let store: PostgresStore;
  beforeEach(async () => {
    store = await freshStore();
  });

  it('postgres – connections cut by the server fail the writes under way as unavailable; the next write reconnects', async () => {
    const { log, lines } = captureLog('warn');
    const watched = new PostgresStore(await connectPostgres({ url: database.url, connectTimeoutMs: 5000, log }), { owner: 'w' });
    opened.push(watched);
    // Two idle connections in the pool, and one write held up on a lock.
    await Promise.all([watched.queueDepth(), watched.pendingChannels()]);
    const db = await admin();
    await db.query('BEGIN');
    await db.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    const cut = watched.ingest(ingestOf('cut', ['a']));
    await waitFor(async () => (await waitingOn(db, 'relation')) === 1, 'the write to wait');
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'herald'`);
    await expect(cut).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(cut).rejects.toThrow(/^PostgreSQL unavailable: /);
    await db.query('ROLLBACK');
    // The idle connection's loss is logged, not thrown.
    await waitFor(() => lines.some((l) => l.msg === 'PostgreSQL closed an idle connection'), 'the idle connection to be reported');
    expect(await watched.ingest(ingestOf('after', ['a']))).toMatchObject({ duplicate: false });
    expect(await watched.writable()).toBe(true);
    expect(await watched.eventsById('cut')).toEqual([]);
  });

  it('postgres – a database that cannot be reached is unavailable, and the store unwritable', async () => {
    const down = new PostgresStore(new pg.Pool({ connectionString: 'postgres://herald:s3cret@127.0.0.1:1/herald', connectionTimeoutMillis: 1000 }), { owner: 'x' });
    opened.push(down);
    const err = await down.ingest(ingestOf('e', ['a'])).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as Error).message).not.toContain('s3cret');
    await expect(down.head('a')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(down.markSent(1, T0)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await down.writable()).toBe(false);
  });

  it('postgres – a read-only database is unavailable for writes', async () => {
    const readOnly = new PostgresStore(new pg.Pool({ connectionString: database.url, options: '-c default_transaction_read_only=on' }), { owner: 'x' });
    opened.push(readOnly);
    await expect(readOnly.ingest(ingestOf('ro', ['a']))).rejects.toThrow(/^PostgreSQL unavailable: 25006 /);
    await expect(readOnly.markSent(1, T0)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await readOnly.writable()).toBe(false);
    // The same database through a writable connection.
    expect(await store.ingest(ingestOf('rw', ['a']))).toMatchObject({ duplicate: false });
  });

  it('postgres – a closed store rejects writes and reads as unavailable', async () => {
    await store.close();
    await expect(store.ingest(ingestOf('late', ['a']))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.queueDepth()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.writable()).toBe(false);
  });
});
