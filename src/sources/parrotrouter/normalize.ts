import { parseJsonObject } from '../crypto.js';
import { readPayload, type DriftCollector } from '../lenient.js';
import { toIso } from '../../events/format.js';
import {
  buildEvent,
  completionBody,
  errorOf,
  errorText,
  field,
  firstLine,
  unknownType,
  usageOf,
  type Classification,
} from '../normalize-helpers.js';
import { SourceError, type Inbound, type SourceRequest, type StreamMark } from '../source.js';
import { chunkSchema, payloadSchema } from './schema.js';

export const PROVIDER = 'parrotrouter';

/** Every event type the guide's `webhookConfigSchema` accepts. */
export const CLASSIFICATION: Record<string, Classification> = {
  'llm.completion': { category: 'generation', status: 'completed', severity: 'success', title: 'LLM completion ready' },
  'llm.error': { category: 'generation', status: 'failed', severity: 'error', title: 'LLM request failed' },
  'llm.streaming.start': { category: 'stream', status: 'started', severity: 'info', title: 'LLM stream started' },
  'llm.streaming.end': { category: 'stream', status: 'completed', severity: 'success', title: 'LLM stream completed' },
};

const STREAM_ROLES: Record<string, 'start' | 'end'> = { 'llm.streaming.start': 'start', 'llm.streaming.end': 'end' };

export interface ParrotOptions {
  /** How long a stream's end waits for missing chunks (`stream_wait`). */
  streamWaitMs: number;
}

export function parseParrotrouter(key: string, req: SourceRequest, options: ParrotOptions): Inbound {
  const payload = parseJsonObject(req.raw);
  const type = eventName(payload);
  if (type === 'llm.streaming.chunk') return chunkOf(payload, req.drift);

  const p = readPayload(payloadSchema, payload, { drift: req.drift, core: ['id'] });
  const d = p.data;
  const usage = usageOf(d.tokens?.prompt, d.tokens?.completion, d.tokens?.total);
  const duration = d.metadata?.duration;
  const role = STREAM_ROLES[type];
  const error = errorOf(d.error);
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    id: p.id,
    type,
    ...(CLASSIFICATION[type] ?? unknownType('ParrotRouter', type)),
    summary: errorText(error) ?? firstLine(d.prompt),
    error,
    // A stream's end carries no text: the receiver assembles the stored chunks into the body.
    body: role === 'end' ? undefined : completionBody(d.completion),
    prompt: d.prompt,
    model: d.model,
    usage,
    duration_ms: duration,
    fields: [
      field.text('Model', d.model),
      field.tokens('Tokens', usage),
      field.duration('Duration', duration),
      field.number('Chunks', d.totalChunks),
      field.text('Request', d.requestId),
      field.text('Conversation', d.conversationId),
      field.text('Provider', d.metadata?.provider),
    ],
    correlation_id: d.requestId ?? d.streamId,
    occurred_at: toIso(p.timestamp),
  });
  // What ties a stream's start, chunks and end together (see chunkOf). A start or end
  // without one is still an event: there is just nothing to assemble.
  const streamId = d.requestId ?? d.streamId;
  if (!role || streamId === undefined) return { kind: 'event', event };
  const stream: StreamMark = { id: streamId, role };
  if (role === 'end') {
    stream.waitMs = options.streamWaitMs;
    if (d.totalChunks !== undefined) stream.totalChunks = d.totalChunks;
  }
  return { kind: 'event', event, stream };
}

/** The guide names the event type `event`; some senders call it `type`. Either is core. */
function eventName(payload: Record<string, unknown>): string {
  for (const name of [payload.event, payload.type]) if (typeof name === 'string' && name !== '') return name;
  throw new SourceError('invalid_payload', 'event: expected the event type as a non-empty string (or type)');
}

/**
 * A chunk is stored, not delivered: its stream, index and text are all core. The guide
 * sends `requestId` in a stream's start, chunks and end, while `streamId` only appears in
 * chunks and the end (the start is sent before a stream id exists), so `requestId` is the
 * stream's identity, `streamId` the fallback.
 */
function chunkOf(payload: Record<string, unknown>, drift: DriftCollector | undefined): Inbound {
  const { id, data } = readPayload(chunkSchema, payload, { drift, core: ['id', 'data'] });
  const streamId = data.requestId ?? data.streamId;
  if (streamId === undefined) throw new SourceError('invalid_payload', 'data.requestId: required for a streaming chunk (or data.streamId)');
  return { kind: 'chunk', id, streamId, index: data.chunkIndex, text: data.content };
}
