import type { z } from 'zod';
import { hmacHex } from '../crypto.js';
import { hmacConfigSchema, signingSecret, usableSecrets } from '../hmac-config.js';
import type { SourceType } from '../source.js';
import { parseIhateppt, PROVIDER } from './normalize.js';
import { ihatepptSamples } from './samples.js';
import { verifyIhateppt } from './verify.js';

const configSchema = hmacConfigSchema(PROVIDER);

export type IhatepptConfig = z.output<typeof configSchema>;

export const ihatepptSource: SourceType<IhatepptConfig> = {
  type: PROVIDER,
  configSchema,
  create(key, config) {
    const secrets = usableSecrets(config);
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyIhateppt(req, secrets, config.tolerance),
      parse: (req) => parseIhateppt(key, req),
    };
  },
  samples: ihatepptSamples,
  sign(raw, config, now) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const headers: Record<string, string> = {
      'X-Webhook-Signature': `sha256=${hmacHex('sha256', signingSecret(config), timestamp, '.', raw)}`,
      'X-Webhook-Timestamp': timestamp,
    };
    const type = eventType(raw);
    if (type) headers['X-Webhook-Event'] = type;
    return { headers };
  },
};

function eventType(raw: Buffer): string | undefined {
  try {
    const type = (JSON.parse(raw.toString('utf8')) as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
