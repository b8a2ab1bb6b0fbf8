import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type { NormalizedEvent } from '../../events/event.js';
import { eventBody, renderableEvent, storedEvent, withoutData, type EventRow } from '../event-body.js';
import { jobMessageOf, jobMessageValues, type JobMessageRow } from '../job-message.js';
import {
  StoreUnavailableError,
  type ChunkRequest,
  type Delivery,
  type DeliveryQuery,
  type DeliveryTarget,
  type Fence,
  type HeldStream,
  type IngestRequest,
  type IngestResult,
  type JobMessage,
  type Store,
  type StoredEvent,
  type StreamCompose,
  type StreamEndRequest,
  type StreamEndResult,
  type StreamReleaseResult,
  type StreamState,
  type StreamChunk,
} from '../store.js';
import { WriteHealth } from '../write-health.js';
import { GroupCommit } from './group-commit.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteStreams } from './streams.js';

export interface SqliteStoreOptions {
  path: string;
  /** `full`: an acknowledged event survives power loss; `normal`: survives a process crash. */
  sync: 'full' | 'normal';
}

/**
 * Errors that mean "can't write now", answered 503 rather than treated as bugs: SQLite's
 * own codes, and the file-system errors of the WAL fdatasync (see group-commit.ts).
 */
const UNAVAILABLE = /^(SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PROTOCOL)|EIO$|ENOSPC$|EROFS$|EDQUOT$|ENOENT$)/;

function unavailable(err: unknown): unknown {
  const code = (err as { code?: string } | undefined)?.code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) return new StoreUnavailableError(`store unavailable: ${code}`, { cause: err });
  if (err instanceof TypeError && /database connection is not open/.test(err.message)) {
    return new StoreUnavailableError('store closed', { cause: err });
  }
  return err;
}

/** Page size of new databases (see `open`). */
const PAGE_SIZE_BYTES = 16_384;

/** The embedded durable store: better-sqlite3, WAL, group commit (see group-commit.ts). */
export class SqliteStore implements Store {
  readonly #db: Database;
  readonly #writes: GroupCommit;
  readonly #sql: Record<string, Statement>;
  readonly #health = new WriteHealth();
  readonly #streams: SqliteStreams;

  private constructor(db: Database, walPath: string | undefined) {
    this.#db = db;
    this.#writes = new GroupCommit(db, walPath);
    const s = (sql: string) => db.prepare(sql);
    this.#sql = {
      // Dedupe is a look-up on the event rows (see migration 3): the writes of one batch run
      // in order in one transaction, so a twin later in the same batch sees the first.
      duplicate: s('SELECT 1 FROM events WHERE id = ? AND source = ? AND dedupe_until > ? LIMIT 1').pluck(),
      eventPut: s('INSERT INTO events (id, source, type, received_at, body, raw, dedupe_until) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      deliveryPut: s(
        `INSERT INTO deliveries (event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at, mention, follow)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)`,
      ),
      chunkPut: s('INSERT OR IGNORE INTO chunks (source, stream_id, idx, text, expires_at) VALUES (?, ?, ?, ?, ?)'),
      chunksGet: s('SELECT idx AS "index", text FROM chunks WHERE source = ? AND stream_id = ? ORDER BY idx'),
      head: s(`SELECT * FROM deliveries WHERE channel = ? AND status = 'pending' ORDER BY id LIMIT 1`),
      pendingChannels: s(`SELECT DISTINCT channel FROM deliveries WHERE status = 'pending'`),
      event: s('SELECT key, body, raw FROM events WHERE key = ?'),
      body: s('SELECT body FROM events WHERE key = ?').pluck(),
      eventsById: s('SELECT key, body, raw FROM events WHERE id = ? ORDER BY key'),
      sent: s(`UPDATE deliveries SET status = 'sent', updated_at = ?, last_error = NULL WHERE id = ? AND status = 'pending'`),
      // A job message posted again (its first one deleted) keeps the job's start.
      jobPut: s(
        `INSERT INTO job_messages (source, correlation_id, channel, ref, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, correlation_id, channel) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
      ),
      jobGet: s('SELECT ref, started_at FROM job_messages WHERE source = ? AND correlation_id = ? AND channel = ?'),
      retry: s(`UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`),
      postpone: s(`UPDATE deliveries SET next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`),
      dead: s(`UPDATE deliveries SET status = 'dead', attempts = COALESCE(?, attempts), last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`),
      delivery: s('SELECT * FROM deliveries WHERE id = ?'),
      depth: s(`SELECT channel, COUNT(*) AS n FROM deliveries WHERE status = 'pending' GROUP BY channel`),
      purgeDead: s(`DELETE FROM deliveries WHERE status = 'dead' AND updated_at < ?`),
      pruneChunks: s('DELETE FROM chunks WHERE expires_at <= ?'),
      pruneSent: s(`DELETE FROM deliveries WHERE status = 'sent' AND updated_at < ?`),
      pruneJobs: s('DELETE FROM job_messages WHERE updated_at < ?'),
      pruneEvents: s(
        `DELETE FROM events WHERE key < COALESCE((SELECT key FROM events WHERE received_at >= ? ORDER BY key LIMIT 1), 9e18)
         AND (dedupe_until IS NULL OR dedupe_until <= ?)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_key = events.key)
         AND NOT EXISTS (SELECT 1 FROM streams s WHERE s.event_key = events.key AND s.released_at IS NULL)`,
      ),
      // A held stream's event gains its text later; with a raw body, `data` stays out of it.
      eventReplace: s('UPDATE events SET body = CASE WHEN raw IS NULL THEN ? ELSE ? END WHERE key = ?'),
      heartbeat: s(`INSERT OR REPLACE INTO meta (key, value) VALUES ('heartbeat', ?)`),
    };
    this.#streams = new SqliteStreams(db, {
      event: (key) => {
        const row = this.#sql.event!.get(key) as EventRow | undefined;
        return row && storedEvent(row).event;
      },
      replaceEvent: (key, event) => {
        this.#sql.eventReplace!.run(JSON.stringify(event), withoutData(event), key);
      },
      deliver: (eventKey, event, targets, now) => this.#deliver(eventKey, event, targets, now),
    });
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    try {
      if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
      const db = new BetterSqlite3(options.path);
      // A new database gets 16 KiB pages (an existing one keeps its size). An event row (raw
      // body plus normalized JSON, ~2.5 KB for a 1 KB webhook) fills most of a 4 KiB page,
      // and every page a commit touches is one WAL frame written: larger pages pack several
      // events into each frame, so a commit writes less and makes fewer system calls.
      db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
      db.pragma('journal_mode = WAL');
      // `full` durability comes from GroupCommit's own WAL fdatasync after each commit,
      // off the main thread (see group-commit.ts); SQLite itself then needs only NORMAL.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // The CLI (`herald dlq …`) may write while the server runs: wait instead of failing.
      db.pragma('busy_timeout = 5000');
      migrate(db);
      const durable = options.sync === 'full' && options.path !== ':memory:';
      return new SqliteStore(db, durable ? `${options.path}-wal` : undefined);
    } catch (err) {
      throw unavailable(err);
    }
  }

  #write<T>(work: () => T): Promise<T> {
    return this.#writes.write(work).then(
      (value) => {
        this.#health.succeeded();
        return value;
      },
      (err: unknown) => {
        const mapped = unavailable(err);
        if (mapped instanceof StoreUnavailableError) this.#health.failed();
        throw mapped;
      },
    );
  }

  #read<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(unavailable(err));
    }
  }

  ingest(request: IngestRequest): Promise<IngestResult> {
    return this.#write(() => this.#ingestNow(request));
  }

  /** The dedupe check, the event and its deliveries; runs inside a write. */
  #ingestNow({ event, targets, dedupeUntil, now, raw }: IngestRequest): IngestResult {
    if (this.#sql.duplicate!.get(event.id, event.source, now) !== undefined) return { duplicate: true };
    const { lastInsertRowid } = this.#sql.eventPut!.run(event.id, event.source, event.type, now, eventBody(event, raw), raw ?? null, dedupeUntil);
    const eventKey = Number(lastInsertRowid);
    this.#deliver(eventKey, event, targets, now);
    return { duplicate: false, deliveries: targets.length, eventKey };
  }

  #deliver(eventKey: number, event: NormalizedEvent, targets: readonly DeliveryTarget[], now: number): void {
    for (const t of targets) this.#sql.deliveryPut!.run(eventKey, event.id, event.source, t.channel, now, now, now, t.mention ?? null, t.follow ?? null);
  }

  endStream(request: StreamEndRequest): Promise<StreamEndResult> {
    return this.#write((): StreamEndResult => {
      const ingested = this.#ingestNow({ ...request, targets: [] });
      return ingested.duplicate ? ingested : this.#streams.end(ingested.eventKey, request);
    });
  }

  releaseStream(source: string, streamId: string, now: number, compose: StreamCompose): Promise<StreamReleaseResult | undefined> {
    return this.#write(() => this.#streams.release(source, streamId, now, compose));
  }

  heldStreams(): Promise<HeldStream[]> {
    return this.#read(() => this.#streams.held());
  }

  streamState(source: string, streamId: string): Promise<StreamState | undefined> {
    return this.#read(() => this.#streams.state(source, streamId));
  }

  addChunk(r: ChunkRequest): Promise<void> {
    return this.#write(() => {
      this.#sql.chunkPut!.run(r.source, r.streamId, r.index, r.text, r.expiresAt);
    });
  }

  streamChunks(source: string, streamId: string): Promise<StreamChunk[]> {
    return this.#read(() => this.#sql.chunksGet!.all(source, streamId) as StreamChunk[]);
  }

  head(channel: string): Promise<Delivery | undefined> {
    return this.#read(() => this.#sql.head!.get(channel) as Delivery | undefined);
  }

  pendingChannels(): Promise<string[]> {
    return this.#read(() => (this.#sql.pendingChannels!.all() as { channel: string }[]).map((r) => r.channel));
  }

  event(key: number): Promise<StoredEvent | undefined> {
    return this.#read(() => {
      const row = this.#sql.event!.get(key) as EventRow | undefined;
      return row && storedEvent(row);
    });
  }

  renderable(key: number): Promise<NormalizedEvent | undefined> {
    return this.#read(() => {
      const body = this.#sql.body!.get(key) as string | undefined;
      return body === undefined ? undefined : renderableEvent(body);
    });
  }

  eventsById(id: string): Promise<StoredEvent[]> {
    return this.#read(() => (this.#sql.eventsById!.all(id) as EventRow[]).map(storedEvent));
  }

  /** The job message is written in the same transaction, and only if the delivery was still pending. */
  markSent(id: number, now: number, _fence?: Fence, job?: JobMessage): Promise<void> {
    return this.#write(() => {
      if (this.#sql.sent!.run(now, id).changes > 0 && job) this.#sql.jobPut!.run(...jobMessageValues(job), now);
    });
  }

  jobMessage(source: string, correlationId: string, channel: string): Promise<JobMessage | undefined> {
    return this.#read(() => {
      const row = this.#sql.jobGet!.get(source, correlationId, channel) as JobMessageRow | undefined;
      return row && jobMessageOf(source, correlationId, channel, row);
    });
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number): Promise<void> {
    return this.#write(() => void this.#sql.retry!.run(attempts, nextAttemptAt, error, now, id));
  }

  postpone(id: number, nextAttemptAt: number, error: string, now: number): Promise<void> {
    return this.#write(() => void this.#sql.postpone!.run(nextAttemptAt, error, now, id));
  }

  markDead(id: number, error: string, now: number, attempts?: number): Promise<void> {
    return this.#write(() => void this.#sql.dead!.run(attempts ?? null, error, now, id));
  }

  delivery(id: number): Promise<Delivery | undefined> {
    return this.#read(() => this.#sql.delivery!.get(id) as Delivery | undefined);
  }

  deliveries(query: DeliveryQuery): Promise<Delivery[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.status) (where.push('status = ?'), args.push(query.status));
    if (query.channel) (where.push('channel = ?'), args.push(query.channel));
    if (query.eventKey !== undefined) (where.push('event_key = ?'), args.push(query.eventKey));
    const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    return this.#read(() => this.#db.prepare(sql).all(...args, query.limit ?? 100) as Delivery[]);
  }

  retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number> {
    const where = [`status = 'dead'`];
    const args: unknown[] = [];
    if (filter.ids) (where.push(`id IN (${filter.ids.map(() => '?').join(',') || 'NULL'})`), args.push(...filter.ids));
    if (filter.channel) (where.push('channel = ?'), args.push(filter.channel));
    const sql = `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE ${where.join(' AND ')}`;
    return this.#write(() => this.#db.prepare(sql).run(now, now, ...args).changes);
  }

  purgeDead(olderThan: number): Promise<number> {
    return this.#write(() => this.#sql.purgeDead!.run(olderThan).changes);
  }

  queueDepth(): Promise<Record<string, number>> {
    return this.#read(() => Object.fromEntries((this.#sql.depth!.all() as { channel: string; n: number }[]).map((r) => [r.channel, r.n])));
  }

  prune(now: number, before: number): Promise<void> {
    return this.#write(() => {
      this.#sql.pruneChunks!.run(now);
      this.#streams.prune(now);
      this.#sql.pruneSent!.run(before);
      this.#sql.pruneJobs!.run(before);
      this.#sql.pruneEvents!.run(before, now);
    });
  }

  async writable(): Promise<boolean> {
    if (!this.#db.open) return false;
    return this.#health.ready(() => this.#write(() => this.#sql.heartbeat!.run(String(Date.now()))));
  }

  async close(): Promise<void> {
    // Let the writes already made commit and sync first (see GroupCommit).
    await this.#writes.settled();
    this.#writes.close();
    if (this.#db.open) this.#db.close();
  }
}

function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
