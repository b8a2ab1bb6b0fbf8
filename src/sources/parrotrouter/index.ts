import type { z } from 'zod';
import { hmacHex } from '../crypto.js';
import { hmacConfigSchema, signingSecret, usableSecrets } from '../hmac-config.js';
import type { SourceType } from '../source.js';
import { parseParrotrouter, PROVIDER } from './normalize.js';
import { parrotrouterSamples } from './samples.js';
import { verifyParrotrouter } from './verify.js';

const configSchema = hmacConfigSchema(PROVIDER);

export type ParrotrouterConfig = z.output<typeof configSchema>;

export const parrotrouterSource: SourceType<ParrotrouterConfig> = {
  type: PROVIDER,
  configSchema,
  create(key, config) {
    const secrets = usableSecrets(config);
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyParrotrouter(req, secrets, config.tolerance),
      parse: (req) => parseParrotrouter(key, req),
    };
  },
  samples: parrotrouterSamples,
  /** As the guide's `generateWebhookHeaders`: sha256 over `${timestamp}.${body}`. */
  sign(raw, config, now) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    return {
      headers: {
        'X-Webhook-Signature': hmacHex('sha256', signingSecret(config), timestamp, '.', raw),
        'X-Webhook-Timestamp': timestamp,
        'X-Webhook-Algorithm': 'sha256',
      },
    };
  },
};
