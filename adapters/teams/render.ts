import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import { buildLayout, summaryLine } from '../render/layout.js';
import { parseMention } from '../render/mention.js';
import { adaptiveCardPayload } from './adaptive-card.js';
import type { TeamsChannel } from './config.js';
import { messageCardPayload } from './messagecard.js';

/**
 * A Workflows Adaptive Card envelope (default) or a legacy MessageCard, under 28 KB either
 * way. Webhooks cannot mention anyone in Teams: a `here`/`channel` mention option becomes
 * a visible line of text, never a real mention; a user or role id is ignored. With
 * `options.job`, a small line under the context says when the job started.
 */
export function renderTeams(event: NormalizedEvent, channel: TeamsChannel, options: RenderOptions = {}): RenderedMessage {
  const layout = buildLayout(event, options.job);
  const mention = parseMention(options.mention);
  const note =
    mention?.kind === 'here' ? '📣 Heads-up, everyone here' : mention?.kind === 'channel' ? '📣 Heads-up, everyone in this channel' : undefined;
  const payload = channel.format === 'messagecard' ? messageCardPayload(layout, note) : adaptiveCardPayload(layout, note);
  return { payload, summary: summaryLine(layout) };
}
