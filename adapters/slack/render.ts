import type { NormalizedEvent, Severity } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import { buildLayout, summaryLine, type Layout } from '../render/layout.js';
import { parseMention, type Mention } from '../render/mention.js';
import { escapeEntities, fitTransformed } from '../render/text.js';
import { slackBlocks } from './blocks.js';
import type { SlackChannel } from './config.js';
import { FALLBACK_TEXT_MAX_CHARS } from './limits.js';
import { slackMarkdownBlocks } from './markdown-block.js';

/**
 * The bar beside a message's details, by severity (Slack's own green, yellow and red; a
 * darker red for critical).
 */
const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#1D9BD1',
  success: '#2EB67D',
  warning: '#ECB22E',
  error: '#E01E5A',
  critical: '#8B0A1E',
};

/**
 * The incoming-webhook / chat.postMessage body (the sender adds `channel` in bot mode).
 * Block Kit: the header and the lead section (with the route's mention, so it is a
 * top-level mention) as the message's blocks, the details in an attachment whose `color`
 * draws the severity bar — blocks inside an attachment are how Slack colours them
 * (docs.slack.dev/messaging/formatting-message-text#when-to-use-attachments). With
 * `slack_format: markdown`, one standard-Markdown block (a message-level block type), and
 * the severity shows as the headline emoji only. `text` is the notification fallback.
 * With `options.job`, the context block also says when the job started.
 */
export function renderSlack(event: NormalizedEvent, channel: SlackChannel, options: RenderOptions = {}): RenderedMessage {
  const layout = buildLayout(event, options.job);
  const mention = mentionToken(parseMention(options.mention));
  const payload: Record<string, unknown> = { text: fallbackText(layout, mention) };
  if (channel.slack_format === 'markdown') payload.blocks = slackMarkdownBlocks(layout, mention);
  else {
    const { head, body } = slackBlocks(layout, mention);
    payload.blocks = head;
    if (body.length > 0) payload.attachments = [{ color: SEVERITY_COLORS[layout.severity], blocks: body }];
  }
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
