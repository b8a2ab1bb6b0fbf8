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

export interface EventField { name: string; value: string }
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
