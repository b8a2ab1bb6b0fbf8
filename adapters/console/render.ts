import type { NormalizedEvent, Severity } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import { formatNumber } from '../../src/events/format.js';
import { factText, PLAIN } from '../render/format.js';
import { buildLayout, contextLine, cutContent, summaryLine, type Layout } from '../render/layout.js';
import { parseMention } from '../render/mention.js';
import type { ConsoleChannel } from './config.js';

/** A terminal is no place for a 200 KB completion. */
const CONTENT_MAX_CHARS = 2000;
const MAX_ITEMS = 20;
const FACT_NAME_PAD = 18;

const MARKERS: Record<Severity, string> = {
  info: '[INFO]',
  success: '[OK]',
  warning: '[WARN]',
  error: '[ERROR]',
  critical: '[CRITICAL]',
};

/**
 * Plain lines for stdout (the payload is a string): headline with a severity marker,
 * facts, prompt, issues, content, links and the context line. Control characters were
 * removed by the layout, so event text cannot drive the terminal.
 */
export function renderConsole(event: NormalizedEvent, _channel: ConsoleChannel, options: RenderOptions = {}): RenderedMessage {
  const layout = buildLayout(event);
  const lines: string[] = [`${MARKERS[layout.severity]} ${layout.headline}`];
  const mention = parseMention(options.mention);
  if (mention) lines.push(`  (mention: ${mention.kind === 'user' || mention.kind === 'role' ? `${mention.kind} ${mention.id}` : mention.kind})`);
  if (layout.summary) lines.push(`  ${layout.summary}`);
  if (layout.error) {
    lines.push(`  Error${layout.error.code ? ` ${layout.error.code}` : ''}${layout.error.message ? `: ${layout.error.message}` : ''}`);
  }
  if (layout.facts.length > 0) {
    lines.push('');
    for (const fact of layout.facts) lines.push(`  ${`${fact.name}:`.padEnd(FACT_NAME_PAD)} ${factText(fact, PLAIN, layout.occurredMs)}`);
  }
  if (layout.prompt) section(lines, 'Prompt', layout.prompt.split('\n').map((l) => `> ${l}`));
  itemLines(lines, layout);
  for (const list of layout.lists) section(lines, list.title, list.entries.map((entry) => `- ${entry}`));
  contentLines(lines, layout);
  if (layout.links.length > 0) section(lines, 'Links', layout.links.map((l) => `${l.label}: ${l.url}`));
  lines.push('', `— ${contextLine(layout, PLAIN)}`);
  return { payload: `${lines.join('\n')}\n`, summary: summaryLine(layout) };
}

function section(lines: string[], title: string, body: string[]): void {
  lines.push('', `${title}:`, ...body.map((line) => `  ${line}`));
}

function itemLines(lines: string[], layout: Layout): void {
  if (layout.items.length === 0) return;
  const body: string[] = [];
  for (const item of layout.items.slice(0, MAX_ITEMS)) {
    body.push(`${MARKERS[item.severity]} ${item.title}${item.location ? ` (${item.location})` : ''}`);
    if (item.detail) body.push(`    → ${item.detail}`);
  }
  const hidden = layout.items.length - Math.min(layout.items.length, MAX_ITEMS);
  if (hidden > 0) body.push(`… and ${formatNumber(hidden)} more`);
  section(lines, `${layout.itemsTitle} (${layout.itemCounts ?? ''})`, body);
}

function contentLines(lines: string[], layout: Layout): void {
  const content = layout.content;
  if (!content) return;
  const source = cutContent(content, CONTENT_MAX_CHARS);
  const body = source.text.split('\n');
  if (source.omittedChars > 0) body.push(`… truncated (${formatNumber(source.omittedChars)} more characters)`);
  const language = source.kind === 'code' && source.language ? ` (${source.language})` : '';
  section(lines, `${source.title}${language}`, body);
}
