import { z } from 'zod';
import type {
  Category,
  EventBody,
  EventError,
  EventField,
  EventItem,
  EventLink,
  NormalizedEvent,
  Severity,
  Status,
  Usage,
} from '../events/event.js';
import { formatNumber, toIso } from '../events/format.js';
import { detectLanguage, hasCodeFence } from './language.js';
import type { SourceRequest } from './source.js';

/** How one provider event type maps onto the normalized classification. */
export interface Classification {
  category: Category;
  status: Status;
  severity: Severity;
  title: string;
}

/** Everything a provider's normalizer decides; the rest comes from the request. */
export interface EventParts extends Classification {
  id: string;
  type: string;
  summary?: string | undefined;
  error?: EventError | undefined;
  body?: EventBody | undefined;
  prompt?: string | undefined;
  model?: string | undefined;
  usage?: Usage | undefined;
  duration_ms?: number | undefined;
  fields?: (EventField | undefined)[];
  items?: EventItem[];
  links?: EventLink[];
  correlation_id?: string | undefined;
  /** From the payload's own timestamp; received time when the payload has none. */
  occurred_at?: string | undefined;
}

/** Assembles a NormalizedEvent with a stable key order and no undefined-valued keys. */
export function buildEvent(
  source: { key: string; provider: string },
  req: SourceRequest,
  data: unknown,
  parts: EventParts,
): NormalizedEvent {
  const receivedAt = req.now.toISOString();
  const event: NormalizedEvent = {
    id: parts.id,
    source: source.key,
    provider: source.provider,
    type: parts.type,
    category: parts.category,
    status: parts.status,
    severity: parts.severity,
    title: parts.title,
    summary: parts.summary,
    error: parts.error,
    body: parts.body,
    prompt: parts.prompt,
    model: parts.model,
    usage: parts.usage,
    duration_ms: parts.duration_ms,
    fields: (parts.fields ?? []).filter((f): f is EventField => f !== undefined),
    items: parts.items ?? [],
    links: parts.links ?? [],
    correlation_id: parts.correlation_id,
    occurred_at: parts.occurred_at ?? receivedAt,
    received_at: receivedAt,
    data,
  };
  for (const key of Object.keys(event) as (keyof NormalizedEvent)[]) {
    if (event[key] === undefined) delete event[key];
  }
  return event;
}

/** A completion as a body: code (with its language) when it is code, else markdown. */
export function completionBody(text: string | undefined): EventBody | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!hasCodeFence(text)) {
    const language = detectLanguage(text);
    if (language) return { format: 'code', content: text, language };
  }
  return { format: 'markdown', content: text };
}

type Maybe<T> = T | undefined | null;

function finite(value: Maybe<number>): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Typed facts for `fields`, or undefined (dropped by buildEvent) when there is no value to
 * show. Normalizers decide what a value means; renderers only decide how it looks.
 */
export const field = {
  /** Text; an id that arrives as a number is shown as it is (no digit grouping). */
  text(name: string, value: Maybe<string | number>): EventField | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    return { name, kind: 'text', value: String(value) };
  },
  number(name: string, value: Maybe<number>): EventField | undefined {
    return finite(value) ? { name, kind: 'number', value } : undefined;
  },
  duration(name: string, ms: Maybe<number>): EventField | undefined {
    return finite(ms) && ms >= 0 ? { name, kind: 'duration', value: ms } : undefined;
  },
  delay(name: string, ms: Maybe<number>): EventField | undefined {
    return finite(ms) && ms >= 0 ? { name, kind: 'delay', value: ms } : undefined;
  },
  /** A provider's time (unix seconds or milliseconds, or date text), kept as ISO 8601. */
  time(name: string, value: unknown): EventField | undefined {
    const iso = toIso(value);
    return iso === undefined ? undefined : { name, kind: 'time', value: iso };
  },
  tokens(name: string, usage: Usage | undefined): EventField | undefined {
    if (!usage || !finite(usage.total_tokens)) return undefined;
    const parts: { prompt?: number; completion?: number } = {};
    if (finite(usage.prompt_tokens)) parts.prompt = usage.prompt_tokens;
    if (finite(usage.completion_tokens)) parts.completion = usage.completion_tokens;
    return { name, kind: 'tokens', value: usage.total_tokens, ...parts };
  },
  score(name: string, value: Maybe<number>, max: number): EventField | undefined {
    return finite(value) ? { name, kind: 'score', value, max } : undefined;
  },
  percent(name: string, value: Maybe<number>): EventField | undefined {
    return finite(value) ? { name, kind: 'percent', value } : undefined;
  },
  credits(name: string, value: Maybe<number>): EventField | undefined {
    return finite(value) ? { name, kind: 'credits', value } : undefined;
  },
  /** `current` of `limit`; a plain number when the limit is unknown. */
  usage(name: string, current: Maybe<number>, limit: Maybe<number>): EventField | undefined {
    if (!finite(current)) return undefined;
    return finite(limit) ? { name, kind: 'usage', value: current, limit } : { name, kind: 'number', value: current };
  },
  bytes(name: string, value: Maybe<number>): EventField | undefined {
    return finite(value) && value >= 0 ? { name, kind: 'bytes', value } : undefined;
  },
  flag(name: string, value: Maybe<boolean>): EventField | undefined {
    return typeof value === 'boolean' ? { name, kind: 'flag', value } : undefined;
  },
  list(name: string, entries: Maybe<string[]>): EventField | undefined {
    const kept = (entries ?? []).filter((e) => e.trim() !== '');
    return kept.length === 0 ? undefined : { name, kind: 'list', value: kept };
  },
};

/** Token usage with any missing total derived from its parts. */
export function usageOf(prompt?: number, completion?: number, total?: number): Usage | undefined {
  if (prompt === undefined && completion === undefined && total === undefined) return undefined;
  const usage: Usage = {};
  if (prompt !== undefined) usage.prompt_tokens = prompt;
  if (completion !== undefined) usage.completion_tokens = completion;
  const sum = prompt !== undefined && completion !== undefined ? prompt + completion : undefined;
  if (total !== undefined || sum !== undefined) usage.total_tokens = total ?? sum;
  return usage;
}

/** How providers report a failure: a message, or an object with a code/type and a message. */
export const errorSchema = z.union([
  z.string(),
  z.looseObject({ code: z.string().optional(), type: z.string().optional(), message: z.string().optional() }),
]);

type ProviderError = string | { code?: string | undefined; message?: string | undefined; type?: string | undefined };

/**
 * A provider's error as code and message. A numeric code (an HTTP status, say) names the
 * error less well than its type: `{ code: "rate_limit", message: "Too many requests (code 429)" }`.
 */
export function errorOf(error: ProviderError | undefined): EventError | undefined {
  if (error === undefined) return undefined;
  if (typeof error === 'string') return error === '' ? undefined : { message: error };
  const { code, type, message } = error;
  const numeric = code !== undefined && /^\d+$/.test(code);
  const name = numeric ? type || code : code || type;
  const detail = message && numeric && name !== code ? `${message} (code ${code})` : message;
  const out: EventError = {};
  if (name) out.code = name;
  if (detail) out.message = detail;
  return name || detail ? out : undefined;
}

/** `code: message`, or whichever of the two is present: an error as one line of text. */
export function errorText(error: EventError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.code && error.message) return `${error.code}: ${error.message}`;
  return error.message || error.code || undefined;
}

/** The first line of a text, cut to a summary's length. */
export function firstLine(text: string | undefined, maxChars = 200): string | undefined {
  if (text === undefined) return undefined;
  const line = text.trim().split('\n', 1)[0]?.trim() ?? '';
  if (line === '') return undefined;
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/** "ppt.generation.completed" → "Ppt generation completed": the title of an unmapped type. */
export function humanizeType(type: string): string {
  const words = type.replace(/[._-]+/g, ' ').trim();
  return words === '' ? 'Event' : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The classification of an event type the provider's documentation does not list. */
export function unknownType(providerName: string, type: string): Classification {
  return { category: 'other', status: 'info', severity: 'info', title: `${providerName} event: ${type}` };
}

/** A link, or nothing unless `url` is an absolute http(s) URL (renderers make it a button). */
export function httpLinks(...links: [label: string, url: string | undefined][]): EventLink[] {
  const out: EventLink[] = [];
  for (const [label, url] of links) {
    if (url === undefined || !/^https?:\/\//i.test(url)) continue;
    if (URL.canParse(url)) out.push({ label, url });
  }
  return out;
}

/** A value as one short line: scalars as they are, a flat object as `key: value, …`. */
export function describeValue(value: unknown, maxChars = 200): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = formatNumber(value);
  else if (typeof value === 'boolean') text = value ? 'yes' : 'no';
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value)
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k}: ${describeValue(v) ?? ''}`);
    text = parts.join(', ');
  }
  if (!text) return undefined;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
