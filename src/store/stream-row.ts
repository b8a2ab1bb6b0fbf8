import type { HeldStream, StreamState } from './store.js';

/** A row of the `streams` table, as both SQL stores read it. */
export interface StreamRow {
  source: string;
  stream_id: string;
  event_key: number;
  event_id: string;
  expected: number | null;
  release_at: number;
  released_at: number | null;
  /** JSON list of the chunk indexes the delivered message holds. */
  included: string | null;
}

export function heldStreamOf(row: Pick<StreamRow, 'source' | 'stream_id' | 'event_key' | 'release_at'>): HeldStream {
  return { source: row.source, streamId: row.stream_id, eventKey: Number(row.event_key), releaseAt: Number(row.release_at) };
}

export function streamStateOf(row: StreamRow): StreamState {
  const held = row.released_at === null;
  return { eventKey: Number(row.event_key), eventId: row.event_id, held, included: held ? [] : (JSON.parse(row.included ?? '[]') as number[]) };
}
