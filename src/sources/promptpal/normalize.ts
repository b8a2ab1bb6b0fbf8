import { z } from 'zod';
import { parseJsonObject, sha256Hex } from '../crypto.js';
import { toIso } from '../../events/format.js';
import { buildEvent, field, unknownType, usageOf, type Classification } from '../normalize-helpers.js';
import { readPayload } from '../lenient.js';
import type { Inbound, SourceRequest } from '../source.js';
import { PROVIDER } from './config.js';

const id = z.union([z.number(), z.string()]);

/**
 * The PromptPal payload (docs: "Payload Structure"). `ip` and `userAgent` are personal
 * data: they are deliberately not part of this schema, so they can only ever be seen in
 * the event's raw `data`.
 */
const payloadSchema = z.looseObject({
  event: z.string().min(1),
  projectId: id.optional(),
  promptId: id.optional(),
  userId: id.optional(),
  result: z.number().int().optional(),
  timestamp: z.string().optional(),
  duration: z.number().optional(),
  tokens: z
    .looseObject({ prompt: z.number().optional(), completion: z.number().optional(), total: z.number().optional() })
    .optional(),
  cached: z.boolean().optional(),
  providerId: id.nullable().optional(),
  providerDefaultModel: z.string().nullable().optional(),
});

/** onPromptFinished says how the run ended in `result`: 0 success, anything else a failure. */
const FINISHED: Record<'success' | 'failure' | 'unknown', Classification> = {
  success: { category: 'generation', status: 'completed', severity: 'success', title: 'Prompt run completed' },
  failure: { category: 'generation', status: 'failed', severity: 'error', title: 'Prompt run failed' },
  // Without a usable result the run still finished; how it ended is only in `data`.
  unknown: { category: 'generation', status: 'info', severity: 'info', title: 'Prompt run finished' },
};

function classify(event: string, result: number | undefined): Classification {
  if (event !== 'onPromptFinished') return unknownType('PromptPal', event);
  return FINISHED[result === undefined ? 'unknown' : result === 0 ? 'success' : 'failure'];
}

export function parsePromptpal(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const p = readPayload(payloadSchema, payload, { drift: req.drift, core: ['event'] });
  const result = p.event === 'onPromptFinished' ? p.result : undefined;
  const usage = usageOf(p.tokens?.prompt, p.tokens?.completion, p.tokens?.total);
  const model = p.providerDefaultModel ?? undefined;
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    // PromptPal sends no event id: the body's hash is the identity (so a resent body is a duplicate).
    id: sha256Hex(req.raw),
    type: p.event,
    ...classify(p.event, result),
    model,
    usage,
    duration_ms: p.duration,
    fields: [
      field.text('Project', p.projectId),
      field.text('Prompt', p.promptId),
      field.text('Result', result === undefined ? undefined : result === 0 ? 'success' : `failure (${result})`),
      field.text('Model', model),
      field.tokens('Tokens', usage),
      field.duration('Duration', p.duration),
      field.flag('Cached', p.cached),
      field.text('Provider', p.providerId),
      field.text('User', p.userId),
    ],
    occurred_at: toIso(p.timestamp),
  });
  return { kind: 'event', event };
}
