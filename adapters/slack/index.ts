import type { Adapter } from '../adapter.js';
import { redactUrl } from '../../src/config/secret.js';
import { slackChannelSchema, slackPlatformSchema, type SlackChannel, type SlackPlatform } from './config.js';
import { renderSlack } from './render.js';
import { sendSlack, slackFollows, slackLimitScopes } from './send.js';

/** Rendering never reads the credentials: a placeholder webhook selects the format. */
const RENDER_CHANNEL = { platform: 'slack', webhook_url: 'https://hooks.slack.com/services/T000/B000/render' };
const BLOCK_KIT_BUILDER = '[Block Kit Builder](https://app.slack.com/block-kit-builder)';

export const slackAdapter: Adapter<SlackChannel, SlackPlatform> = {
  platform: 'slack',
  configSchema: slackChannelSchema,
  platformSchema: slackPlatformSchema,
  // Incoming webhooks: 1 message per second; chat.postMessage: ≈ 1 per second per channel
  // (docs/platform-limits.md#slack-rate-limits).
  defaultRate: { count: 1, perMs: 1000 },
  renderFormats: {
    slack: {
      channel: { ...RENDER_CHANNEL, slack_format: 'blocks' },
      what: 'Block Kit incoming-webhook body (`text` + `blocks`)',
      preview: `${BLOCK_KIT_BUILDER}: choose *Message* as the surface, delete the sample, paste the whole file (the builder keeps \`blocks\` and ignores \`text\`).`,
    },
    'slack-markdown': {
      channel: { ...RENDER_CHANNEL, slack_format: 'markdown' },
      what: '`slack_format: markdown`: header, one `markdown` block, context',
      preview: 'Block Kit Builder as above.',
    },
  },
  render: (event, channel, options) => renderSlack(event, channel, options),
  send: (message, channel, ctx, followUp) => sendSlack(message, channel, ctx, followUp),
  follows: (channel) => slackFollows(channel),
  limitScopes: (channel) => slackLimitScopes(channel),
  describe(channel) {
    if (channel.webhook_url) return `slack webhook ${redactUrl(channel.webhook_url.reveal())}`;
    const name = channel.channel ?? '?';
    return `slack ${name.startsWith('#') ? name : `#${name}`} via bot`;
  },
};
