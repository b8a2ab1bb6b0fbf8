// Adaptive Card 1.4 in the Workflows envelope (docs/platform-limits.md#teams-cards): TextBlocks (wrap),
// a FactSet, colour through TextBlock `color`, and Action.OpenUrl buttons. TextBlock
// Markdown has no headings, tables or code blocks and needs a blank line for a line break
// (microsoft/AdaptiveCards#5538), so Markdown prose is adapted to that here. Code and other
// plain text (the prompt, a text body) go into a RichTextBlock's TextRun instead: a TextRun
// is never read as Markdown (`__init__` and `*args` stay as written) and keeps its line
// breaks (adaptivecards.io/explorer/TextRun.html).
import type { Severity } from '../../src/events/event.js';
import { formatNumber } from '../../src/events/format.js';
import { factText, PLAIN } from '../render/format.js';
import { contextLine, cutContent, ITEM_EMOJI, jobLine, type Content, type Layout } from '../render/layout.js';
import { safePrefix } from '../render/text.js';
import { fitTeams, type TeamsBudget } from './fit.js';

type Element = Record<string, unknown>;

const COLORS: Record<Severity, string> = {
  critical: 'attention',
  error: 'attention',
  warning: 'warning',
  success: 'good',
  info: 'accent',
};

/** Long content is spread over several TextBlocks of at most this many characters. */
const BLOCK_CHARS = 4000;
const MAX_ACTIONS = 5;

function textBlock(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** Indentation and runs of spaces as no-break spaces, so a renderer cannot collapse them. */
function keepSpaces(text: string): string {
  return text
    .replace(/\t/g, '    ')
    .replace(/^ +/gm, (s) => '\u00A0'.repeat(s.length))
    .replace(/ {2,}/g, (s) => '\u00A0'.repeat(s.length));
}

/** Plain text shown exactly as written: one TextRun per chunk, line breaks kept. */
function plainRuns(text: string, run: Element = {}, block: Element = {}): Element[] {
  return chunkPlain(text, BLOCK_CHARS).map((chunk) => ({
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: keepSpaces(chunk), ...run }],
    ...block,
  }));
}

/** Lines grouped into pieces of at most `max` characters (long lines cut). */
function chunkPlain(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (let line of text.split('\n')) {
    while (line.length > max) {
      if (current) chunks.push(current);
      current = '';
      const head = safePrefix(line, max);
      chunks.push(head);
      line = line.slice(head.length);
    }
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks;
}

function codeBlocks(code: string): Element[] {
  return plainRuns(code, { fontType: 'Monospace' }, { spacing: 'Small' });
}

function proseBlocks(prose: string): Element[] {
  const adapted = prose.trim().replace(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, '**$1**');
  return chunkPlain(adapted, BLOCK_CHARS).map((chunk) => textBlock(chunk));
}

function contentElements(content: Content, maxChars: number): Element[] {
  if (maxChars <= 0) return [];
  const source = cutContent(content, maxChars);
  const language = source.kind === 'code' && source.language ? ` (${source.language})` : '';
  const elements: Element[] = [textBlock(`**${source.title}**${language}`, { spacing: 'Medium' })];
  if (source.kind === 'code') elements.push(...codeBlocks(source.text));
  else if (source.kind === 'text') elements.push(...plainRuns(source.text));
  else {
    for (const block of source.blocks) {
      if (block.kind === 'code') elements.push(...codeBlocks(block.text));
      else if (block.text.trim() !== '') elements.push(...proseBlocks(block.text));
    }
  }
  if (source.omittedChars > 0) {
    elements.push(textBlock(`_…truncated (${formatNumber(source.omittedChars)} more characters)_`, { isSubtle: true, size: 'Small' }));
  }
  return elements;
}

function itemElements(layout: Layout, maxItems: number): Element[] {
  if (layout.items.length === 0 || maxItems <= 0) return [];
  const shown = layout.items.slice(0, maxItems);
  const lines = shown.map((item) => {
    const where = item.location ? ` · ${item.location}` : '';
    const detail = item.detail ? ` — ${item.detail}` : '';
    return `- ${ITEM_EMOJI[item.severity]} **${item.title}**${where}${detail}`;
  });
  const hidden = layout.items.length - shown.length;
  if (hidden > 0) lines.push(`- _…and ${formatNumber(hidden)} more_`);
  return [
    textBlock(`**${layout.itemsTitle}** (${layout.itemCounts ?? ''})`, { spacing: 'Medium' }),
    textBlock(lines.join('\n')),
  ];
}

function headElements(layout: Layout, note: string | undefined): Element[] {
  const body: Element[] = [
    textBlock(`${layout.emoji} ${layout.headline}`, { size: 'Medium', weight: 'Bolder', color: COLORS[layout.severity] }),
  ];
  if (note) body.push(textBlock(note, { weight: 'Bolder' }));
  if (layout.summary) body.push(textBlock(layout.summary, { spacing: 'Small' }));
  if (layout.error) {
    const code = layout.error.code ? ` ${layout.error.code}` : '';
    body.push(textBlock(`**Error${code}**${layout.error.message ? `: ${layout.error.message}` : ''}`, { color: 'attention' }));
  }
  return body;
}

/** The context line, and for a job's message when the job started, both small and subtle. */
function contextElements(layout: Layout): Element[] {
  const elements = [textBlock(contextLine(layout, PLAIN), { isSubtle: true, size: 'Small', spacing: 'Medium' })];
  const job = jobLine(layout, PLAIN);
  if (job) elements.push(textBlock(job, { isSubtle: true, size: 'Small', spacing: 'None' }));
  return elements;
}

function card(body: Element[], actions: Element[]): Record<string, unknown> {
  const content: Record<string, unknown> = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
  };
  if (actions.length > 0) content.actions = actions;
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

function build(layout: Layout, note: string | undefined, budget: TeamsBudget): Record<string, unknown> {
  const body = headElements(layout, note);
  const facts = layout.facts.slice(0, budget.maxFacts);
  if (facts.length > 0) {
    body.push({ type: 'FactSet', facts: facts.map((f) => ({ title: f.name, value: factText(f, PLAIN, layout.occurredMs) })) });
  }
  if (layout.prompt && budget.withPrompt) {
    body.push({
      type: 'Container',
      style: 'emphasis',
      items: [textBlock('**Prompt**'), ...plainRuns(layout.prompt, { isSubtle: true }, { spacing: 'Small' })],
    });
  }
  body.push(...itemElements(layout, budget.maxItems));
  for (const list of layout.lists) {
    const entries = list.entries.slice(0, budget.maxListEntries);
    if (entries.length === 0) continue;
    body.push(textBlock(`**${list.title}**`, { spacing: 'Medium' }));
    body.push(textBlock(entries.map((entry) => `- ${entry}`).join('\n')));
  }
  if (layout.content) body.push(...contentElements(layout.content, budget.contentChars));
  body.push(...contextElements(layout));
  const actions = layout.links.slice(0, MAX_ACTIONS).map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url }));
  return card(body, actions);
}

export function adaptiveCardPayload(layout: Layout, note: string | undefined): Record<string, unknown> {
  return fitTeams(
    (budget) => build(layout, note, budget),
    () => card([...headElements({ ...layout, summary: undefined, error: undefined }, undefined), ...contextElements(layout)], []),
    layout.content !== undefined,
  );
}
