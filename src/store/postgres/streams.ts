/*
 * The `streams` and `chunks` tables in PostgreSQL, as SqliteStreams has them in SQLite: a
 * stream whose end event has arrived is held (released_at NULL) until compose releases it;
 * then its deliveries are queued and the chunk indexes its message holds are remembered.
 * Writes run inside the caller's transaction (PgGroupCommit) and lock the stream first
 * (see `lockStream`).
 */
import type { NormalizedEvent } from '../../events/event.js';
import { storedEvent } from '../event-body.js';
import type {
  ChunkRequest,
  HeldStream,
  StreamChunk,
  StreamCompose,
  StreamEndRequest,
  StreamEndResult,
  StreamReleaseResult,
  StreamState,
} from '../store.js';
import { heldStreamOf, streamStateOf, type StreamRow } from '../stream-row.js';
import type { Tx } from './group-commit.js';
import { deliver, eventRow, replaceEvent, type Query } from './statements.js';


/**
 * First key of the two-key advisory locks that guard streams: the second is a hash of the
 * stream's (source, id). Two-key locks live apart from one-key (bigint) ones, so these
 * never meet the migration lock; a hash collision only makes two streams take turns.
 */
const STREAM_LOCK_SPACE = 0x48726c64;

/**
 * Locks a stream until the transaction ends: exclusively to decide its release, shared to
 * add a chunk. Every replica takes it, so a chunk is committed either before a release
 * reads the chunks (and is in the message) or after its deliveries are committed (and is
 * late): never between the compose decision and its deliveries.
 */
async function lockStream(tx: Tx, source: string, streamId: string, mode: 'exclusive' | 'shared'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.query({
    name: `herald_lock_stream_${mode}`,
    text: `SELECT ${fn}($1::int, hashtext($2 || chr(31) || $3))`,
    values: [STREAM_LOCK_SPACE, source, streamId],
  });
}

/** Stores one chunk; a repeated (stream, index) is ignored. */
export async function addChunk(tx: Tx, r: ChunkRequest): Promise<void> {
  await lockStream(tx, r.source, r.streamId, 'shared');
  await tx.query({
    name: 'herald_chunk',
    text: 'INSERT INTO chunks (source, stream_id, idx, text, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    values: [r.source, r.streamId, r.index, r.text, r.expiresAt],
  });
}

/** After the end event was stored under `eventKey`: remember the stream, release it if compose answers. */
export async function endStream(tx: Tx, eventKey: number, r: StreamEndRequest): Promise<StreamEndResult> {
  const { source, id } = r.event;
  await lockStream(tx, source, r.streamId, 'exclusive');
  const added = await tx.query(
    `INSERT INTO streams (source, stream_id, event_key, event_id, expected, release_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (source, stream_id) DO NOTHING`,
    [source, r.streamId, eventKey, id, r.expectedChunks ?? null, r.releaseAt, r.dedupeUntil],
  );
  if (added.rowCount === 0) return { duplicate: false, eventKey, deliveries: 0, held: false, repeated: true };
  const row = { source, stream_id: r.streamId, event_key: eventKey, expected: r.expectedChunks ?? null };
  const released = await release(tx, row, r.event, r.now, r.compose);
  if (!released) return { duplicate: false, eventKey, deliveries: 0, held: true };
  return { duplicate: false, eventKey, deliveries: released.targets.length, held: false, released };
}

export async function releaseStream(tx: Tx, source: string, streamId: string, now: number, compose: StreamCompose): Promise<StreamReleaseResult | undefined> {
  await lockStream(tx, source, streamId, 'exclusive');
  const { rows } = await tx.query<StreamRow>('SELECT * FROM streams WHERE source = $1 AND stream_id = $2 AND released_at IS NULL', [source, streamId]);
  const row = rows[0];
  if (!row) return undefined;
  const stored = await eventRow(tx.query, row.event_key);
  if (!stored) {
    // Its event is gone: nothing left to deliver, and it must not be retried forever.
    await markReleased(tx, source, streamId, now, []);
    return undefined;
  }
  return release(tx, row, storedEvent(stored).event, now, compose);
}

export async function heldStreams(query: Query): Promise<HeldStream[]> {
  const { rows } = await query<StreamRow>('SELECT source, stream_id, event_key, release_at FROM streams WHERE released_at IS NULL ORDER BY release_at');
  return rows.map(heldStreamOf);
}

export async function streamState(query: Query, source: string, streamId: string): Promise<StreamState | undefined> {
  const { rows } = await query<StreamRow>('SELECT * FROM streams WHERE source = $1 AND stream_id = $2', [source, streamId]);
  const row = rows[0];
  if (!row) return undefined;
  return streamStateOf(row);
}

async function release(
  tx: Tx,
  row: Pick<StreamRow, 'source' | 'stream_id' | 'event_key' | 'expected'>,
  event: NormalizedEvent,
  now: number,
  compose: StreamCompose,
): Promise<StreamReleaseResult | undefined> {
  const { rows: chunks } = await tx.query<StreamChunk>(
    'SELECT idx AS "index", text FROM chunks WHERE source = $1 AND stream_id = $2 ORDER BY idx',
    [row.source, row.stream_id],
  );
  const composed = compose(event, chunks, row.expected ?? undefined);
  if (!composed) return undefined;
  await replaceEvent(tx, row.event_key, composed.event);
  await deliver(tx, row.event_key, composed.event, composed.targets, now);
  await markReleased(tx, row.source, row.stream_id, now, chunks.map((c) => c.index));
  return { eventKey: row.event_key, ...composed };
}

async function markReleased(tx: Tx, source: string, streamId: string, now: number, included: number[]): Promise<void> {
  await tx.query('UPDATE streams SET released_at = $1, included = $2 WHERE source = $3 AND stream_id = $4', [now, JSON.stringify(included), source, streamId]);
}
