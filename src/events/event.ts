/**
 * The normalized event. Every provider's payload becomes this one shape; its
 * field names are the contract for `where` filters, renderers and the admin API.
 */
export const CATEGORIES = [
  'generation', 'analysis', 'training', 'usage', 'system', 'stream',
  'conversation', 'file', 'user', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['started', 'progress', 'completed', 'failed', 'cancelled', 'alert', 'info'] as const;
export type Status = (typeof STATUSES)[number];

/** Ordered from least to most severe: "warning or worse" compares indexes. */
export const SEVERITIES = ['info', 'success', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function worstSeverity(severities: Iterable<Severity>, fallback: Severity): Severity {
  let worst: Severity | undefined;
  for (const s of severities) if (worst === undefined || severityRank(s) > severityRank(worst)) worst = s;
  return worst ?? fallback;
}

export interface EventBody {
  format: 'markdown' | 'code' | 'text';
  content: string;
  /** Language of a code body, e.g. "php", when known or detected. */
  language?: string;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/**
 * A key fact, typed so that each platform can write it its own way (a Slack date, a
 * Discord timestamp, Teams plain text). `value` is what a route's `where` compares:
 * text for `text` and `time` (ISO 8601), a number for the numeric kinds (durations and
 * delays in milliseconds), true/false for `flag`, the entries for `list`. A field without
 * a `kind` is text (events stored before facts were typed).
 */
export type EventField =
  | { name: string; kind?: 'text'; value: string }
  /** Any number: a count, an amount. */
  | { name: string; kind: 'number'; value: number }
  /** Elapsed time in milliseconds. */
  | { name: string; kind: 'duration'; value: number }
  /** A wait in milliseconds that started when the event occurred (retry after). */
  | { name: string; kind: 'delay'; value: number }
  /** A moment, ISO 8601. */
  | { name: string; kind: 'time'; value: string }
  /** Total tokens, with its parts when known. */
  | { name: string; kind: 'tokens'; value: number; prompt?: number; completion?: number }
  /** A rating between 0 and `max`. */
  | { name: string; kind: 'score'; value: number; max: number }
  /** A share in percent (85 is 85%). */
  | { name: string; kind: 'percent'; value: number }
  /** An amount of a provider's credits. */
  | { name: string; kind: 'credits'; value: number }
  /** How much of a limit is used. */
  | { name: string; kind: 'usage'; value: number; limit: number }
  /** A size in bytes. */
  | { name: string; kind: 'bytes'; value: number }
  | { name: string; kind: 'flag'; value: boolean }
  /** Entries shown as a list of their own (recommendations), not as one fact. */
  | { name: string; kind: 'list'; value: string[] };

/** What went wrong, as the provider said it: `code` names the error, `message` explains it. */
export interface EventError { code?: string; message?: string }
export interface EventItem { severity: Severity; title: string; detail?: string; location?: string }
export interface EventLink { label: string; url: string }

export interface NormalizedEvent {
  /** The provider's event id (or the hash the provider's scheme calls for); unique per source. */
  id: string;
  /** The source key from the config (`sources.<key>`), i.e. the URL segment. */
  source: string;
  /** The source type, e.g. `wp-llm`. */
  provider: string;
  /** The provider's own event type, verbatim. */
  type: string;
  category: Category;
  status: Status;
  severity: Severity;
  title: string;
  summary?: string;
  /** The provider's error, when it reported one. */
  error?: EventError;
  body?: EventBody;
  prompt?: string;
  model?: string;
  usage?: Usage;
  duration_ms?: number;
  fields: EventField[];
  items: EventItem[];
  links: EventLink[];
  correlation_id?: string;
  occurred_at: string;
  received_at: string;
  /** The provider's raw payload, kept whole (personal data lives only here). */
  data: unknown;
}
