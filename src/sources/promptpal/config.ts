import { z } from 'zod';
import { secret } from '../../config/schema-parts.js';

export const PROVIDER = 'promptpal';

/**
 * PromptPal cannot sign its webhooks (docs: only Content-Type and User-Agent headers), so
 * the shared secret travels as `?token=` in the webhook URL. Running without one has to
 * be asked for in writing: `allow_unsigned: true`.
 */
export const configSchema = z
  .strictObject({
    type: z.literal(PROVIDER),
    token: secret.optional(),
    allow_unsigned: z.boolean().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.token !== undefined && !config.token.empty) return;
    if (config.allow_unsigned === true) return;
    ctx.addIssue({
      code: 'custom',
      path: ['token'],
      message:
        config.token === undefined
          ? 'required (or set allow_unsigned: true to accept unauthenticated requests)'
          : 'required (the value is empty — is its environment variable set?)',
    });
  });

export type PromptpalConfig = z.output<typeof configSchema>;
