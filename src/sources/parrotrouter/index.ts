import { timestampedHmacSource } from '../timestamped-hmac-source.js';
import { parseParrotrouter, PROVIDER } from './normalize.js';
import { parrotrouterSamples } from './samples.js';
import { verifyParrotrouter } from './verify.js';

/**
 * ParrotRouter-style gateways: hex HMAC of `${timestamp}.${body}`; simulate signs as the
 * guide's `generateWebhookHeaders` does (sha256, named in `X-Webhook-Algorithm`).
 */
export const parrotrouterSource = timestampedHmacSource({
  type: PROVIDER,
  verify: verifyParrotrouter,
  parse: parseParrotrouter,
  samples: parrotrouterSamples,
  headers: (signature, timestamp) => ({
    'X-Webhook-Signature': signature,
    'X-Webhook-Timestamp': timestamp,
    'X-Webhook-Algorithm': 'sha256',
  }),
});
