import { z } from 'zod';
import { errorSchema } from '../normalize-helpers.js';

/** The verification request sent when a webhook is configured (docs: "Verify Webhook"). */
export const challengeSchema = z.looseObject({
  type: z.literal('webhook.verification'),
  data: z.looseObject({ challenge: z.string().min(1) }),
});

/** Every other delivery (docs: "Event Data"). */
export const envelopeSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.union([z.string(), z.number()]).optional(),
  data: z.looseObject({}).default({}),
});

export const pptSchema = z.looseObject({
  ppt_id: z.string().optional(),
  user_id: z.string().optional(),
  title: z.string().optional(),
  pages: z.number().optional(),
  download_url: z.string().optional(),
  preview_url: z.string().optional(),
  /** Seconds. */
  generation_time: z.number().optional(),
  cost: z.number().optional(),
  instruction: z.string().optional(),
  error: errorSchema.optional(),
  reason: z.string().optional(),
});

export const fileSchema = z.looseObject({
  file_id: z.string().optional(),
  file_name: z.string().optional(),
  file_type: z.string().optional(),
  size: z.number().optional(),
  user_id: z.string().optional(),
  url: z.string().optional(),
});

export const userSchema = z.looseObject({
  user_id: z.string().optional(),
  plan: z.string().optional(),
});

export const retrySchema = z.looseObject({
  original_event_id: z.string().optional(),
  retry_count: z.number().optional(),
  next_retry_at: z.string().optional(),
});
