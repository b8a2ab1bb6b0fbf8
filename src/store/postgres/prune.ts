import type { Query } from './statements.js';

/**
 * Rows one housekeeping statement deletes at most. Each batch commits on its own, so a
 * prune of millions of rows never holds locks (or a snapshot) for long and ingest goes on
 * meanwhile.
 */
export const PRUNE_BATCH = 1000;

/**
 * Deletes the rows `where` selects, PRUNE_BATCH at a time, until a batch comes up short;
 * returns how many went. The condition is checked again on each row as it is deleted: a
 * row changed meanwhile by another transaction (a dedupe window renewed, a dead letter
 * retried) is kept when it no longer matches.
 */
export async function deleteInBatches(query: Query, table: string, where: string, values: unknown[]): Promise<number> {
  const sql = `DELETE FROM ${table} WHERE ctid = ANY (ARRAY (SELECT ctid FROM ${table} WHERE ${where} LIMIT ${PRUNE_BATCH})) AND ${where}`;
  let total = 0;
  for (;;) {
    const { rowCount } = await query(sql, values);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < PRUNE_BATCH) return total;
  }
}

/**
 * One page of old events (by key, after `after`), of which those deleted that nothing
 * needs any more: their dedupe window has passed, no delivery refers to them, and no held
 * stream waits to become them.
 */
const PRUNE_EVENTS_SQL = `
  WITH page AS (
    SELECT key FROM events WHERE received_at < $1 AND key > $3 ORDER BY key LIMIT ${PRUNE_BATCH}
  ), gone AS (
    DELETE FROM events e USING page
    WHERE e.key = page.key
      AND NOT EXISTS (SELECT 1 FROM dedupe d WHERE d.source = e.source AND d.event_id = e.id AND d.expires_at > $2)
      AND NOT EXISTS (SELECT 1 FROM deliveries dl WHERE dl.event_key = e.key)
      AND NOT EXISTS (SELECT 1 FROM streams s WHERE s.event_key = e.key AND s.released_at IS NULL)
    RETURNING 1
  )
  SELECT count(*)::int AS scanned, max(key) AS last FROM page`;

/**
 * Forgets what Herald no longer needs (see Admin.prune), batch by batch. Events are walked
 * by key, a page at a time, so old events that must stay (a dead letter still refers to
 * them) are looked at once per prune, not once per batch.
 */
export async function prune(query: Query, now: number, before: number): Promise<void> {
  await deleteInBatches(query, 'dedupe', 'expires_at <= $1', [now]);
  await deleteInBatches(query, 'chunks', 'expires_at <= $1', [now]);
  await deleteInBatches(query, 'streams', 'released_at IS NOT NULL AND expires_at <= $1', [now]);
  await deleteInBatches(query, 'deliveries', `status = 'sent' AND updated_at < $1`, [before]);
  await deleteInBatches(query, 'job_messages', 'updated_at < $1', [before]);
  let after = 0;
  for (;;) {
    const { rows } = await query<{ scanned: number; last: number | null }>(PRUNE_EVENTS_SQL, [before, now, after]);
    const page = rows[0];
    if (!page || page.scanned < PRUNE_BATCH || page.last === null) return;
    after = page.last;
  }
}
