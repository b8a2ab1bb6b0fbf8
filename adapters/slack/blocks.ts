// Block Kit layout: header, lead (mention, summary, error), fact fields, prompt, issues,
// recommendations, content split across sections, link buttons, context. Every block is
// built within its own limit; the content (then the issue list, then the rest) shrinks
// until the whole message fits the ~12k-character block budget and 50 blocks.
import { formatNumber } from '../../src/events/format.js';
import { FULL_REST, shrinkRest, shrinkRestFully, type RestBudget } from '../render/budget.js';
import { factText } from '../render/format.js';
import { contextLine, cutContent, ITEM_EMOJI, jobLine, type Content, type Layout } from '../render/layout.js';
import { escapeEntities, fitTransformed, splitFenced, truncateChars } from '../render/text.js';
import {
  ACTIONS_MAX_ELEMENTS,
  BLOCKS_TEXT_BUDGET_CHARS,
  BUTTON_TEXT_MAX_CHARS,
  BUTTON_URL_MAX_CHARS,
  FIELD_MAX_CHARS,
  HEADER_MAX_CHARS,
  MAX_BLOCKS,
  SECTION_MAX_FIELDS,
  SECTION_TEXT_MAX_CHARS,
  blocksTextLength,
} from './limits.js';
import { markdownToMrkdwn, MRKDWN, mrkdwnBold, mrkdwnCodeBlock, mrkdwnQuote } from './mrkdwn.js';

export type SlackBlock = Record<string, unknown>;

/** What may shrink to fit the block budget. */
interface Budget extends RestBudget {
  contentChars: number;
  maxLinks: number;
}

const FULL_BUDGET: Budget = { ...FULL_REST, maxItems: 40, contentChars: BLOCKS_TEXT_BUDGET_CHARS, maxLinks: 5 };

/** With content to show, everything else gets at most this share of the budget. */
const REST_SHARE = 0.6;

/** Room kept for the "truncated" / "and N more" notes. */
const NOTE_CHARS = 80;

function fits(blocks: SlackBlock[], limit = BLOCKS_TEXT_BUDGET_CHARS): boolean {
  return blocksTextLength(blocks) <= limit && blocks.length <= MAX_BLOCKS;
}

/**
 * The message's blocks: `head` (header and the lead section: mention, summary, error) to
 * go first, `body` (facts, prompt, issues, content, lists, buttons, context) after it.
 * The budgets hold for both together.
 */
export function slackBlocks(layout: Layout, mentionToken: string | undefined): { head: SlackBlock[]; body: SlackBlock[] } {
  const blocks = fitBlocks(layout, mentionToken);
  const headCount = blocks[1] !== undefined && leadText(layout, mentionToken) !== '' && blocks.length > 2 ? 2 : 1;
  return { head: blocks.slice(0, headCount), body: blocks.slice(headCount) };
}

function fitBlocks(layout: Layout, mentionToken: string | undefined): SlackBlock[] {
  let budget = FULL_BUDGET;
  // First the parts around the content shrink until they leave it a fair share…
  const restLimit = layout.content ? BLOCKS_TEXT_BUDGET_CHARS * REST_SHARE : BLOCKS_TEXT_BUDGET_CHARS;
  while (!fits(compose(layout, mentionToken, { ...budget, contentChars: 0 }), restLimit)) {
    const next = budget.maxLinks > 1 ? { ...budget, maxLinks: 1 } : shrinkRest(budget);
    if (next === undefined) break;
    budget = next;
  }
  // …then the content takes the room that is left (compose sizes it), down to nothing.
  for (;;) {
    const blocks = compose(layout, mentionToken, budget);
    if (fits(blocks)) return blocks;
    const next = budget.maxLinks > 1 ? { ...budget, maxLinks: 1 } : (shrinkRestFully(budget) ?? (budget.contentChars > 0 ? { ...budget, contentChars: 0 } : undefined));
    if (next === undefined) return [headerBlock(layout), contextBlock(layout)];
    budget = next;
  }
}

function compose(layout: Layout, mentionToken: string | undefined, budget: Budget): SlackBlock[] {
  const top: SlackBlock[] = [headerBlock(layout)];
  const lead = leadText(layout, mentionToken);
  if (lead) top.push(section(lead));
  top.push(...factBlocks(layout, budget.maxFacts));
  if (layout.prompt && budget.withPrompt) top.push(section(`*Prompt*\n${mrkdwnQuote(layout.prompt)}`));
  const bottom: SlackBlock[] = [];
  for (const list of layout.lists) {
    const text = listText(mrkdwnBold(list.title), list.entries.slice(0, budget.maxListEntries));
    if (text) bottom.push(section(text));
  }
  const actions = actionsBlock(layout, budget.maxLinks);
  if (actions) bottom.push(actions);
  bottom.push(contextBlock(layout));

  let room = BLOCKS_TEXT_BUDGET_CHARS - blocksTextLength(top) - blocksTextLength(bottom);
  let blocksLeft = MAX_BLOCKS - top.length - bottom.length;
  const itemShare = layout.content && budget.contentChars > 0 ? 0.4 : 1;
  const items = itemBlocks(layout, budget.maxItems, Math.floor(room * itemShare), Math.floor(blocksLeft / 2));
  room -= blocksTextLength(items);
  blocksLeft -= items.length;
  const content = layout.content
    ? contentBlocks(layout.content, Math.min(room, budget.contentChars), blocksLeft)
    : [];
  return [...top, ...items, ...content, ...bottom];
}

/** A titled bullet list, as many entries as fit one section. */
function listText(title: string, entries: string[]): string | undefined {
  if (entries.length === 0) return undefined;
  let text = title;
  for (const entry of entries) {
    const line = `\n• ${escapeEntities(entry)}`;
    if (text.length + line.length > SECTION_TEXT_MAX_CHARS) break;
    text += line;
  }
  return text;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function headerBlock(layout: Layout): SlackBlock {
  const text = fitTransformed(`${layout.emoji} ${layout.headline}`, HEADER_MAX_CHARS, escapeEntities) || layout.emoji;
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** Mention (only ever from the route's option), summary and error: the first section. */
function leadText(layout: Layout, mentionToken: string | undefined): string {
  const lines: string[] = [];
  if (mentionToken) lines.push(mentionToken);
  if (layout.summary) lines.push(escapeEntities(layout.summary));
  if (layout.error) {
    const code = layout.error.code ? ` \`${escapeEntities(layout.error.code.replace(/`/g, ''))}\`` : '';
    lines.push(`*Error*${code}${layout.error.message ? `: ${escapeEntities(layout.error.message)}` : ''}`);
  }
  return truncateChars(lines.join('\n'), SECTION_TEXT_MAX_CHARS);
}

function factBlocks(layout: Layout, maxFacts: number): SlackBlock[] {
  const fields = layout.facts.slice(0, maxFacts).map((fact) => ({
    type: 'mrkdwn',
    text: truncateChars(`${mrkdwnBold(fact.name)}\n${factText(fact, MRKDWN, layout.occurredMs)}`, FIELD_MAX_CHARS),
  }));
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += SECTION_MAX_FIELDS) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + SECTION_MAX_FIELDS) });
  }
  return blocks;
}

function itemLine(item: Layout['items'][number]): string {
  const where = item.location ? ` · ${escapeEntities(item.location)}` : '';
  const detail = item.detail ? `\n      ↳ ${escapeEntities(item.detail)}` : '';
  return `${ITEM_EMOJI[item.severity]} ${mrkdwnBold(item.title) || '*Issue*'}${where}${detail}`;
}

/** The issues, worst first, as many as fit; then "…and N more". */
function itemBlocks(layout: Layout, maxItems: number, room: number, maxBlocks: number): SlackBlock[] {
  if (layout.items.length === 0 || maxItems <= 0 || maxBlocks <= 0 || room < 200) return [];
  const texts: string[] = [`*${layout.itemsTitle}* (${escapeEntities(layout.itemCounts ?? '')})`];
  let used = texts[0]!.length;
  let shown = 0;
  for (const item of layout.items.slice(0, maxItems)) {
    const line = truncateChars(itemLine(item), SECTION_TEXT_MAX_CHARS - NOTE_CHARS);
    const current = texts[texts.length - 1]!;
    if (used + line.length + 1 > room - NOTE_CHARS) break;
    if (current.length + line.length + 1 <= SECTION_TEXT_MAX_CHARS - NOTE_CHARS) {
      texts[texts.length - 1] = `${current}\n${line}`;
    } else if (texts.length < maxBlocks) {
      texts.push(line);
    } else break;
    used += line.length + 1;
    shown += 1;
  }
  const hidden = layout.items.length - shown;
  if (hidden > 0) texts[texts.length - 1] += `\n_…and ${formatNumber(hidden)} more_`;
  return texts.map(section);
}

/** Content as mrkdwn sections of ≤ 3000 chars with balanced fences; truncated with a note. */
function contentBlocks(content: Content, room: number, maxBlocks: number): SlackBlock[] {
  const language = content.kind === 'code' && content.language ? ` (${escapeEntities(content.language)})` : '';
  const label = `*${escapeEntities(content.title)}*${language}`;
  if (maxBlocks <= 0 || room < label.length + NOTE_CHARS + 100) return [];
  // Cut the source to what can be shown before converting it (the split notes the cut).
  const source = cutContent(content, room * 2 + 1000);
  const cutChars = source.omittedChars;
  const mrkdwn =
    source.kind === 'code' ? mrkdwnCodeBlock(source.text) : source.kind === 'markdown' ? markdownToMrkdwn(source.blocks) : escapeEntities(source.text);
  const split = splitFenced(mrkdwn, {
    chunkChars: SECTION_TEXT_MAX_CHARS - label.length - 1,
    maxChunks: maxBlocks,
    totalChars: room - label.length - 1 - maxBlocks,
    noteChars: NOTE_CHARS,
  });
  const chunks = split.chunks.length > 0 ? split.chunks : [''];
  const texts = chunks.map((chunk, i) => (i === 0 ? `${label}\n${chunk}` : chunk).trimEnd());
  if (split.truncated || cutChars > 0) {
    const omitted = split.truncated ? split.omittedChars + cutChars : cutChars;
    texts[texts.length - 1] += `\n_…truncated (about ${formatNumber(omitted)} more characters)_`;
  }
  return texts.map(section);
}

function actionsBlock(layout: Layout, maxLinks: number): SlackBlock | undefined {
  const elements = layout.links
    .filter((link) => link.url.length <= BUTTON_URL_MAX_CHARS)
    .slice(0, Math.min(maxLinks, ACTIONS_MAX_ELEMENTS))
    .map((link) => ({
      type: 'button',
      text: { type: 'plain_text', text: fitTransformed(link.label, BUTTON_TEXT_MAX_CHARS, escapeEntities) || 'Open', emoji: true },
      url: link.url,
    }));
  return elements.length > 0 ? { type: 'actions', elements } : undefined;
}

/**
 * source · type · id · time, in one mrkdwn element (context allows 10); a job's message
 * adds when the job started, as a second element.
 */
export function contextBlock(layout: Layout): SlackBlock {
  const elements = [{ type: 'mrkdwn', text: contextLine(layout, MRKDWN) }];
  const job = jobLine(layout, MRKDWN);
  if (job) elements.push({ type: 'mrkdwn', text: job });
  return { type: 'context', elements };
}
