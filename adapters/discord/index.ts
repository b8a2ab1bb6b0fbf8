import type { Adapter } from '../adapter.js';
import { discordChannelSchema, discordPlatformSchema, type DiscordChannel, type DiscordPlatform } from './config.js';
import { parseWebhookUrl } from './client.js';
import { renderDiscord } from './render.js';
import { discordFollows, discordLimitScopes, sendDiscord } from './send.js';

export const discordAdapter: Adapter<DiscordChannel, DiscordPlatform> = {
  platform: 'discord',
  configSchema: discordChannelSchema,
  platformSchema: discordPlatformSchema,
  // Community-known webhook limit: ~5 requests per 2 s per webhook (docs/platform-limits.md#discord-rate-limits;
  // not documented, not in headers). The ~30 messages/min per channel shared by all its
  // webhooks is not enforced here: it answers 429 (scope `shared`), which Herald honours.
  defaultRate: { count: 5, perMs: 2000 },
  renderFormats: {
    discord: {
      // Rendering never reads the credentials: a placeholder webhook.
      channel: { platform: 'discord', webhook_url: 'https://discord.com/api/webhooks/1/render' },
      what: 'webhook body (`embeds`, `allowed_mentions`)',
      preview: 'paste into a webhook preview such as [Discohook](https://discohook.app) (JSON editor), or post with `curl -H \'Content-Type: application/json\' -d @file "$DISCORD_WEBHOOK_URL"`.',
    },
  },
  render: (event, channel, options) => renderDiscord(event, channel, options),
  send: (message, channel, ctx, followUp) => sendDiscord(message, channel, ctx, followUp),
  follows: (channel) => discordFollows(channel),
  limitScopes: (channel) => discordLimitScopes(channel),
  describe(channel) {
    if (channel.webhook_url) {
      const target = parseWebhookUrl(channel.webhook_url.reveal());
      if (!target) return 'discord webhook <redacted> (not a Discord webhook URL)';
      const host = new URL(target.base).host;
      const at = /(^|\.)discord(app)?\.com$/.test(host) ? '' : ` at ${new URL(target.base).origin}`;
      return `discord webhook ${target.id}/<redacted>${at}`;
    }
    return `discord channel ${channel.channel_id ?? '?'} via bot`;
  },
};
