import type pg from 'pg';
import type { NormalizedEvent } from '../../events/event.js';
import { renderableEvent, storedEvent, type EventRow } from '../event-body.js';
import { jobMessageOf, jobMessageValues, type JobMessageRow } from '../job-message.js';
import {
  StoreUnavailableError,
  type ChunkRequest,
  type Delivery,
  type DeliveryQuery,
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
import { unavailable } from './errors.js';
import { PgGroupCommit, type Work } from './group-commit.js';
import { OUTCOMES, writeOutcome } from './outcomes.js';
import { deleteInBatches, prune } from './prune.js';
import { DELIVERY_COLUMNS, eventRow, ingest, type Query } from './statements.js';
import { addChunk, endStream, heldStreams, releaseStream, streamState } from './streams.js';

export interface PostgresStoreOptions {
  /** This replica's id: the lease owner its fenced outcome writes must match. */
  owner: string;
}

/**
 * The shared durable store (`storage.driver: postgres`): every replica of Herald reads and
 * writes the same database. Webhook writes are group-committed (see PgGroupCommit) and
 * announce the channels they fill with a notification (see notify.ts); outcome writes are
 * single statements, fenced by the channel lease when the worker passes one. The pool
 * comes from `connectPostgres` (schema migrated, BIGINT as numbers); `close` ends it.
 */
export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #owner: string;
  readonly #writes: PgGroupCommit;
  readonly #health = new WriteHealth();
  readonly #query: Query;
  #closed = false;

  constructor(pool: pg.Pool, options: PostgresStoreOptions) {
    this.#pool = pool;
    this.#owner = options.owner;
    this.#writes = new PgGroupCommit(pool);
    this.#query = (query, values) => pool.query(query as pg.QueryConfig, values);
  }

  /** Write transactions begun so far; each holds one or more writes (group commit). */
  get transactions(): number {
    return this.#writes.transactions;
  }

  /** A group-committed write; its failure to reach the database marks the store unwritable. */
  #write<T>(work: Work<T>, order?: string): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('store closed'));
    return this.#tracked(this.#writes.write(work, order));
  }

  /** A write committed on its own (outcomes, housekeeping). */
  #writeNow<T>(work: (query: Query) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('store closed'));
    return this.#tracked(work(this.#query));
  }

  #tracked<T>(write: Promise<T>): Promise<T> {
    return write.then(
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

  async #read<T>(work: (query: Query) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('store closed');
    try {
      return await work(this.#query);
    } catch (err) {
      throw unavailable(err);
    }
  }

  ingest(request: IngestRequest): Promise<IngestResult> {
    return this.#write((tx) => ingest(tx, request), dedupeOrder(request));
  }

  endStream(request: StreamEndRequest): Promise<StreamEndResult> {
    return this.#write(async (tx): Promise<StreamEndResult> => {
      const ingested = await ingest(tx, { ...request, targets: [] });
      return ingested.duplicate ? ingested : endStream(tx, ingested.eventKey, request);
    }, dedupeOrder(request));
  }

  releaseStream(source: string, streamId: string, now: number, compose: StreamCompose): Promise<StreamReleaseResult | undefined> {
    return this.#write((tx) => releaseStream(tx, source, streamId, now, compose), streamOrder(source, streamId));
  }

  heldStreams(): Promise<HeldStream[]> {
    return this.#read((query) => heldStreams(query));
  }

  streamState(source: string, streamId: string): Promise<StreamState | undefined> {
    return this.#read((query) => streamState(query, source, streamId));
  }

  addChunk(request: ChunkRequest): Promise<void> {
    return this.#write((tx) => addChunk(tx, request), streamOrder(request.source, request.streamId));
  }

  streamChunks(source: string, streamId: string): Promise<StreamChunk[]> {
    return this.#read(async (query) => {
      const { rows } = await query<StreamChunk>('SELECT idx AS "index", text FROM chunks WHERE source = $1 AND stream_id = $2 ORDER BY idx', [source, streamId]);
      return rows;
    });
  }

  head(channel: string): Promise<Delivery | undefined> {
    return this.#read(async (query) => {
      const { rows } = await query<Delivery>({
        name: 'herald_head',
        text: `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE channel = $1 AND status = 'pending' ORDER BY id LIMIT 1`,
        values: [channel],
      });
      return rows[0];
    });
  }

  pendingChannels(): Promise<string[]> {
    return this.#read(async (query) => {
      const { rows } = await query<{ channel: string }>(`SELECT DISTINCT channel FROM deliveries WHERE status = 'pending'`);
      return rows.map((r) => r.channel);
    });
  }

  event(key: number): Promise<StoredEvent | undefined> {
    return this.#read(async (query) => {
      const row = await eventRow(query, key);
      return row && storedEvent(row);
    });
  }

  renderable(key: number): Promise<NormalizedEvent | undefined> {
    return this.#read(async (query) => {
      const { rows } = await query<{ body: string }>({ name: 'herald_body', text: 'SELECT body FROM events WHERE key = $1', values: [key] });
      return rows[0] && renderableEvent(rows[0].body);
    });
  }

  eventsById(id: string): Promise<StoredEvent[]> {
    return this.#read(async (query) => {
      const { rows } = await query<EventRow>('SELECT key, body, raw FROM events WHERE id = $1 ORDER BY key', [id]);
      return rows.map(storedEvent);
    });
  }

  /** With a job, its message is written by the same statement, only if the delivery was marked sent (see OUTCOMES). */
  markSent(id: number, now: number, fence?: Fence, job?: JobMessage): Promise<void> {
    if (!job) return this.#writeNow(() => writeOutcome(this.#pool, this.#owner, OUTCOMES.sent, id, [now], fence));
    return this.#writeNow(() => writeOutcome(this.#pool, this.#owner, OUTCOMES.sentWithJob, id, [now, ...jobMessageValues(job)], fence));
  }

  jobMessage(source: string, correlationId: string, channel: string): Promise<JobMessage | undefined> {
    return this.#read(async (query) => {
      const { rows } = await query<JobMessageRow>({
        name: 'herald_job_message',
        text: 'SELECT ref, started_at FROM job_messages WHERE source = $1 AND correlation_id = $2 AND channel = $3',
        values: [source, correlationId, channel],
      });
      return rows[0] && jobMessageOf(source, correlationId, channel, rows[0]);
    });
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number, fence?: Fence): Promise<void> {
    return this.#writeNow(() => writeOutcome(this.#pool, this.#owner, OUTCOMES.retry, id, [attempts, nextAttemptAt, error, now], fence));
  }

  postpone(id: number, nextAttemptAt: number, error: string, now: number, fence?: Fence): Promise<void> {
    return this.#writeNow(() => writeOutcome(this.#pool, this.#owner, OUTCOMES.postpone, id, [nextAttemptAt, error, now], fence));
  }

  markDead(id: number, error: string, now: number, attempts?: number, fence?: Fence): Promise<void> {
    return this.#writeNow(() => writeOutcome(this.#pool, this.#owner, OUTCOMES.dead, id, [attempts ?? null, error, now], fence));
  }

  delivery(id: number): Promise<Delivery | undefined> {
    return this.#read(async (query) => {
      const { rows } = await query<Delivery>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
      return rows[0];
    });
  }

  deliveries(q: DeliveryQuery): Promise<Delivery[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const param = (value: unknown) => `$${args.push(value)}`;
    if (q.status) where.push(`status = ${param(q.status)}`);
    if (q.channel) where.push(`channel = ${param(q.channel)}`);
    if (q.eventKey !== undefined) where.push(`event_key = ${param(q.eventKey)}`);
    const sql = `SELECT ${DELIVERY_COLUMNS} FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${param(q.limit ?? 100)}`;
    return this.#read(async (query) => (await query<Delivery>(sql, args)).rows);
  }

  retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number> {
    const where = [`status = 'dead'`];
    const args: unknown[] = [now];
    if (filter.ids) where.push(`id = ANY ($${args.push(filter.ids)}::bigint[])`);
    if (filter.channel) where.push(`channel = $${args.push(filter.channel)}`);
    const sql = `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1 WHERE ${where.join(' AND ')} RETURNING channel`;
    return this.#write(async (tx) => {
      const { rows } = await tx.query<{ channel: string }>(sql, args);
      tx.queued(rows.map((r) => r.channel));
      return rows.length;
    });
  }

  purgeDead(olderThan: number): Promise<number> {
    return this.#writeNow((query) => deleteInBatches(query, 'deliveries', `status = 'dead' AND updated_at < $1`, [olderThan]));
  }

  queueDepth(): Promise<Record<string, number>> {
    return this.#read(async (query) => {
      const { rows } = await query<{ channel: string; n: number }>(`SELECT channel, count(*)::int AS n FROM deliveries WHERE status = 'pending' GROUP BY channel`);
      return Object.fromEntries(rows.map((r) => [r.channel, r.n]));
    });
  }

  prune(now: number, before: number): Promise<void> {
    return this.#writeNow((query) => prune(query, now, before));
  }

  async writable(): Promise<boolean> {
    if (this.#closed) return false;
    // The test write: a dedupe row no source can match (empty source) and already expired.
    return this.#health.ready(() =>
      this.#write((tx) =>
        tx.query(`INSERT INTO dedupe (source, event_id, expires_at) VALUES ('', 'herald:heartbeat', 0) ON CONFLICT (source, event_id) DO UPDATE SET expires_at = 0`),
      ),
    );
  }

  /** Lets the writes already made commit, then ends the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes.settled();
    await this.#pool.end();
  }
}

/*
 * Where a write goes in its batch (see PgGroupCommit.write): writes whose first lock is a
 * stream's come first, by stream; then those that first claim a dedupe row, by that row's
 * key. Replicas' batches then mostly take the same locks in the same order.
 */
function dedupeOrder({ event }: { event: NormalizedEvent }): string {
  return `\u0001${event.source}\u0001${event.id}`;
}

function streamOrder(source: string, streamId: string): string {
  return `\u0000${source}\u0001${streamId}`;
}
