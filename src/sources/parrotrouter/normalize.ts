import { parseJsonObject } from '../crypto.js';
import {
  buildEvent,
  completionBody,
  errorText,
  field,
  formatDurationMs,
  oneLine,
  parseShape,
  toIso,
  unknownType,
  usageOf,
  usageText,
  type Classification,
} from '../normalize-helpers.js';
import { SourceError, type Inbound, type SourceRequest } from '../source.js';
import { chunkSchema, payloadSchema, type ParrotPayload } from './schema.js';

export const PROVIDER = 'parrotrouter';

/** Every event type the guide's `webhookConfigSchema` accepts. */
export const CLASSIFICATION: Record<string, Classification> = {
  'llm.completion': { category: 'generation', status: 'completed', severity: 'success', title: 'LLM completion ready' },
  'llm.error': { category: 'generation', status: 'failed', severity: 'error', title: 'LLM request failed' },
  'llm.streaming.start': { category: 'stream', status: 'started', severity: 'info', title: 'LLM stream started' },
  'llm.streaming.end': { category: 'stream', status: 'completed', severity: 'success', title: 'LLM stream completed' },
};

const STREAM_ROLES: Record<string, 'start' | 'end'> = { 'llm.streaming.start': 'start', 'llm.streaming.end': 'end' };

export function parseParrotrouter(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const p = parseShape(payloadSchema, payload);

  if (p.event === 'llm.streaming.chunk') {
    const { chunkIndex, content } = parseShape(chunkSchema, payload).data;
    return { kind: 'chunk', id: p.id, streamId: streamIdOf(p), index: chunkIndex, text: content };
  }

  const d = p.data;
  const usage = usageOf(d.tokens?.prompt, d.tokens?.completion, d.tokens?.total);
  const duration = d.metadata?.duration;
  const role = STREAM_ROLES[p.event];
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    id: p.id,
    type: p.event,
    ...(CLASSIFICATION[p.event] ?? unknownType('ParrotRouter', p.event)),
    summary: errorText(d.error) ?? oneLine(d.prompt),
    // A stream's end carries no text: the receiver assembles the stored chunks into the body.
    body: role === 'end' ? undefined : completionBody(d.completion),
    prompt: d.prompt,
    model: d.model,
    usage,
    duration_ms: duration,
    fields: [
      field('Model', d.model),
      field('Tokens', usageText(usage)),
      field('Duration', duration === undefined ? undefined : formatDurationMs(duration)),
      field('Chunks', d.totalChunks),
      field('Request', d.requestId),
      field('Conversation', d.conversationId),
      field('Provider', d.metadata?.provider),
    ],
    correlation_id: d.requestId ?? d.streamId,
    occurred_at: toIso(p.timestamp),
  });
  return role ? { kind: 'event', event, stream: { id: streamIdOf(p), role } } : { kind: 'event', event };
}

/**
 * What ties a stream's start, chunks and end together. The guide sends `requestId` in all
 * three, while `streamId` only appears in chunks and the end (the start is sent before a
 * stream id exists), so `requestId` is the stream's identity, `streamId` the fallback.
 */
function streamIdOf(p: ParrotPayload): string {
  const id = p.data.requestId ?? p.data.streamId;
  if (id === undefined) throw new SourceError('invalid_payload', 'data.requestId: required for a streaming event (or data.streamId)');
  return id;
}
