import { z } from 'zod';
import type {
  Category,
  EventBody,
  EventField,
  EventItem,
  EventLink,
  NormalizedEvent,
  Severity,
  Status,
  Usage,
} from '../events/event.js';
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

/** A unix time (seconds, or milliseconds when it is that large) or ISO text as ISO 8601. */
export function toIso(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value > 1e12 ? value : value * 1000;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return toIso(Number(value));
  else if (typeof value === 'string') ms = Date.parse(value);
  else return undefined;
  // Date#toISOString throws RangeError outside ±8.64e15 ms; such a value is no time at all.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
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

/** A field, or undefined (dropped by buildEvent) when there is no value to show. */
export function field(name: string, value: string | number | boolean | undefined | null): EventField | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return { name, value: value ? 'yes' : 'no' };
  return { name, value: typeof value === 'number' ? formatNumber(value) : value };
}

/** One cached formatter: `toLocaleString` builds a new Intl formatter on every call. */
const GROUPED = new Intl.NumberFormat('en-US');

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? GROUPED.format(value) : String(value);
}

/** `850 ms`, `25.5 s`, `2 min 5 s`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

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

/** `279 (45 prompt + 234 completion)` for a Tokens field. */
export function usageText(usage: Usage | undefined): string | undefined {
  if (!usage || usage.total_tokens === undefined) return undefined;
  const total = formatNumber(usage.total_tokens);
  if (usage.prompt_tokens === undefined || usage.completion_tokens === undefined) return total;
  return `${total} (${formatNumber(usage.prompt_tokens)} prompt + ${formatNumber(usage.completion_tokens)} completion)`;
}

/** How providers report a failure: a message, or an object with a code/type and a message. */
export const errorSchema = z.union([
  z.string(),
  z.looseObject({ code: z.string().optional(), type: z.string().optional(), message: z.string().optional() }),
]);

/**
 * `code: message`, or whichever of the two is present. A numeric code (an HTTP status, say)
 * names the error less well than its type: `rate_limit: Too many requests (code 429)`.
 */
export function errorText(error: string | { code?: string | undefined; message?: string | undefined; type?: string | undefined } | undefined): string | undefined {
  if (error === undefined) return undefined;
  if (typeof error === 'string') return error || undefined;
  const { code, type, message } = error;
  const numeric = code !== undefined && /^\d+$/.test(code);
  const name = numeric ? (type || code) : (code || type);
  const detail = message && numeric && name !== code ? `${message} (code ${code})` : message;
  if (name && detail) return `${name}: ${detail}`;
  return detail || name || undefined;
}

/** The first line of a text, cut to a summary's length. */
export function oneLine(text: string | undefined, maxChars = 200): string | undefined {
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
