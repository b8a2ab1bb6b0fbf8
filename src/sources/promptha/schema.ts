import { z } from 'zod';
import { errorSchema } from '../normalize-helpers.js';

/** The Promptha delivery body: `{ event, data, timestamp }` (docs: "Basic Handler"). */
export const envelopeSchema = z.looseObject({
  event: z.string().min(1),
  data: z.looseObject({ eventId: z.union([z.string().min(1), z.number()]).optional() }).default({}),
  timestamp: z.union([z.string(), z.number()]).optional(),
});

const tokens = z.number().optional();

export const fabricSchema = z.looseObject({
  executionId: z.string().optional(),
  fabricId: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  result: z.union([z.string(), z.looseObject({ output: z.string().optional() })]).optional(),
  usage: z
    .looseObject({
      promptTokens: tokens,
      completionTokens: tokens,
      totalTokens: tokens,
      inputTokens: tokens,
      outputTokens: tokens,
      credits: tokens,
    })
    .optional(),
  model: z.string().optional(),
  duration: z.number().optional(),
  error: errorSchema.optional(),
});

export const askSchema = z.looseObject({
  sessionId: z.string().optional(),
  askId: z.string().optional(),
  message: z.union([z.string(), z.looseObject({ role: z.string().optional(), content: z.string().optional() })]).optional(),
  summary: z.union([z.string(), z.looseObject({})]).optional(),
  messageCount: z.number().optional(),
});

export const creditsSchema = z.looseObject({
  remaining: z.number().optional(),
  threshold: z.number().optional(),
  userId: z.string().optional(),
  lastUsage: z.unknown().optional(),
  amount: z.number().optional(),
  newBalance: z.number().optional(),
});
