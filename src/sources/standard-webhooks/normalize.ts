import { z } from 'zod';
import type { Category, EventField, Severity, Status } from '../../events/event.js';
import { parseJsonObject, sha256Hex } from '../crypto.js';
import { toIso } from '../../events/format.js';
import {
  buildEvent,
  completionBody,
  describeValue,
  errorOf,
  errorSchema,
  errorText,
  field,
  firstLine,
  httpLinks,
  humanizeType,
  usageOf,
  type Classification,
} from '../normalize-helpers.js';
import { readPayload } from '../lenient.js';
import type { Inbound, SourceRequest } from '../source.js';
import { PROVIDER } from './config.js';
import { headerOf } from './verify.js';

/**
 * The Standard Webhooks payload structure: `type` (full-stop delimited), `timestamp`
 * (ISO 8601) and `data`. Any sender can use this scheme, so no list of types exists:
 * the classification is read from the type's words (`*.failed` → failed/error).
 */
const payloadSchema = z.looseObject({
  type: z.string().min(1),
  timestamp: z.string().optional(),
  data: z.looseObject({}).optional(),
});

const CATEGORY_WORDS: Record<string, Category> = {
  generation: 'generation', completion: 'generation', llm: 'generation', job: 'generation',
  analysis: 'analysis', training: 'training', finetune: 'training', fine_tune: 'training', fine_tuning: 'training',
  usage: 'usage', quota: 'usage', credits: 'usage', billing: 'usage', limit: 'usage',
  system: 'system', maintenance: 'system', stream: 'stream', streaming: 'stream',
  conversation: 'conversation', chat: 'conversation', message: 'conversation', session: 'conversation',
  file: 'file', user: 'user', account: 'user',
};

const OUTCOME_WORDS: [RegExp, Status, Severity][] = [
  [/^(completed|succeeded|success|finished|done|ready)$/, 'completed', 'success'],
  [/^(failed|failure|error|errored)$/, 'failed', 'error'],
  [/^(started|created|queued|began)$/, 'started', 'info'],
  [/^(progress|running|processing|updated)$/, 'progress', 'info'],
  [/^(cancelled|canceled|aborted)$/, 'cancelled', 'info'],
  [/^(warning|low|exceeded|limit_exceeded|quota_exceeded)$/, 'alert', 'warning'],
  [/^(depleted|critical)$/, 'alert', 'critical'],
];

export function classify(type: string): Classification {
  const words = type.toLowerCase().split('.');
  const last = words[words.length - 1] ?? '';
  const category = words.slice(0, -1).map((w) => CATEGORY_WORDS[w]).find((c) => c !== undefined) ?? 'other';
  const outcome = OUTCOME_WORDS.find(([pattern]) => pattern.test(last));
  return {
    category,
    status: outcome?.[1] ?? 'info',
    severity: outcome?.[2] ?? 'info',
    title: humanizeType(type),
  };
}

/** Keys read into dedicated event fields; the remaining scalars of `data` become fields. */
const KNOWN_KEYS = new Set([
  'id', 'model', 'prompt', 'completion', 'output', 'text', 'message', 'description', 'summary',
  'error', 'usage', 'duration_ms', 'url', 'download_url',
]);
const MAX_FIELDS = 10;
const MAX_FIELD_CHARS = 200;

const dataSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  completion: z.string().optional(),
  output: z.string().optional(),
  text: z.string().optional(),
  message: z.string().optional(),
  description: z.string().optional(),
  summary: z.string().optional(),
  error: errorSchema.optional(),
  usage: z
    .looseObject({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional(), total_tokens: z.number().optional() })
    .optional(),
  duration_ms: z.number().optional(),
  url: z.string().optional(),
  download_url: z.string().optional(),
});

export function parseStandardWebhook(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const { type, timestamp, data } = readPayload(payloadSchema, payload, { drift: req.drift, core: ['type'] });
  const object: Record<string, unknown> = data ?? {};
  const d = readPayload(dataSchema, object, { drift: req.drift, at: 'data' });
  const usage = usageOf(d.usage?.prompt_tokens, d.usage?.completion_tokens, d.usage?.total_tokens);
  const error = errorOf(d.error);
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    // The webhook-id header (or Svix's svix-id) is the event id; verify() has made sure it is there.
    id: headerOf(req.headers, 'id') || sha256Hex(req.raw),
    type,
    ...classify(type),
    summary: firstLine(errorText(error) ?? d.message ?? d.summary ?? d.description),
    error,
    body: completionBody(d.completion ?? d.output ?? d.text),
    prompt: d.prompt,
    model: d.model,
    usage,
    duration_ms: d.duration_ms,
    fields: [
      field.text('Model', d.model),
      field.tokens('Tokens', usage),
      field.duration('Duration', d.duration_ms),
      ...scalarFields(object),
    ],
    links: httpLinks(['Download', d.download_url], ['Open', d.url]),
    correlation_id: d.id === undefined ? undefined : String(d.id),
    occurred_at: toIso(timestamp),
  });
  return { kind: 'event', event };
}

/** The payload's other scalar values, e.g. `{"pages": 8}` → Pages: 8. */
function scalarFields(data: Record<string, unknown>): EventField[] {
  const fields: EventField[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (fields.length >= MAX_FIELDS) break;
    if (KNOWN_KEYS.has(key)) continue;
    const name = humanizeType(key);
    const f =
      typeof value === 'number'
        ? field.number(name, value)
        : typeof value === 'boolean'
          ? field.flag(name, value)
          : typeof value === 'string'
            ? field.text(name, describeValue(value, MAX_FIELD_CHARS))
            : undefined;
    if (f) fields.push(f);
  }
  return fields;
}
