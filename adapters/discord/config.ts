import { z } from 'zod';
import { rate, requiredSecret, webhookUrl } from '../../src/config/schema-parts.js';

/** `platform: discord` — a webhook URL, or a bot token + channel id. */
export const discordChannelSchema = z
  .strictObject({
    platform: z.literal('discord'),
    webhook_url: webhookUrl.optional(),
    token: requiredSecret.optional(),
    channel_id: z.string().regex(/^\d+$/, { error: 'expected a numeric channel id' }).optional(),
    /** Webhook display name override; Discord refuses names containing "clyde" or "discord". */
    username: z
      .string()
      .min(1)
      .max(80)
      .refine((n) => !/clyde|discord/i.test(n), { error: 'Discord refuses names containing "clyde" or "discord"' })
      .optional(),
    avatar_url: z.url().optional(),
    /** Post into this thread of the webhook's channel (forum channels need one). */
    thread_id: z.string().regex(/^\d+$/, { error: 'expected a numeric thread id' }).optional(),
    rate: rate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.webhook_url && c.token) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'use either webhook_url or token + channel_id, not both' });
    } else if (!c.webhook_url && !c.token) {
      ctx.addIssue({ code: 'custom', path: ['webhook_url'], message: 'required (or token + channel_id)' });
    } else if (c.token && !c.channel_id) {
      ctx.addIssue({ code: 'custom', path: ['channel_id'], message: 'required with token' });
    }
  });

export type DiscordChannel = z.infer<typeof discordChannelSchema>;

/** `platforms.discord`: the API base URL bot tokens are used with (a proxy or gateway may stand in). */
export const discordPlatformSchema = z.strictObject({ api_url: z.url().default('https://discord.com/api') });

export type DiscordPlatform = z.infer<typeof discordPlatformSchema>;
