import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../metrics.js';
import type { DriftEntry } from '../sources/lenient.js';

/** One warning per source + field at most this often: drift is news once, not per event. */
export const DRIFT_WARN_INTERVAL_MS = 3_600_000;
/**
 * Distinct fields tracked per source. Field paths come from the providers' schemas (array
 * indexes collapsed), so they are few; the cap keeps the metric's labels bounded anyway.
 */
export const MAX_DRIFT_FIELDS_PER_SOURCE = 100;
/** The label of fields beyond the cap. */
export const OTHER_FIELD = '(other)';

export interface DriftLogDeps {
  log: FastifyBaseLogger;
  metrics: Metrics;
  now?: () => number;
}

/**
 * Turns a request's drifted fields into `herald_payload_drift_total{source,field}` and a
 * warning per source + field per hour. Logs name the field path and the JSON kinds
 * expected and found, never a value.
 */
export class DriftLog {
  readonly #deps: DriftLogDeps;
  /** source → field → when it was last logged. */
  readonly #warnedAt = new Map<string, Map<string, number>>();

  constructor(deps: DriftLogDeps) {
    this.#deps = deps;
  }

  report(source: string, entries: readonly DriftEntry[]): void {
    if (entries.length === 0) return;
    const now = (this.#deps.now ?? Date.now)();
    let fields = this.#warnedAt.get(source);
    if (!fields) this.#warnedAt.set(source, (fields = new Map()));
    for (const entry of entries) {
      const label = fields.has(entry.field) || fields.size < MAX_DRIFT_FIELDS_PER_SOURCE - 1 ? entry.field : OTHER_FIELD;
      this.#deps.metrics.payloadDrift.inc({ source, field: label });
      const last = fields.get(label);
      if (last !== undefined && now - last < DRIFT_WARN_INTERVAL_MS) continue;
      fields.set(label, now);
      this.#deps.log.warn(
        { source, field: entry.field, expected: entry.expected, found: entry.found },
        'payload drift: a field has an unexpected type; the event was accepted, the raw value stays in its data',
      );
    }
  }
}
