import { Webhook } from 'standardwebhooks';
import { sha256Hex } from '../crypto.js';
import { signingSecret } from '../hmac-config.js';
import type { SourceType } from '../source.js';
import { configSchema, PROVIDER, webhooksOf, type StandardWebhooksConfig } from './config.js';
import { parseStandardWebhook } from './normalize.js';
import { standardWebhooksSamples } from './samples.js';
import { verifyStandardWebhook } from './verify.js';

export type { StandardWebhooksConfig } from './config.js';

export const standardWebhooksSource: SourceType<StandardWebhooksConfig> = {
  type: PROVIDER,
  configSchema,
  // A signing secret is base64 after `whsec_`.
  exampleConfig: { type: PROVIDER, secret: 'whsec_ZXhhbXBsZS1zaWduaW5nLXNlY3JldA==' },
  // Svix senders use the same scheme under svix-* names.
  signatureHeaders: ['webhook-signature', 'svix-signature'],
  create(key, config) {
    const webhooks = webhooksOf(config);
    return {
      key,
      provider: PROVIDER,
      verify: (req) => verifyStandardWebhook(req, webhooks, config.tolerance),
      parse: (req) => parseStandardWebhook(key, req),
    };
  },
  samples: standardWebhooksSamples,
  sign(raw, config, now) {
    // A message id unique per body and send time, as a sender's would be.
    const id = `msg_${sha256Hex(`${now.getTime()}.${raw.toString('utf8')}`).slice(0, 24)}`;
    const signature = new Webhook(signingSecret(config)).sign(id, now, raw);
    return {
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
    };
  },
};
