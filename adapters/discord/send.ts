import type { RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, scopeKey, type PostResult } from '../http.js';
import { createChannelMessage, executeWebhook, parseWebhookUrl } from './client.js';
import type { DiscordChannel, DiscordPlatform } from './config.js';
import { discordError } from './errors.js';
import { DISCORD_GLOBAL_SCOPE, pausesFromSuccess } from './rate-limits.js';

/**
 * Per-route buckets with the webhook id (or channel id) as major parameter, plus the
 * global limit (discord-api-docs topics/rate-limits). The id is not a secret; the token is.
 */
export function discordLimitScopes(channel: DiscordChannel): string[] {
  if (channel.webhook_url) {
    const target = parseWebhookUrl(channel.webhook_url.reveal());
    // An unparsable URL never reaches Discord (send rejects it); its hash still names one destination.
    return [`discord:webhook:${target?.id ?? scopeKey(channel.webhook_url.reveal())}`, DISCORD_GLOBAL_SCOPE];
  }
  return [`discord:channel:${channel.channel_id ?? ''}`, DISCORD_GLOBAL_SCOPE];
}

export async function sendDiscord(message: RenderedMessage, channel: DiscordChannel, ctx: SendContext<DiscordPlatform>): Promise<SendResult> {
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DeliveryError('BUG', 'discord renderer produced a payload that is not an object');
  }
  const ownScope = discordLimitScopes(channel)[0]!;

  if (channel.webhook_url) {
    const url = channel.webhook_url.reveal();
    const target = parseWebhookUrl(url);
    if (!target) throw new DeliveryError('REJECTED', 'discord webhook_url is not a Discord webhook URL (…/api/webhooks/<id>/<token>)');
    const body: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
    // The channel's display overrides, unless the renderer chose them.
    if (channel.username !== undefined && body.username === undefined) body.username = channel.username;
    if (channel.avatar_url !== undefined && body.avatar_url === undefined) body.avatar_url = channel.avatar_url;
    const res = await executeWebhook(target, body, { threadId: channel.thread_id }, ctx);
    return outcome(res, { via: 'webhook', ownScope, secrets: [url, target.token] });
  }

  if (channel.token && channel.channel_id) {
    const token = channel.token.reveal();
    const res = await createChannelMessage(channel.channel_id, token, payload, ctx);
    return outcome(res, { via: 'bot', ownScope, secrets: [token] });
  }
  throw new DeliveryError('REJECTED', 'discord channel has neither webhook_url nor token + channel_id');
}

function outcome(res: PostResult, options: { via: string; ownScope: string; secrets: readonly string[] }): SendResult {
  if (res.status < 200 || res.status >= 300) throw discordError(res, options);
  const pauses = pausesFromSuccess(res, options.ownScope);
  return pauses.length > 0 ? { pauses } : {};
}
