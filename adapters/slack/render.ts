import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import { buildLayout, summaryLine, type Layout } from '../render/layout.js';
import { parseMention, type Mention } from '../render/mention.js';
import { escapeEntities, fitTransformed } from '../render/text.js';
import { slackBlocks } from './blocks.js';
import type { SlackChannel } from './config.js';
import { FALLBACK_TEXT_MAX_CHARS } from './limits.js';
import { slackMarkdownBlocks } from './markdown-block.js';

/**
 * The incoming-webhook / chat.postMessage body (the sender adds `channel` in bot mode):
 * Block Kit, or one standard-Markdown block with `slack_format: markdown`. Severity shows
 * as the headline emoji in both formats (no attachment colour bars).
 */
export function renderSlack(event: NormalizedEvent, channel: SlackChannel, options: RenderOptions = {}): RenderedMessage {
  const layout = buildLayout(event);
  const mention = mentionToken(parseMention(options.mention));
  const blocks = channel.slack_format === 'markdown' ? slackMarkdownBlocks(layout, mention) : slackBlocks(layout, mention);
  const payload: Record<string, unknown> = { text: fallbackText(layout, mention), blocks };
  if (channel.username) payload.username = channel.username;
  if (channel.icon_emoji) payload.icon_emoji = channel.icon_emoji;
  return { payload, summary: summaryLine(layout) };
}

/** The only source of `<!…>` / `<@…>` in a Slack payload: the route's mention option. */
function mentionToken(mention: Mention | undefined): string | undefined {
  switch (mention?.kind) {
    case 'here':
      return '<!here>';
    case 'channel':
      return '<!channel>';
    case 'user':
      return `<@${mention.id.toUpperCase()}>`;
    case 'role':
      return `<!subteam^${mention.id.toUpperCase()}>`;
    default:
      return undefined;
  }
}

/** Short notification text: mention, emoji, headline, and the error, summary or prompt. */
function fallbackText(layout: Layout, mention: string | undefined): string {
  const prefix = mention ? `${mention} ` : '';
  const detail = layout.lead;
  const raw = detail ? `${layout.emoji} ${layout.headline}: ${detail}` : `${layout.emoji} ${layout.headline}`;
  return prefix + fitTransformed(raw, FALLBACK_TEXT_MAX_CHARS - prefix.length, escapeEntities);
}
