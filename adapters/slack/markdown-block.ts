// `slack_format: markdown`: one `markdown` block of standard Markdown (Slack translates it,
// which suits LLM output), with the header, link buttons and context around it.
//
// The markdown block has no entity escaping of its own, so event text is neutralised the
// Markdown way: in prose `<`, `>` (except quote markers) and `&` get a backslash escape
// (docs.slack.dev/reference/block-kit/blocks/markdown-block: "Escaping special
// characters"); in code, where backslashes would show, a zero-width space goes between
// `<` and `!`, `@` or `#`, so no `<!channel>` / `<@U…>` sequence survives anywhere.
import { formatNumber } from '../../src/events/format.js';
import { factText, PLAIN, type Dialect } from '../render/format.js';
import { cutContent, ITEM_EMOJI, type Content, type Layout } from '../render/layout.js';
import { mapMarkdown, mapSpans, type MarkdownBlock, type MarkdownProse } from '../render/markdown.js';
import { defuseFences, escapeEntities, fitTransformed, splitFenced } from '../render/text.js';
import { contextBlock, headerBlock, type SlackBlock } from './blocks.js';
import { BLOCKS_TEXT_BUDGET_CHARS, BUTTON_TEXT_MAX_CHARS, BUTTON_URL_MAX_CHARS, MARKDOWN_BLOCK_MAX_CHARS, blocksTextLength } from './limits.js';

/**
 * Backslash-escapes the Markdown syntax in plain text (event text is never markup): inline
 * punctuation anywhere, block markers (`#`, `>`, `-`, `1.`) only where a line starts.
 */
function escapeMarkdown(text: string): string {
  return defuseCode(text)
    .replace(/[\\`*_~[\]<>&]/g, '\\$&')
    .replace(/^(\s*)([#+-])(?=[\s#]|$)/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** Facts in the markdown block: escaped text, times as UTC text (no date tokens there). */
const MARKDOWN: Dialect = { ...PLAIN, text: escapeMarkdown };

/** No `<!` / `<@` / `<#` sequence, in code (where escapes would show) and in prose. */
function defuseCode(code: string): string {
  return code.replace(/<(?=[!@#])/g, '<\u200B');
}

/** Neutralises a Markdown document: escapes in prose, zero-width breaks in code. */
function neutralizeMarkdown(blocks: MarkdownBlock[]): string {
  const prose = (block: MarkdownProse): string =>
    mapSpans(block.text, block.code, (text) => defuseCode(text).replace(/[<>&]/g, '\\$&'), defuseCode);
  return mapMarkdown(blocks, prose, defuseCode);
}

const NOTE_CHARS = 80;

function documentHead(layout: Layout, withPrompt: boolean, maxItems: number): string[] {
  const parts: string[] = [];
  if (layout.summary) parts.push(escapeMarkdown(layout.summary));
  if (layout.error) {
    const code = layout.error.code ? ` \`${defuseCode(layout.error.code.replace(/`/g, ''))}\`` : '';
    parts.push(`**Error**${code}${layout.error.message ? `: ${escapeMarkdown(layout.error.message)}` : ''}`);
  }
  if (layout.facts.length > 0) {
    parts.push(layout.facts.map((f) => `- **${escapeMarkdown(f.name)}:** ${factText(f, MARKDOWN, layout.occurredMs)}`).join('\n'));
  }
  if (layout.prompt && withPrompt) {
    parts.push(`**Prompt**\n${layout.prompt.split('\n').map((l) => `> ${escapeMarkdown(l)}`).join('\n')}`);
  }
  if (layout.items.length > 0 && maxItems > 0) {
    const shown = layout.items.slice(0, maxItems);
    const lines = shown.map((item) => {
      const where = item.location ? ` · ${escapeMarkdown(item.location)}` : '';
      const detail = item.detail ? ` — ${escapeMarkdown(item.detail)}` : '';
      return `- ${ITEM_EMOJI[item.severity]} **${escapeMarkdown(item.title)}**${where}${detail}`;
    });
    const hidden = layout.items.length - shown.length;
    if (hidden > 0) lines.push(`- *…and ${formatNumber(hidden)} more*`);
    parts.push(`**${layout.itemsTitle}** (${escapeMarkdown(layout.itemCounts ?? '')})\n${lines.join('\n')}`);
  }
  for (const list of layout.lists) {
    parts.push(`**${escapeMarkdown(list.title)}**\n${list.entries.map((entry) => `- ${escapeMarkdown(entry)}`).join('\n')}`);
  }
  return parts;
}

function contentMarkdown(content: Content, room: number): string {
  const label = `**${escapeMarkdown(content.title)}**`;
  if (room < label.length + NOTE_CHARS + 100) return '';
  const source = cutContent(content, room * 2 + 1000);
  const cutChars = source.omittedChars;
  const body =
    source.kind === 'code'
      ? `\`\`\`${source.language ?? ''}\n${defuseCode(defuseFences(source.text))}\n\`\`\``
      : source.kind === 'markdown'
        ? neutralizeMarkdown(source.blocks)
        : escapeMarkdown(source.text);
  const split = splitFenced(body, { chunkChars: room - label.length - 2, maxChunks: 1, totalChars: room - label.length - 2, noteChars: NOTE_CHARS });
  let text = `${label}\n${split.chunks[0] ?? ''}`;
  if (split.truncated || cutChars > 0) {
    const omitted = split.truncated ? split.omittedChars + cutChars : cutChars;
    text += `\n\n*…truncated (about ${formatNumber(omitted)} more characters)*`;
  }
  return text;
}

export function slackMarkdownBlocks(layout: Layout, mentionToken: string | undefined): SlackBlock[] {
  const around: SlackBlock[] = [headerBlock(layout)];
  if (mentionToken) around.push({ type: 'section', text: { type: 'mrkdwn', text: mentionToken } });
  const buttons = layout.links
    .filter((l) => l.url.length <= BUTTON_URL_MAX_CHARS)
    .map((l) => ({ type: 'button', text: { type: 'plain_text', text: fitTransformed(l.label, BUTTON_TEXT_MAX_CHARS, escapeEntities) || 'Open', emoji: true }, url: l.url }));
  const tail: SlackBlock[] = [];
  for (let maxLinks = buttons.length; ; maxLinks = Math.floor(maxLinks / 2)) {
    tail.length = 0;
    if (maxLinks > 0) tail.push({ type: 'actions', elements: buttons.slice(0, maxLinks) });
    tail.push(contextBlock(layout));
    if (maxLinks === 0 || blocksTextLength([...around, ...tail]) < BLOCKS_TEXT_BUDGET_CHARS / 2) break;
  }
  const limit = Math.min(MARKDOWN_BLOCK_MAX_CHARS, BLOCKS_TEXT_BUDGET_CHARS - blocksTextLength([...around, ...tail]));
  let text = '';
  for (const [withPrompt, maxItems] of [[true, 40], [true, 10], [false, 3], [false, 0]] as const) {
    const head = documentHead(layout, withPrompt, maxItems).join('\n\n');
    const room = limit - head.length - 2;
    const content = layout.content ? contentMarkdown(layout.content, room) : '';
    text = [head, content].filter(Boolean).join('\n\n');
    if (text.length <= limit) break;
    text = '';
  }
  const blocks = [...around];
  // The markdown block needs text; a message with nothing to say keeps its header.
  if (text.trim() !== '') blocks.push({ type: 'markdown', text });
  return [...blocks, ...tail];
}
