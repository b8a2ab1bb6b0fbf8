import type pg from 'pg';
import { FencedOutError, type Fence } from '../store.js';

/** An outcome write: the SET clause of its UPDATE, whose parameters start at $2 ($1 is the delivery id). */
interface Outcome {
  plain: pg.QueryConfig;
  fenced: pg.QueryConfig;
}

/**
 * The UPDATE of one outcome, unfenced and fenced. Both change a pending delivery only.
 * The fenced one also requires the lease it names to be this replica's, with the same
 * token, and unexpired by the database's clock; it reports whether it changed the row and
 * the delivery's status as it was, so a refusal can be told from a repeated write.
 *
 * `then`, when given, is a further write in the same statement that reads the CTE
 * `changed` (one row when the UPDATE applied, none otherwise): it happens only if the
 * outcome was recorded, atomically with it. Its parameters come after the SET clause's
 * and count in `params`.
 */
function outcome(name: string, set: string, params: number, then?: string): Outcome {
  const update = `UPDATE deliveries SET ${set} WHERE id = $1 AND status = 'pending'`;
  const [channel, owner, token] = [params + 2, params + 3, params + 4].map((n) => `$${n}`);
  return {
    plain: { name: `herald_${name}`, text: then ? `WITH changed AS (${update} RETURNING 1) ${then}` : update },
    fenced: {
      name: `herald_${name}_fenced`,
      text: `
        WITH changed AS (
          ${update} AND EXISTS (
            SELECT 1 FROM leases l
            WHERE l.channel = ${channel} AND l.owner = ${owner} AND l.token = ${token}
          )
          RETURNING 1
        )${then ? `, followed AS (${then} RETURNING 1)` : ''}
        SELECT EXISTS (SELECT 1 FROM changed) AS changed, (SELECT status FROM deliveries WHERE id = $1) AS status`,
    },
  };
}

const SENT = `status = 'sent', updated_at = $2, last_error = NULL`;

/**
 * The job's message (source $3, correlation id $4, channel $5, reference $6, start $7),
 * written once the delivery is marked sent. A job message posted again (its first one
 * deleted) replaces the reference but keeps the job's start.
 */
const JOB_MESSAGE = `
  INSERT INTO job_messages (source, correlation_id, channel, ref, started_at, updated_at)
  SELECT $3::text, $4::text, $5::text, $6::text, $7::bigint, $2 FROM changed
  ON CONFLICT (source, correlation_id, channel) DO UPDATE SET ref = EXCLUDED.ref, updated_at = EXCLUDED.updated_at`;

export const OUTCOMES = {
  sent: outcome('sent', SENT, 1),
  sentWithJob: outcome('sent_job', SENT, 6, JOB_MESSAGE),
  retry: outcome('retry', 'attempts = $2, next_attempt_at = $3, last_error = $4, updated_at = $5', 4),
  postpone: outcome('postpone', 'next_attempt_at = $2, last_error = $3, updated_at = $4', 3),
  dead: outcome('dead', `status = 'dead', attempts = COALESCE($2::int, attempts), last_error = $3, updated_at = $4`, 3),
};

/**
 * Runs an outcome write (one statement, committed on its own). Fenced, it is refused with
 * FencedOutError when it changed nothing while the delivery is still pending: the lease
 * has moved on and the delivery is another replica's now. A delivery already sent or dead
 * is left alone quietly either way, so repeating a write whose result was lost is harmless.
 */
export async function writeOutcome(pool: pg.Pool, owner: string, o: Outcome, id: number, values: unknown[], fence?: Fence): Promise<void> {
  if (!fence) {
    await pool.query({ ...o.plain, values: [id, ...values] });
    return;
  }
  const { rows } = await pool.query<{ changed: boolean; status: string | null }>({ ...o.fenced, values: [id, ...values, fence.channel, owner, fence.token] });
  const row = rows[0];
  if (row && !row.changed && row.status === 'pending') throw new FencedOutError(fence);
}
