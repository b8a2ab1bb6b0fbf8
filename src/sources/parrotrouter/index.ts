import { z } from 'zod';
import { durationMs } from '../../config/schema-parts.js';
import { hmacSecretKeys, requireUsableSecret, toleranceKey } from '../hmac-config.js';
import { timestampedHmacSource } from '../timestamped-hmac-source.js';
import { parseParrotrouter, PROVIDER } from './normalize.js';
import { parrotrouterSamples } from './samples.js';
import { verifyParrotrouter } from './verify.js';

/** How long a stream's end waits for chunks that have not arrived yet (`stream_wait`). */
export const DEFAULT_STREAM_WAIT_MS = 30_000;

const configSchema = z
  .strictObject({
    type: z.literal(PROVIDER),
    ...hmacSecretKeys,
    ...toleranceKey,
    stream_wait: durationMs.default(DEFAULT_STREAM_WAIT_MS),
  })
  .superRefine(requireUsableSecret);

export type ParrotrouterConfig = z.output<typeof configSchema>;

/**
 * ParrotRouter-style gateways: hex HMAC of `${timestamp}.${body}`; simulate signs as the
 * guide's `generateWebhookHeaders` does (sha256, named in `X-Webhook-Algorithm`).
 */
export const parrotrouterSource = timestampedHmacSource({
  type: PROVIDER,
  configSchema,
  verify: verifyParrotrouter,
  parse: (key, req, config) => parseParrotrouter(key, req, { streamWaitMs: config.stream_wait }),
  samples: parrotrouterSamples,
  headers: (signature, timestamp) => ({
    'X-Webhook-Signature': signature,
    'X-Webhook-Timestamp': timestamp,
    'X-Webhook-Algorithm': 'sha256',
  }),
  signatureHeader: 'x-webhook-signature',
});
