import type { JobMessage } from './store.js';

/** A `job_messages` row as the SQL stores read it: the reference is kept as JSON text. */
export interface JobMessageRow {
  ref: string;
  started_at: number;
}

/** The row's columns a job message is written with, in the stores' parameter order. */
export function jobMessageValues(job: JobMessage): [string, string, string, string, number] {
  return [job.source, job.correlationId, job.channel, JSON.stringify(job.ref), job.startedAt];
}

/** A stored job message as `Queue.jobMessage` gives it back. */
export function jobMessageOf(source: string, correlationId: string, channel: string, row: JobMessageRow): JobMessage {
  return { source, correlationId, channel, ref: JSON.parse(row.ref) as JobMessage['ref'], startedAt: row.started_at };
}
