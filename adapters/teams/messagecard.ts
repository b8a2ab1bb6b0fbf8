// Legacy Office 365 connector MessageCard (docs/platform-limits.md#teams-cards): `@type`, `@context`,
// `summary`, `themeColor` (hex, no #), `title`, sections with facts and Markdown text,
// OpenUri actions. Connector cards render Markdown and some HTML, so `&`, `<` and `>` in
// event text are sent as entities, which both decode.
import type { Severity } from '../../src/events/event.js';
import { formatNumber } from '../../src/events/format.js';
import { factText, PLAIN, type Dialect } from '../render/format.js';
import { contextLine, cutContent, ITEM_EMOJI, jobLine, summaryLine, type Content, type Layout } from '../render/layout.js';
import { mapMarkdown, mapSpans, sanitizeProseLinks, type MarkdownBlock } from '../render/markdown.js';
import { defuseFences, escapeEntities, splitFenced, truncateChars } from '../render/text.js';
import { fitTeams, type TeamsBudget } from './fit.js';

type Section = Record<string, unknown>;

const THEME_COLORS: Record<Severity, string> = {
  critical: 'A4262C',
  error: 'D13438',
  warning: 'FFB900',
  success: '107C10',
  info: '0078D4',
};
const MAX_ACTIONS = 5;
/** Long content goes into several sections of at most this many characters. */
const SECTION_CHARS = 8000;
const SUMMARY_MAX_CHARS = 200;

/** Facts in a connector card: text as entities, times as UTC text. */
const CARD: Dialect = { ...PLAIN, text: escapeEntities };

/** Markdown from the model: entities everywhere, structure (quotes, fences) kept. */
function cardMarkdown(blocks: MarkdownBlock[]): string {
  // Connector cards may not know fences: links in code are defused as well.
  return mapMarkdown(
    blocks,
    (block) => mapSpans(block.text, [], escapeEntities, (text) => text),
    (code) => escapeEntities(sanitizeProseLinks(code)),
  );
}

function contentSections(content: Content, maxChars: number): Section[] {
  if (maxChars <= 0) return [];
  const source = cutContent(content, maxChars);
  const cutChars = source.omittedChars;
  const text =
    source.kind === 'code'
      ? `\`\`\`${source.language ?? ''}\n${escapeEntities(defuseFences(sanitizeProseLinks(source.text)))}\n\`\`\``
      : source.kind === 'markdown'
        ? cardMarkdown(source.blocks)
        : escapeEntities(source.text).replace(/\n/g, '\n\n');
  const split = splitFenced(text, { chunkChars: SECTION_CHARS, maxChunks: 10, totalChars: maxChars * 2, noteChars: 80 });
  const language = content.kind === 'code' && content.language ? ` (${escapeEntities(content.language)})` : '';
  const sections: Section[] = split.chunks.map((chunk, i) =>
    i === 0 ? { title: `**${escapeEntities(content.title)}**${language}`, text: chunk, markdown: true } : { text: chunk, markdown: true },
  );
  if (cutChars > 0 || split.truncated) {
    const omitted = cutChars + (split.truncated ? split.omittedChars : 0);
    const last = sections[sections.length - 1];
    const note = `_…truncated (about ${formatNumber(omitted)} more characters)_`;
    if (last) last.text = `${String(last.text)}\n\n${note}`;
    else sections.push({ text: note, markdown: true });
  }
  return sections;
}

function mainSection(layout: Layout, note: string | undefined, budget: TeamsBudget): Section {
  const lines: string[] = [];
  if (note) lines.push(`**${escapeEntities(note)}**`);
  if (layout.error) {
    const code = layout.error.code ? ` \`${escapeEntities(layout.error.code.replace(/`/g, ''))}\`` : '';
    lines.push(`**Error**${code}${layout.error.message ? `: ${escapeEntities(layout.error.message)}` : ''}`);
  }
  if (layout.prompt && budget.withPrompt) {
    lines.push(`**Prompt**\n\n${layout.prompt.split('\n').map((l) => `> ${escapeEntities(l)}`).join('\n')}`);
  }
  // The card's own title is the headline; the section's title is only for a summary.
  const section: Section = layout.summary ? { activityTitle: escapeEntities(layout.summary) } : {};
  Object.assign(section, contextFields(layout));
  const facts = layout.facts.slice(0, budget.maxFacts).map((f) => ({ name: escapeEntities(f.name), value: factText(f, CARD, layout.occurredMs) }));
  if (facts.length > 0) section.facts = facts;
  if (lines.length > 0) section.text = lines.join('\n\n');
  section.markdown = true;
  return section;
}

/** The context line as the section's subtitle; a job's start under it, as its activity text. */
function contextFields(layout: Layout): Section {
  const job = jobLine(layout, CARD);
  return job ? { activitySubtitle: contextLine(layout, CARD), activityText: job } : { activitySubtitle: contextLine(layout, CARD) };
}

function itemsSection(layout: Layout, maxItems: number): Section[] {
  if (layout.items.length === 0 || maxItems <= 0) return [];
  const shown = layout.items.slice(0, maxItems);
  const lines = shown.map((item) => {
    const where = item.location ? ` · ${escapeEntities(item.location)}` : '';
    const detail = item.detail ? ` — ${escapeEntities(item.detail)}` : '';
    return `- ${ITEM_EMOJI[item.severity]} **${escapeEntities(item.title)}**${where}${detail}`;
  });
  const hidden = layout.items.length - shown.length;
  if (hidden > 0) lines.push(`- _…and ${formatNumber(hidden)} more_`);
  return [{ title: `**${escapeEntities(layout.itemsTitle)}** (${escapeEntities(layout.itemCounts ?? '')})`, text: lines.join('\n'), markdown: true }];
}

function card(layout: Layout, sections: Section[]): Record<string, unknown> {
  const actions = layout.links.slice(0, MAX_ACTIONS).map((link) => ({
    '@type': 'OpenUri',
    name: escapeEntities(link.label),
    targets: [{ os: 'default', uri: link.url }],
  }));
  const payload: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: truncateChars(summaryLine(layout), SUMMARY_MAX_CHARS),
    themeColor: THEME_COLORS[layout.severity],
    title: escapeEntities(`${layout.emoji} ${layout.headline}`),
    sections,
  };
  if (actions.length > 0) payload.potentialAction = actions;
  return payload;
}

function build(layout: Layout, note: string | undefined, budget: TeamsBudget): Record<string, unknown> {
  const sections: Section[] = [mainSection(layout, note, budget), ...itemsSection(layout, budget.maxItems)];
  for (const list of layout.lists) {
    const entries = list.entries.slice(0, budget.maxListEntries);
    if (entries.length === 0) continue;
    sections.push({ title: `**${escapeEntities(list.title)}**`, text: entries.map((entry) => `- ${escapeEntities(entry)}`).join('\n'), markdown: true });
  }
  if (layout.content) sections.push(...contentSections(layout.content, budget.contentChars));
  return card(layout, sections);
}

export function messageCardPayload(layout: Layout, note: string | undefined): Record<string, unknown> {
  return fitTeams(
    (budget) => build(layout, note, budget),
    () => card({ ...layout, links: [] }, [{ ...contextFields(layout), markdown: true }]),
    layout.content !== undefined,
  );
}
