import type { NormalizedEvent } from '../../events/event.js';
import { eventBody, withoutData, type EventRow } from '../event-body.js';
import type { DeliveryTarget, IngestRequest, IngestResult } from '../store.js';
import type { Tx } from './group-commit.js';

/** Runs one statement: a transaction's (Tx) or the pool's. */
export type Query = Tx['query'];

/**
 * A delivery row as `Delivery` has it. Columns are named rather than `*`: prepared
 * statements keep their result shape, and a column added by a later migration (applied by
 * a newer replica during a rolling upgrade) would break a prepared `SELECT *`.
 */
export const DELIVERY_COLUMNS =
  'id, event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at, last_error, mention, follow';

/**
 * Ingest in one statement (one round trip): the dedupe row is claimed — inserted, or taken
 * over once its window has passed — and only if that succeeded are the event and its
 * deliveries inserted. A concurrent claim of the same (source, id) by another transaction
 * waits for it on the primary key, then sees the committed window and inserts nothing:
 * two replicas accepting one event store it once. Deliveries take ids in target order.
 */
const INGEST_SQL = `
  WITH claimed AS (
    INSERT INTO dedupe (source, event_id, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (source, event_id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE dedupe.expires_at <= $4
    RETURNING 1
  ), stored AS (
    INSERT INTO events (id, source, type, received_at, body, raw)
    SELECT $2, $1, $5, $4, $6, $7 FROM claimed
    RETURNING key
  ), queued AS (
    INSERT INTO deliveries (event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at, mention, follow)
    SELECT stored.key, $2, $1, t.channel, 'pending', 0, $4, $4, $4, t.mention, t.follow
    FROM stored, unnest($8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS t (channel, mention, follow, ord)
    ORDER BY t.ord
    RETURNING 1
  )
  SELECT key FROM stored`;

const DELIVER_SQL = `
  INSERT INTO deliveries (event_key, event_id, source, channel, status, attempts, next_attempt_at, created_at, updated_at, mention, follow)
  SELECT $1, $2, $3, t.channel, 'pending', 0, $4, $4, $4, t.mention, t.follow
  FROM unnest($5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t (channel, mention, follow, ord)
  ORDER BY t.ord`;

/** The dedupe claim, the event and its deliveries (see INGEST_SQL), inside a write. */
export async function ingest(tx: Tx, { event, raw, targets, dedupeUntil, now }: IngestRequest): Promise<IngestResult> {
  const { rows } = await tx.query<{ key: number }>({
    name: 'herald_ingest',
    text: INGEST_SQL,
    values: [
      event.source,
      event.id,
      dedupeUntil,
      now,
      event.type,
      eventBody(event, raw),
      raw ?? null,
      targets.map((t) => t.channel),
      targets.map((t) => t.mention ?? null),
      targets.map((t) => t.follow ?? null),
    ],
  });
  const eventKey = rows[0]?.key;
  if (eventKey === undefined) return { duplicate: true };
  tx.queued(targets.map((t) => t.channel));
  return { duplicate: false, deliveries: targets.length, eventKey };
}

/** Queues deliveries of a stored event, inside a write. */
export async function deliver(tx: Tx, eventKey: number, event: NormalizedEvent, targets: readonly DeliveryTarget[], now: number): Promise<void> {
  if (targets.length === 0) return;
  await tx.query({
    name: 'herald_deliver',
    text: DELIVER_SQL,
    values: [
      eventKey,
      event.id,
      event.source,
      now,
      targets.map((t) => t.channel),
      targets.map((t) => t.mention ?? null),
      targets.map((t) => t.follow ?? null),
    ],
  });
  tx.queued(targets.map((t) => t.channel));
}

export async function eventRow(query: Query, key: number): Promise<EventRow | undefined> {
  const { rows } = await query<EventRow>({ name: 'herald_event', text: 'SELECT key, body, raw FROM events WHERE key = $1', values: [key] });
  return rows[0];
}

/** Replaces a stored event's normalized form; its raw body stays (and `data` stays out of `body` then). */
export async function replaceEvent(tx: Tx, key: number, event: NormalizedEvent): Promise<void> {
  await tx.query('UPDATE events SET body = CASE WHEN raw IS NULL THEN $1 ELSE $2 END WHERE key = $3', [JSON.stringify(event), withoutData(event), key]);
}
