import { z } from 'zod';
import { hmacHex } from '../crypto.js';
import { hmacSecretKeys, requireUsableSecret, signingSecret, usableSecrets } from '../hmac-config.js';
import type { SourceType } from '../source.js';
import { parseWpLlm, PROVIDER } from './normalize.js';
import { wpLlmSamples } from './samples.js';
import { verifyWpLlm } from './verify.js';

/**
 * WP LLM signs the body alone and sends no timestamp, so there is no `tolerance` key:
 * replays are stopped by event-id dedupe (`dedupe_window`).
 */
const configSchema = z
  .strictObject({ type: z.literal(PROVIDER), ...hmacSecretKeys })
  .superRefine(requireUsableSecret);

export type WpLlmConfig = z.output<typeof configSchema>;

export const wpLlmSource: SourceType<WpLlmConfig> = {
  type: PROVIDER,
  configSchema,
  exampleConfig: { type: PROVIDER, secret: 'example-secret' },
  signatureHeaders: ['x-wp-llm-signature'],
  create(key, config) {
    const secrets = usableSecrets(config);
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyWpLlm(req, secrets),
      parse: (req) => parseWpLlm(key, req),
    };
  },
  samples: wpLlmSamples,
  sign(raw, config) {
    return { headers: { 'X-WP-LLM-Signature': hmacHex('sha256', signingSecret(config), raw) } };
  },
};
