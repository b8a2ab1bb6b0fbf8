import type { NormalizedEvent } from '../events/event.js';
import { completionBody } from '../sources/normalize-helpers.js';
import type { StreamChunk } from '../store/store.js';

export interface StreamProgress {
  /** Distinct chunks received among those expected. */
  received: number;
  expected: number;
  complete: boolean;
}

/**
 * How much of a stream has arrived. When its end said how many chunks there are, chunks
 * 0…n-1 are expected; without a count, a gap in the indexes (0 and 2, so 1 is missing) is
 * the only sign of a missing chunk, and the highest index sets what is expected.
 */
export function streamProgress(chunks: readonly StreamChunk[], expectedChunks: number | undefined): StreamProgress {
  const indexes = new Set(chunks.map((c) => c.index));
  let highest = -1;
  for (const i of indexes) if (i > highest) highest = i;
  const expected = expectedChunks ?? highest + 1;
  let received = 0;
  for (const i of indexes) if (i < expected) received++;
  return { received, expected, complete: received >= expected };
}

/** "2 of 3 chunks received" (the same words for one chunk, so the note is easy to search for). */
export function progressNote(progress: StreamProgress): string {
  return `${progress.received} of ${progress.expected} chunks received`;
}

/**
 * The stream's end event with the whole streamed text (chunks in index order) as its body,
 * or undefined while chunks are missing and it is not `final` yet (its wait is not over).
 * Delivered incomplete, the message says so where every platform shows it: a summary note
 * "k of n chunks received", a Chunks field, and warning severity.
 */
export function assembleStream(
  event: NormalizedEvent,
  chunks: readonly StreamChunk[],
  expectedChunks: number | undefined,
  final: boolean,
): NormalizedEvent | undefined {
  const progress = streamProgress(chunks, expectedChunks);
  if (!progress.complete && !final) return undefined;
  const assembled: NormalizedEvent = { ...event };
  const body = completionBody(chunks.map((c) => c.text).join(''));
  if (body) assembled.body = body;
  else delete assembled.body;
  if (progress.complete) return assembled;

  const note = progressNote(progress);
  assembled.severity = 'warning';
  assembled.summary = event.summary ? `${note} · ${event.summary}` : `${note}: the rest did not arrive in time, so the text is incomplete`;
  assembled.fields = [{ name: 'Chunks', value: note }, ...event.fields.filter((f) => f.name !== 'Chunks')];
  return assembled;
}
