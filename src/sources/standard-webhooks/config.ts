import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { secretTypeError } from '../../config/schema-parts.js';
import { Secret } from '../../config/secret.js';
import { requireUsableSecret, secretKeys, toleranceKey, usableSecrets, type HmacConfig } from '../hmac-config.js';

export const PROVIDER = 'standard-webhooks';

/**
 * A `whsec_<base64>` secret. An empty string passes here so that requireUsableSecret can
 * report it as "required" (or drop it from a `secrets` list); the value never appears in
 * a message.
 */
const whsecSecret = z
  .string({ error: secretTypeError })
  .superRefine((value, ctx) => {
    if (value !== '' && webhookFor(value) === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a Standard Webhooks secret: whsec_ followed by base64' });
    }
  })
  .transform((value) => new Secret(value));

export const configSchema = z
  .strictObject({ type: z.literal(PROVIDER), ...secretKeys(whsecSecret), ...toleranceKey })
  .superRefine(requireUsableSecret);

export type StandardWebhooksConfig = z.output<typeof configSchema>;

function webhookFor(value: string): Webhook | undefined {
  try {
    return new Webhook(value);
  } catch {
    return undefined;
  }
}

/** One verifier per usable secret (the schema has checked that each one decodes). */
export function webhooksOf(config: HmacConfig): Webhook[] {
  return usableSecrets(config).flatMap((secret) => webhookFor(secret.reveal()) ?? []);
}
