import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import { buildLayout, summaryLine } from '../render/layout.js';
import { parseMention, type Mention } from '../render/mention.js';
import type { DiscordChannel } from './config.js';
import { discordEmbeds } from './embeds.js';

export interface AllowedMentions {
  parse: ('users' | 'roles' | 'everyone')[];
  users?: string[];
  roles?: string[];
}

/**
 * The webhook / create-message body. Webhooks default to `allowed_mentions: {parse:
 * ["users"]}` (docs/platform-limits.md#discord-allowed-mentions), so it is always sent explicitly: `parse: []` unless the
 * route's mention option asks for exactly one mention. `content` carries only that mention.
 */
export function renderDiscord(event: NormalizedEvent, channel: DiscordChannel, options: RenderOptions = {}): RenderedMessage {
  const layout = buildLayout(event, options.job);
  const mention = discordMention(parseMention(options.mention));
  const payload: Record<string, unknown> = {};
  if (mention) payload.content = mention.content;
  payload.embeds = discordEmbeds(layout);
  payload.allowed_mentions = mention?.allowed ?? { parse: [] };
  if (channel.username) payload.username = channel.username;
  if (channel.avatar_url) payload.avatar_url = channel.avatar_url;
  return { payload, summary: summaryLine(layout) };
}

/** Discord ids are snowflakes: digits only. */
function discordMention(mention: Mention | undefined): { content: string; allowed: AllowedMentions } | undefined {
  switch (mention?.kind) {
    case 'here':
      return { content: '@here', allowed: { parse: ['everyone'] } };
    case 'channel':
      return { content: '@everyone', allowed: { parse: ['everyone'] } };
    case 'user':
      return /^\d+$/.test(mention.id) ? { content: `<@${mention.id}>`, allowed: { parse: [], users: [mention.id] } } : undefined;
    case 'role':
      return /^\d+$/.test(mention.id) ? { content: `<@&${mention.id}>`, allowed: { parse: [], roles: [mention.id] } } : undefined;
    default:
      return undefined;
  }
}
