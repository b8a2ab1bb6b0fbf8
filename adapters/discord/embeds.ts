// Discord embeds built with discord.js's EmbedBuilder, which throws on any per-field limit,
// so every value is cut to its limit before it is set; the 6000-character total (which the
// builder does not check) is enforced here with embedLength().
import { EmbedBuilder, embedLength } from '@discordjs/builders';
import type { APIEmbed } from 'discord-api-types/v10';
import type { Severity } from '../../src/events/event.js';
import { formatNumber, formatTimestamp } from '../../src/events/format.js';
import { FULL_REST, shrinkRest, shrinkRestFully, type RestBudget } from '../render/budget.js';
import { factText, type Dialect } from '../render/format.js';
import { cutContent, ITEM_EMOJI, jobLine, type Content, type Layout } from '../render/layout.js';
import { defuseFences, splitFenced, truncateChars } from '../render/text.js';

// Limits: docs/platform-limits.md#discord-embed-limits.
const TITLE_MAX_CHARS = 256;
const DESCRIPTION_MAX_CHARS = 4096;
const MAX_FIELDS = 25;
const FIELD_NAME_MAX_CHARS = 256;
const FIELD_VALUE_MAX_CHARS = 1024;
const FOOTER_MAX_CHARS = 2048;
/** Across all embeds of one message; over it Discord answers 400 (code 50035). */
export const TOTAL_MAX_CHARS = 6000;
export const MAX_EMBEDS = 10;

/** discord.js `Colors`: DarkRed (so critical stands out from error), Red, Yellow, Green, Blurple. */
const SEVERITY_COLORS: Record<Severity, number> = {
  critical: 0x992d22,
  error: 0xed4245,
  warning: 0xfee75c,
  success: 0x57f287,
  info: 0x5865f2,
};

/**
 * Facts in embed fields: Markdown as it is (allowed_mentions keeps it from pinging), and
 * moments as timestamps Discord shows in each reader's time zone, with a live "in 5
 * minutes" (discord.com/developers/docs/reference#message-formatting).
 */
const DISCORD: Dialect = {
  text: (text) => text,
  moment: (ms) => (ms < 0 ? formatTimestamp(ms) : `<t:${Math.floor(ms / 1000)}:f>`),
  live: (ms) => (ms < 0 ? undefined : `<t:${Math.floor(ms / 1000)}:R>`),
};

const NOTE_CHARS = 80;
const MAX_ITEMS = 15;
/** Fields are inline (three per row) when their values are short. */
const INLINE_VALUE_MAX_CHARS = 60;

/** What may shrink to fit the 6000-character total. */
interface Budget extends RestBudget {
  contentChars: number;
}

/** With content to show, everything else gets at most this share of the total. */
const REST_SHARE = 0.5;

function totalLength(embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + embedLength(e), 0);
}

export function discordEmbeds(layout: Layout): APIEmbed[] {
  let budget: Budget = { ...FULL_REST, maxItems: MAX_ITEMS, contentChars: TOTAL_MAX_CHARS };
  // First the parts around the content shrink until they leave it a fair share…
  const restLimit = layout.content ? TOTAL_MAX_CHARS * REST_SHARE : TOTAL_MAX_CHARS;
  while (totalLength(compose(layout, { ...budget, contentChars: 0 })) > restLimit) {
    const next = shrinkRest(budget);
    if (next === undefined) break;
    budget = next;
  }
  // …then the content takes what is left.
  for (;;) {
    const embeds = compose(layout, budget);
    const total = totalLength(embeds);
    if (total <= TOTAL_MAX_CHARS) return embeds;
    const next =
      budget.contentChars > 0
        ? { ...budget, contentChars: Math.max(0, budget.contentChars - (total - TOTAL_MAX_CHARS) - 100) }
        : shrinkRestFully(budget);
    if (next === undefined) return [new EmbedBuilder().setTitle(title(layout)).setColor(SEVERITY_COLORS[layout.severity]).toJSON()];
    budget = next;
  }
}

function title(layout: Layout): string {
  return truncateChars(`${layout.emoji} ${layout.headline}`, TITLE_MAX_CHARS);
}

function fieldsOf(layout: Layout, maxFacts: number): { name: string; value: string; inline: boolean }[] {
  const fields = layout.facts.slice(0, maxFacts).map((fact) => {
    const value = factText(fact, DISCORD, layout.occurredMs);
    return {
      name: truncateChars(fact.name, FIELD_NAME_MAX_CHARS) || '\u200B',
      value: truncateChars(value, FIELD_VALUE_MAX_CHARS) || '\u200B',
      inline: value.length <= INLINE_VALUE_MAX_CHARS,
    };
  });
  // A field, not the footer: footers show `<t:…>` as written, fields in the reader's time zone.
  const job = jobLine(layout, DISCORD);
  if (job) fields.push({ name: 'Job', value: job, inline: job.length <= INLINE_VALUE_MAX_CHARS });
  if (layout.links.length > 0) {
    const links: string[] = [];
    for (const link of layout.links) {
      const text = `[${link.label.replace(/[[\]]/g, '')}](${link.url})`;
      if ([...links, text].join(' · ').length > FIELD_VALUE_MAX_CHARS) break;
      links.push(text);
    }
    if (links.length > 0) fields.push({ name: 'Links', value: links.join(' · '), inline: false });
  }
  return fields.slice(0, MAX_FIELDS);
}

/** Summary, error, prompt, issues and lists: the top of the description. */
function headText(layout: Layout, budget: Budget, room: number): string {
  const parts: string[] = [];
  if (layout.summary) parts.push(layout.summary);
  if (layout.error) {
    const code = layout.error.code ? ` \`${layout.error.code.replace(/`/g, '')}\`` : '';
    parts.push(`**Error**${code}${layout.error.message ? `: ${layout.error.message}` : ''}`);
  }
  if (layout.prompt && budget.withPrompt) parts.push(`**Prompt**\n${layout.prompt.split('\n').map((l) => `> ${l}`).join('\n')}`);
  const lists = layout.lists
    .map((list) => ({ title: list.title, entries: list.entries.slice(0, budget.maxListEntries) }))
    .filter((list) => list.entries.length > 0)
    .map((list) => `**${list.title}**\n${list.entries.map((entry) => `• ${entry}`).join('\n')}`);
  const fixed = [...parts, ...lists].join('\n\n').length;
  const items = itemsText(layout, budget.maxItems, room - fixed - 2);
  if (items) parts.push(items);
  parts.push(...lists);
  return truncateChars(parts.join('\n\n'), Math.max(0, room));
}

function itemsText(layout: Layout, maxItems: number, room: number): string {
  if (layout.items.length === 0 || maxItems <= 0 || room < 200) return '';
  const lines = [`**${layout.itemsTitle}** (${layout.itemCounts ?? ''})`];
  let used = lines[0]!.length;
  let shown = 0;
  for (const item of layout.items.slice(0, maxItems)) {
    const where = item.location ? ` · ${item.location}` : '';
    const line = `${ITEM_EMOJI[item.severity]} **${item.title}**${where}${item.detail ? `\n  ↳ ${item.detail}` : ''}`;
    if (used + line.length + 1 > room - NOTE_CHARS) break;
    lines.push(line);
    used += line.length + 1;
    shown += 1;
  }
  const hidden = layout.items.length - shown;
  if (hidden > 0) lines.push(`*…and ${formatNumber(hidden)} more*`);
  return lines.join('\n');
}

function contentMarkdown(content: Content, window: number): { text: string; cutChars: number } {
  const source = cutContent(content, window);
  const label = `**${content.title}**`;
  // Description and field values render fenced code with a language tag (docs/platform-limits.md#discord-embed-limits).
  const body =
    source.kind === 'code' ? `\`\`\`${source.language ?? ''}\n${defuseFences(source.text)}\n\`\`\`` : source.text;
  return { text: `${label}\n${body}`, cutChars: source.omittedChars };
}

function compose(layout: Layout, budget: Budget): APIEmbed[] {
  const fields = fieldsOf(layout, budget.maxFacts);
  const footer = truncateChars(layout.context.slice(0, 3).join(' · '), FOOTER_MAX_CHARS);
  const fixed =
    title(layout).length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = TOTAL_MAX_CHARS - fixed;
  const head = headText(layout, budget, Math.min(DESCRIPTION_MAX_CHARS, room));
  const descriptions: string[] = [];
  let truncatedNote = '';
  const contentRoom = Math.min(budget.contentChars, room - head.length - 2);
  if (layout.content && contentRoom > NOTE_CHARS + 100) {
    const { text, cutChars } = contentMarkdown(layout.content, contentRoom * 2 + 1000);
    const together = head ? `${head}\n\n${text}` : text;
    if (together.length <= DESCRIPTION_MAX_CHARS && together.length <= room && cutChars === 0) {
      descriptions.push(together);
    } else {
      if (head) descriptions.push(head);
      const split = splitFenced(text, {
        chunkChars: DESCRIPTION_MAX_CHARS,
        maxChunks: MAX_EMBEDS - descriptions.length,
        totalChars: contentRoom,
        noteChars: NOTE_CHARS,
      });
      descriptions.push(...split.chunks);
      if (split.truncated || cutChars > 0) {
        const omitted = split.truncated ? split.omittedChars + cutChars : cutChars;
        truncatedNote = `\n*…truncated (about ${formatNumber(omitted)} more characters)*`;
      }
    }
  } else if (head) {
    descriptions.push(head);
  }
  if (truncatedNote && descriptions.length > 0) descriptions[descriptions.length - 1] += truncatedNote;
  return buildEmbeds(layout, descriptions.length > 0 ? descriptions : [''], fields, footer);
}

function buildEmbeds(
  layout: Layout,
  descriptions: string[],
  fields: { name: string; value: string; inline: boolean }[],
  footer: string,
): APIEmbed[] {
  const color = SEVERITY_COLORS[layout.severity];
  const embeds = descriptions.slice(0, MAX_EMBEDS).map((description, i) => {
    const embed = new EmbedBuilder().setColor(color);
    if (i === 0) {
      embed.setTitle(title(layout));
      if (layout.links[0]) embed.setURL(layout.links[0].url);
    }
    if (description.trim() !== '') embed.setDescription(truncateChars(description, DESCRIPTION_MAX_CHARS));
    if (i === 0 && fields.length > 0) embed.addFields(fields);
    return embed;
  });
  const last = embeds[embeds.length - 1]!;
  if (footer) last.setFooter({ text: footer });
  if (layout.occurredMs !== undefined) last.setTimestamp(new Date(layout.occurredMs));
  return embeds.map((e) => e.toJSON());
}
