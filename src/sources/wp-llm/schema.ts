import { z } from 'zod';
import { errorSchema } from '../normalize-helpers.js';

/** The WP LLM event envelope (docs: "Webhook Payloads"). `data` varies by type. */
export const envelopeSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  /** Unix seconds; the docs' own test sender uses `Date.now() / 1000`, so fractions occur. */
  created: z.number().optional(),
  type: z.string().min(1),
  data: z.looseObject({}).default({}),
});

export const generationSchema = z.looseObject({
  id: z.string().optional(),
  created: z.number().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  completion: z.string().optional(),
  usage: z
    .looseObject({
      prompt_tokens: z.number().optional(),
      completion_tokens: z.number().optional(),
      total_tokens: z.number().optional(),
    })
    .optional(),
  finish_reason: z.string().nullable().optional(),
  duration_ms: z.number().optional(),
  error: errorSchema.optional(),
});

export const issueSchema = z.looseObject({
  type: z.string().optional(),
  severity: z.string().optional(),
  line: z.number().optional(),
  message: z.string().optional(),
  suggestion: z.string().optional(),
});

export const analysisSchema = z.looseObject({
  id: z.string().optional(),
  created: z.number().optional(),
  issues: z.array(issueSchema).default([]),
  score: z.number().optional(),
  recommendations: z.array(z.string()).default([]),
  error: errorSchema.optional(),
});

export const trainingSchema = z.looseObject({
  id: z.string().optional(),
  created: z.number().optional(),
  model: z.string().optional(),
  base_model: z.string().optional(),
  fine_tuned_model: z.string().optional(),
  status: z.string().optional(),
  trained_tokens: z.number().optional(),
  epochs: z.number().optional(),
  training_time: z.number().optional(),
  error: errorSchema.optional(),
});

export const usageSchema = z.looseObject({
  limit: z.number().optional(),
  quota: z.number().optional(),
  current_usage: z.number().optional(),
  percentage: z.number().optional(),
  period: z.string().optional(),
  reset_time: z.union([z.number(), z.string()]).optional(),
  retry_after: z.number().optional(),
  message: z.string().optional(),
});

export const systemSchema = z.looseObject({
  title: z.string().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
  start_time: z.union([z.number(), z.string()]).optional(),
  end_time: z.union([z.number(), z.string()]).optional(),
  affected_services: z.array(z.string()).optional(),
  version: z.string().optional(),
  changes: z.array(z.string()).optional(),
  url: z.string().optional(),
});
