import { z } from 'zod';

/** The guide's `WebhookPayload` plus the fields of its streaming events. */
export const payloadSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: z.string().optional(),
  event: z.string().min(1),
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
      error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
      metadata: z.looseObject({ duration: z.number().optional(), provider: z.string().optional() }).optional(),
      streamId: z.string().min(1).optional(),
      chunkIndex: z.number().int().min(0).optional(),
      content: z.string().optional(),
      totalChunks: z.number().int().min(0).optional(),
    })
    .default({}),
});

export type ParrotPayload = z.output<typeof payloadSchema>;

/** A chunk must say where it belongs and what it carries. */
export const chunkSchema = z.object({
  data: z.looseObject({ chunkIndex: z.number().int().min(0), content: z.string() }),
});
