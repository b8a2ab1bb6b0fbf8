import { z } from 'zod';
import { errorSchema } from '../normalize-helpers.js';

/** The guide's `WebhookPayload` plus the fields of its streaming events. */
export const payloadSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: z.string().optional(),
  data: z
    .looseObject({
      requestId: z.string().min(1).optional(),
      conversationId: z.string().optional(),
      userId: z.string().optional(),
      model: z.string().optional(),
      prompt: z.string().optional(),
      completion: z.string().optional(),
      tokens: z
        .looseObject({ prompt: z.number().optional(), completion: z.number().optional(), total: z.number().optional() })
        .optional(),
      error: errorSchema.optional(),
      metadata: z.looseObject({ duration: z.number().optional(), provider: z.string().optional() }).optional(),
      streamId: z.string().min(1).optional(),
      totalChunks: z.number().int().min(0).optional(),
    })
    .default({}),
});

/** A chunk must say which stream it belongs to, where, and what it carries: all of it core. */
export const chunkSchema = z.looseObject({
  id: z.string().min(1),
  data: z.looseObject({
    requestId: z.string().min(1).optional(),
    streamId: z.string().min(1).optional(),
    chunkIndex: z.number().int().min(0),
    content: z.string(),
  }),
});
