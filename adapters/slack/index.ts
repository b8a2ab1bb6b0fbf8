import type { Adapter } from '../adapter.js';
import { redactUrl } from '../../src/config/secret.js';
import { slackChannelSchema, type SlackChannel } from './config.js';
import { renderSlack } from './render.js';
import { sendSlack, slackLimitScopes } from './send.js';

export const slackAdapter: Adapter<SlackChannel> = {
  platform: 'slack',
  configSchema: slackChannelSchema,
  // Incoming webhooks: 1 message per second; chat.postMessage: ≈ 1 per second per channel
  // (docs.slack.dev/apis/web-api/rate-limits, PLATFORMS.md "Rate limits").
  defaultRate: { count: 1, perMs: 1000 },
  render: (event, channel, options) => renderSlack(event, channel, options),
  send: (message, channel, ctx) => sendSlack(message, channel, ctx),
  limitScopes: (channel) => slackLimitScopes(channel),
  describe(channel) {
    if (channel.webhook_url) return `slack webhook ${redactUrl(channel.webhook_url.reveal())}`;
    const name = channel.channel ?? '?';
    return `slack ${name.startsWith('#') ? name : `#${name}`} via bot`;
  },
};
