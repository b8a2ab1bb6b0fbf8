import { z } from 'zod';
import { parseJsonObject, sha256Hex } from '../crypto.js';
import { toIso } from '../../events/format.js';
import {
  buildEvent,
  completionBody,
  describeValue,
  errorOf,
  errorText,
  field,
  firstLine,
  unknownType,
  usageOf,
  type Classification,
  type EventParts,
} from '../normalize-helpers.js';
import { readPayload, type DriftCollector } from '../lenient.js';
import type { Inbound, SourceRequest } from '../source.js';
import { askSchema, creditsSchema, envelopeSchema, fabricSchema } from './schema.js';

export const PROVIDER = 'promptha';

/** Every event of the Promptha docs' "Available Events" tables. */
export const CLASSIFICATION: Record<string, Classification> = {
  'fabric.started': { category: 'generation', status: 'started', severity: 'info', title: 'Fabric execution started' },
  'fabric.completed': { category: 'generation', status: 'completed', severity: 'success', title: 'Fabric execution completed' },
  'fabric.failed': { category: 'generation', status: 'failed', severity: 'error', title: 'Fabric execution failed' },
  'ask.session.created': { category: 'conversation', status: 'started', severity: 'info', title: 'Ask session started' },
  'ask.message': { category: 'conversation', status: 'progress', severity: 'info', title: 'New Ask message' },
  'ask.session.ended': { category: 'conversation', status: 'completed', severity: 'success', title: 'Ask session ended' },
  'credits.low': { category: 'usage', status: 'alert', severity: 'warning', title: 'Promptha credits low' },
  'credits.depleted': { category: 'usage', status: 'alert', severity: 'critical', title: 'Promptha credits depleted' },
  'credits.purchased': { category: 'usage', status: 'info', severity: 'success', title: 'Promptha credits purchased' },
};

type Detail = Omit<EventParts, keyof Classification | 'id' | 'type'>;

/** The event name, and the idempotency key when the payload has one: only they may refuse an event. */
const CORE = ['event', 'data.eventId'];

export function parsePromptha(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const { event: type, data, timestamp } = readPayload(envelopeSchema, payload, { drift: req.drift, core: CORE });
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    // Promptha's idempotency key is data.eventId; without one the body itself is the identity.
    id: data.eventId === undefined ? sha256Hex(req.raw) : String(data.eventId),
    type,
    ...(CLASSIFICATION[type] ?? unknownType('Promptha', type)),
    ...detailFor(type, data, req.drift),
    occurred_at: toIso(timestamp),
  });
  return { kind: 'event', event };
}

function detailFor(type: string, data: Record<string, unknown>, drift: DriftCollector | undefined): Detail {
  const read = <S extends z.ZodType>(schema: S) => readPayload(schema, data, { drift, at: 'data' });
  switch (type.split('.', 1)[0]) {
    case 'fabric':
      return fabricParts(type, read(fabricSchema));
    case 'ask':
      return askParts(read(askSchema));
    case 'credits':
      return creditParts(read(creditsSchema));
    default:
      return {};
  }
}

function fabricParts(type: string, data: z.output<typeof fabricSchema>): Detail {
  const u = data.usage;
  const usage = usageOf(u?.promptTokens ?? u?.inputTokens, u?.completionTokens ?? u?.outputTokens, u?.totalTokens);
  const output = typeof data.result === 'string' ? data.result : data.result?.output;
  const error = errorOf(data.error);
  return {
    summary: errorText(error),
    error,
    body: type === 'fabric.completed' ? (completionBody(output) ?? jsonBody(data.result)) : undefined,
    model: data.model,
    usage,
    duration_ms: data.duration,
    fields: [
      field.text('Model', data.model),
      field.text('Fabric', data.fabricId),
      field.text('Execution', data.executionId),
      field.text('Inputs', describeValue(data.inputs)),
      field.tokens('Tokens', usage),
      field.credits('Cost', u?.credits),
      field.duration('Duration', data.duration),
    ],
    correlation_id: data.executionId,
  };
}

/** A structured result without a text output, shown as JSON (not at all when nested too deep to serialize). */
function jsonBody(result: unknown): EventParts['body'] {
  if (result === undefined || typeof result === 'string') return undefined;
  let content: string;
  try {
    content = JSON.stringify(result, null, 2);
  } catch {
    return undefined; // RangeError: JSON.stringify overflows the stack on very deep nesting
  }
  return { format: 'code', language: 'json', content };
}

function askParts(data: z.output<typeof askSchema>): Detail {
  const message = typeof data.message === 'string' ? { content: data.message, role: undefined } : data.message;
  const summary = typeof data.summary === 'string' ? data.summary : describeValue(data.summary);
  const text = message?.content ?? summary;
  return {
    summary: firstLine(text),
    body: text === undefined || text.trim() === '' ? undefined : { format: 'markdown', content: text },
    fields: [
      field.text('Session', data.sessionId),
      field.text('Ask', data.askId),
      field.text('Role', message?.role),
      field.number('Messages', data.messageCount),
    ],
    correlation_id: data.sessionId,
  };
}

function creditParts(data: z.output<typeof creditsSchema>): Detail {
  return {
    fields: [
      field.credits('Remaining', data.remaining),
      field.credits('Threshold', data.threshold),
      field.credits('Amount', data.amount),
      field.credits('New balance', data.newBalance),
      field.text('Last usage', describeValue(data.lastUsage)),
      field.text('User', data.userId),
    ],
  };
}
