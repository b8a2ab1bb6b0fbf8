import type { Database, Statement } from 'better-sqlite3';
import type { NormalizedEvent } from '../../events/event.js';
import type {
  DeliveryTarget,
  HeldStream,
  StreamChunk,
  StreamCompose,
  StreamEndRequest,
  StreamEndResult,
  StreamReleaseResult,
  StreamState,
} from '../store.js';
import { heldStreamOf, streamStateOf, type StreamRow } from '../stream-row.js';

/** What stream statements need from the rest of the store, inside the same transaction. */
export interface StreamHost {
  event(key: number): NormalizedEvent | undefined;
  /** Replaces a stored event's normalized form; its raw body stays. */
  replaceEvent(key: number, event: NormalizedEvent): void;
  deliver(eventKey: number, event: NormalizedEvent, targets: DeliveryTarget[], now: number): void;
}


/**
 * The `streams` table: a stream whose end event has arrived is held (released_at NULL)
 * until compose releases it; then its deliveries are queued and the chunk indexes its
 * message holds are remembered, so a chunk arriving later is known to be late. Every
 * method runs inside the caller's transaction (SqliteStore's group commit) or read.
 */
export class SqliteStreams {
  readonly #host: StreamHost;
  readonly #sql: Record<'put' | 'heldOne' | 'chunks' | 'release' | 'held' | 'state' | 'prune', Statement>;

  constructor(db: Database, host: StreamHost) {
    this.#host = host;
    const s = (sql: string) => db.prepare(sql);
    this.#sql = {
      put: s(
        `INSERT INTO streams (source, stream_id, event_key, event_id, expected, release_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, stream_id) DO NOTHING`,
      ),
      heldOne: s('SELECT * FROM streams WHERE source = ? AND stream_id = ? AND released_at IS NULL'),
      chunks: s('SELECT idx AS "index", text FROM chunks WHERE source = ? AND stream_id = ? ORDER BY idx'),
      release: s('UPDATE streams SET released_at = ?, included = ? WHERE source = ? AND stream_id = ?'),
      held: s('SELECT source, stream_id, event_key, release_at FROM streams WHERE released_at IS NULL ORDER BY release_at'),
      state: s('SELECT * FROM streams WHERE source = ? AND stream_id = ?'),
      prune: s('DELETE FROM streams WHERE expires_at <= ? AND released_at IS NOT NULL'),
    };
  }

  /** After the end event was stored under `eventKey`: remember the stream, release it if compose answers. */
  end(eventKey: number, r: StreamEndRequest): StreamEndResult {
    const { source, id } = r.event;
    const added = this.#sql.put.run(source, r.streamId, eventKey, id, r.expectedChunks ?? null, r.releaseAt, r.dedupeUntil).changes;
    if (added === 0) return { duplicate: false, eventKey, deliveries: 0, held: false, repeated: true };
    const row = { source, stream_id: r.streamId, event_key: eventKey, expected: r.expectedChunks ?? null };
    const released = this.#release(row, r.event, r.now, r.compose);
    if (!released) return { duplicate: false, eventKey, deliveries: 0, held: true };
    return { duplicate: false, eventKey, deliveries: released.targets.length, held: false, released };
  }

  release(source: string, streamId: string, now: number, compose: StreamCompose): StreamReleaseResult | undefined {
    const row = this.#sql.heldOne.get(source, streamId) as StreamRow | undefined;
    if (!row) return undefined;
    const event = this.#host.event(row.event_key);
    if (!event) {
      // Its event is gone: nothing left to deliver, and it must not be retried forever.
      this.#sql.release.run(now, '[]', source, streamId);
      return undefined;
    }
    return this.#release(row, event, now, compose);
  }

  held(): HeldStream[] {
    return (this.#sql.held.all() as StreamRow[]).map(heldStreamOf);
  }

  state(source: string, streamId: string): StreamState | undefined {
    const row = this.#sql.state.get(source, streamId) as StreamRow | undefined;
    return row && streamStateOf(row);
  }

  prune(now: number): void {
    this.#sql.prune.run(now);
  }

  #release(
    row: Pick<StreamRow, 'source' | 'stream_id' | 'event_key' | 'expected'>,
    event: NormalizedEvent,
    now: number,
    compose: StreamCompose,
  ): StreamReleaseResult | undefined {
    const chunks = this.#sql.chunks.all(row.source, row.stream_id) as StreamChunk[];
    const composed = compose(event, chunks, row.expected ?? undefined);
    if (!composed) return undefined;
    this.#host.replaceEvent(row.event_key, composed.event);
    this.#host.deliver(row.event_key, composed.event, composed.targets, now);
    this.#sql.release.run(now, JSON.stringify(chunks.map((c) => c.index)), row.source, row.stream_id);
    return { eventKey: row.event_key, ...composed };
  }
}
