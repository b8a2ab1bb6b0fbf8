import { z } from 'zod';
import { parseJsonObject, sha256Hex } from '../crypto.js';
import {
  buildEvent,
  field,
  formatDurationMs,
  parseShape,
  toIso,
  unknownType,
  usageOf,
  usageText,
  type Classification,
} from '../normalize-helpers.js';
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

/** onPromptFinished must say how the run ended. */
const finishedSchema = payloadSchema.extend({ result: z.number().int() });

export const FINISHED: Record<'success' | 'failure', Classification> = {
  success: { category: 'generation', status: 'completed', severity: 'success', title: 'Prompt run completed' },
  failure: { category: 'generation', status: 'failed', severity: 'error', title: 'Prompt run failed' },
};

export function parsePromptpal(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const p = parseShape(payloadSchema, payload);
  const known = p.event === 'onPromptFinished';
  const result = known ? parseShape(finishedSchema, payload).result : undefined;
  const usage = usageOf(p.tokens?.prompt, p.tokens?.completion, p.tokens?.total);
  const model = p.providerDefaultModel ?? undefined;
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    // PromptPal sends no event id: the body's hash is the identity (SPEC §3).
    id: sha256Hex(req.raw),
    type: p.event,
    ...(result === undefined ? unknownType('PromptPal', p.event) : FINISHED[result === 0 ? 'success' : 'failure']),
    summary: [
      p.projectId === undefined ? undefined : `Project ${p.projectId}`,
      p.promptId === undefined ? undefined : `prompt ${p.promptId}`,
      p.cached ? 'served from cache' : undefined,
    ]
      .filter(Boolean)
      .join(' · ') || undefined,
    model,
    usage,
    duration_ms: p.duration,
    fields: [
      field('Project', p.projectId),
      field('Prompt', p.promptId),
      field('Result', result === undefined ? undefined : result === 0 ? 'success' : `failure (${result})`),
      field('Model', model),
      field('Tokens', usageText(usage)),
      field('Duration', p.duration === undefined ? undefined : formatDurationMs(p.duration)),
      field('Cached', p.cached),
      field('Provider', p.providerId ?? undefined),
      field('User', p.userId),
    ],
    occurred_at: toIso(p.timestamp),
  });
  return { kind: 'event', event };
}
