import { z } from 'zod';
import { rate, requiredSecret, webhookUrl } from '../../src/config/schema-parts.js';

/** `platform: slack` — an incoming webhook, or a bot token + channel (chat.postMessage). */
export const slackChannelSchema = z
  .strictObject({
    platform: z.literal('slack'),
    webhook_url: webhookUrl.optional(),
    token: requiredSecret.optional(),
    channel: z.string().min(1).optional(),
    /** `blocks` (Block Kit, default) or `markdown` (one markdown block: standard Markdown). */
    slack_format: z.enum(['blocks', 'markdown']).default('blocks'),
    username: z.string().min(1).optional(),
    icon_emoji: z.string().min(1).optional(),
    rate: rate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.webhook_url && c.token) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'use either webhook_url or token + channel, not both' });
    } else if (!c.webhook_url && !c.token) {
      ctx.addIssue({ code: 'custom', path: ['webhook_url'], message: 'required (or token + channel)' });
    } else if (c.token && !c.channel) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'required with token' });
    }
  });

export type SlackChannel = z.infer<typeof slackChannelSchema>;

/** `platforms.slack`: the Web API base URL the bot token is used with (a proxy or gateway may stand in). */
export const slackPlatformSchema = z.strictObject({ api_url: z.url().default('https://slack.com/api/') });

export type SlackPlatform = z.infer<typeof slackPlatformSchema>;
