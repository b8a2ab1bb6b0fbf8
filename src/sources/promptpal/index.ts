import type { SourceType } from '../source.js';
import { configSchema, PROVIDER, type PromptpalConfig } from './config.js';
import { parsePromptpal } from './normalize.js';
import { promptpalSamples } from './samples.js';
import { verifyPromptpal } from './verify.js';

export type { PromptpalConfig } from './config.js';

/** Sent by PromptPal on every webhook (docs: "Headers"); the version is illustrative. */
const USER_AGENT = 'PromptPal-Webhook@1.0.0';

export const promptpalSource: SourceType<PromptpalConfig> = {
  type: PROVIDER,
  configSchema,
  exampleConfig: { type: PROVIDER, token: 'example-token' },
  signatureHeaders: [],
  signatureQuery: ['token'],
  create(key, config) {
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyPromptpal(req, config.token),
      parse: (req) => parsePromptpal(key, req),
    };
  },
  samples: promptpalSamples,
  sign(_raw, config) {
    const token = config.token?.reveal();
    return token ? { headers: { 'User-Agent': USER_AGENT }, query: { token } } : { headers: { 'User-Agent': USER_AGENT } };
  },
};
