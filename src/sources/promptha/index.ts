import type { z } from 'zod';
import { hmacHex } from '../crypto.js';
import { hmacConfigSchema, signingSecret, usableSecrets } from '../hmac-config.js';
import type { SourceType } from '../source.js';
import { parsePromptha, PROVIDER } from './normalize.js';
import { prompthaSamples } from './samples.js';
import { verifyPromptha } from './verify.js';

const configSchema = hmacConfigSchema(PROVIDER);

export type PrompthaConfig = z.output<typeof configSchema>;

export const prompthaSource: SourceType<PrompthaConfig> = {
  type: PROVIDER,
  configSchema,
  create(key, config) {
    const secrets = usableSecrets(config);
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyPromptha(req, secrets, config.tolerance),
      parse: (req) => parsePromptha(key, req),
    };
  },
  samples: prompthaSamples,
  sign(raw, config, now) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    return {
      headers: {
        'X-Promptha-Signature': hmacHex('sha256', signingSecret(config), timestamp, '.', raw),
        'X-Promptha-Timestamp': timestamp,
      },
    };
  },
};
