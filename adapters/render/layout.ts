// The platform-neutral layout of a message: what a user should see for each category,
// decided once here so the four renderers only decide how it looks. Renderers read the
// event only through this (and never `event.data`, where personal data lives).
import type { EventLink, NormalizedEvent, Severity } from '../../src/events/event.js';
import { epochMs, formatDuration, formatNumber, isTimeMs } from '../../src/events/format.js';
import { factsOf, fieldsOf, type Fact, type FactList } from './facts.js';
import { factText, PLAIN, type Dialect } from './format.js';
import { cutMarkdown, isHttpUrl, markdownText, parseMarkdown, sanitizeProseLinks, type MarkdownBlock } from './markdown.js';
import { PlainText } from './plain.js';
import { cleanText, collapseWhitespace, defuseFences, safePrefix, truncateChars } from './text.js';

export type { Fact, FactList } from './facts.js';

export type Content = {
  title: string;
  /** Characters of the body left out already: more than any platform shows (CONTENT_MAX_CHARS). */
  omittedChars: number;
} & (
  /** Standard Markdown: unsafe links taken apart, fences clean and closed; `blocks` is its parse. */
  | { kind: 'markdown'; text: string; blocks: MarkdownBlock[] }
  /** Raw code; renderers wrap it in their code block. */
  | { kind: 'code'; language?: string; text: string }
  /** Plain text. */
  | { kind: 'text'; text: string }
);

export interface LayoutItem {
  severity: Severity;
  title: string;
  /** `line 3`, `src/a.php:3`. */
  location?: string;
  /** A suggestion or explanation. */
  detail?: string;
}

export interface Layout {
  severity: Severity;
  /** Severity (or progress) emoji for headlines. */
  emoji: string;
  /** One line: the title, with the status when the title does not say it. */
  headline: string;
  /** Shown under the headline; left out when the error, prompt or content already says it. */
  summary?: string;
  /** What a one-line preview (notification text, card summary) adds to the headline. */
  lead?: string;
  error?: { code?: string; message: string };
  facts: Fact[];
  /** The event's occurred_at (epoch ms) when it is a valid time: anchors delays and "in 1 min". */
  occurredMs?: number;
  /** Shortened; renderers show it quoted. */
  prompt?: string;
  content?: Content;
  itemsTitle: string;
  /** Worst first; all of them (renderers show as many as fit, then "and N more"). */
  items: LayoutItem[];
  /** `1 critical · 2 warnings`. */
  itemCounts?: string;
  /** Titled lists (recommendations). */
  lists: FactList[];
  /** http(s) only. */
  links: EventLink[];
  /** source · type · id (and occurred_at when it is no valid time); see contextLine. */
  context: string[];
  /** The message stands for a whole job that started then (epoch ms, a valid time); see jobLine. */
  job?: { startedAt: number };
}

// Caps that keep every platform's message readable (platform limits are enforced later).
const HEADLINE_MAX_CHARS = 200;
const SUMMARY_MAX_CHARS = 600;
const ERROR_CODE_MAX_CHARS = 64;
/** Facts a one-line preview names when the event has no summary. */
const LEAD_FACTS = 2;
const PROMPT_MAX_CHARS = 500;
const PROMPT_MAX_LINES = 8;
const ITEM_TITLE_MAX_CHARS = 300;
const ITEM_DETAIL_MAX_CHARS = 400;
const ITEM_LOCATION_MAX_CHARS = 100;
const MAX_LINKS = 5;
const LINK_LABEL_MAX_CHARS = 60;
const CONTEXT_PART_MAX_CHARS = 100;
/**
 * No platform shows more of a body than this (Teams, the largest, starts from 20,000
 * characters), so the rest is never parsed or escaped; renderers count it in their
 * "truncated" note.
 */
const CONTENT_MAX_CHARS = 20_000;

const SEVERITY_EMOJI: Record<Severity, string> = {
  info: 'ℹ️',
  success: '✅',
  warning: '⚠️',
  error: '❌',
  critical: '🚨',
};

/** Markers for list items (issues), by severity. */
export const ITEM_EMOJI: Record<Severity, string> = {
  critical: '🔴',
  error: '🟠',
  warning: '🟡',
  success: '🟢',
  info: '🔵',
};

const ITEM_ORDER: Severity[] = ['critical', 'error', 'warning', 'info', 'success'];
const ITEM_COUNT_NAMES: Record<Severity, [string, string]> = {
  critical: ['critical', 'critical'],
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
  success: ['passed', 'passed'],
};

/**
 * Outcomes a headline must not hide: "Prompt run" that failed reads "Prompt run — failed".
 * Other statuses add nothing to a title ("File uploaded" is complete by saying so).
 */
const STATUS_WORDS: Partial<Record<NormalizedEvent['status'], [RegExp, string]>> = {
  failed: [/fail|error|abort|denied/i, 'failed'],
  cancelled: [/cancel/i, 'cancelled'],
};

const CONTENT_TITLES: Partial<Record<NormalizedEvent['category'], string>> = {
  generation: 'Completion',
  analysis: 'Report',
  stream: 'Streamed response',
  conversation: 'Message',
};

/** Every text of the event the layout shows (what PlainText reads in one parse). */
function textsOf(event: NormalizedEvent): unknown[] {
  const items = Array.isArray(event.items) ? event.items : [];
  const links = Array.isArray(event.links) ? event.links : [];
  return [
    event.title,
    event.type,
    event.summary,
    event.prompt,
    event.error?.code,
    event.error?.message,
    event.source,
    event.provider,
    event.id,
    ...items.flatMap((item) => [item.title, item.detail, item.location]),
    ...fieldsOf(event).flatMap((field) => [field.name, ...(Array.isArray(field.value) ? field.value : [field.value])]),
    ...links.map((link) => link.label),
  ];
}

export function buildLayout(event: NormalizedEvent, job?: { startedAt: number }): Layout {
  const plain = new PlainText(textsOf(event));
  const items = sortItems(event, plain);
  const itemCounts = items.length > 0 ? countItems(items) : undefined;
  const { facts, lists } = factsOf(event, itemCounts, plain);
  const headline = headlineOf(event, plain);
  let summary = plain.line(event.summary, SUMMARY_MAX_CHARS) || undefined;
  const error = errorOf(event, plain);
  if (summary !== undefined && summary.toLowerCase() === headline.toLowerCase()) summary = undefined;
  // A failure's summary usually repeats the error shown on its own line.
  if (error && summary && [error.message, error.code].some((part) => part && summary!.includes(part))) summary = undefined;
  const layout: Layout = {
    severity: event.severity,
    emoji: emojiOf(event),
    headline,
    facts,
    itemsTitle: event.category === 'analysis' ? 'Issues' : 'Items',
    items,
    lists,
    links: linksOf(event.links, plain),
    context: contextOf(event, plain),
  };
  if (summary) layout.summary = summary;
  if (error) layout.error = error;
  const occurredMs = occurredMsOf(event);
  if (occurredMs !== undefined) layout.occurredMs = occurredMs;
  const prompt = promptOf(event.prompt, plain);
  if (prompt) layout.prompt = prompt;
  const content = contentOf(event);
  if (content) layout.content = content;
  // Normalizers often summarize with the prompt's or the message's first line: show it once.
  const repeats = (text: string | undefined): boolean =>
    text !== undefined && layout.summary !== undefined && collapseWhitespace(text).startsWith(layout.summary.replace(/…$/, ''));
  const lead = leadOf(layout, summary);
  if (lead) layout.lead = lead;
  if (repeats(prompt) || repeats(content?.text.slice(0, SUMMARY_MAX_CHARS * 2))) delete layout.summary;
  if (itemCounts) layout.itemCounts = itemCounts;
  if (job && isTimeMs(job.startedAt)) layout.job = { startedAt: job.startedAt };
  return layout;
}

/** occurred_at when it is an ISO 8601 time (what normalizers write). */
function occurredMsOf(event: NormalizedEvent): number | undefined {
  return typeof event.occurred_at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(event.occurred_at) ? epochMs(event.occurred_at) : undefined;
}

/** The provider's error: its code (one word-ish line) and message. */
function errorOf(event: NormalizedEvent, plain: PlainText): Layout['error'] {
  const error = event.error;
  if (error === null || typeof error !== 'object') return undefined;
  const code = plain.line(error.code, ERROR_CODE_MAX_CHARS);
  const message = plain.line(error.message, SUMMARY_MAX_CHARS);
  if (code === '' && message === '') return undefined;
  return code === '' ? { message } : { code, message };
}

function emojiOf(event: NormalizedEvent): string {
  if ((event.status === 'started' || event.status === 'progress') && event.severity === 'info') return '⏳';
  return SEVERITY_EMOJI[event.severity] ?? SEVERITY_EMOJI.info;
}

function headlineOf(event: NormalizedEvent, plain: PlainText): string {
  const title = collapseWhitespace(plain.text(event.title)) || collapseWhitespace(plain.text(event.type)) || 'Event';
  const status = STATUS_WORDS[event.status];
  const headline = status && !status[0].test(title) ? `${title} — ${status[1]}` : title;
  return truncateChars(headline, HEADLINE_MAX_CHARS);
}

function promptOf(prompt: string | undefined, plain: PlainText): string | undefined {
  const text = plain.text(prompt).trim();
  if (text === '') return undefined;
  const lines = text.split('\n');
  const kept = lines.length > PROMPT_MAX_LINES ? `${lines.slice(0, PROMPT_MAX_LINES).join('\n')}…` : text;
  return truncateChars(kept, PROMPT_MAX_CHARS);
}

function contentOf(event: NormalizedEvent): Content | undefined {
  const body = event.body;
  if (!body || typeof body.content !== 'string') return undefined;
  const whole = body.format === 'code' ? body.content.replace(/\s+$/, '') : body.content.trim();
  if (whole.trim() === '') return undefined;
  const kept = safePrefix(whole, CONTENT_MAX_CHARS);
  const raw = cleanText(kept);
  const base = { title: CONTENT_TITLES[event.category] ?? 'Details', omittedChars: whole.length - kept.length };
  if (body.format === 'code') {
    const language = collapseWhitespace(cleanText(typeof body.language === 'string' ? body.language : '')).replace(/[^\w+#.-]/g, '').slice(0, 20);
    return language ? { ...base, kind: 'code', language, text: raw } : { ...base, kind: 'code', text: raw };
  }
  if (body.format === 'markdown') {
    const blocks = parseMarkdown(raw);
    return { ...base, kind: 'markdown', text: markdownText(blocks), blocks };
  }
  return { ...base, kind: 'text', text: defuseFences(sanitizeProseLinks(raw)).trim() };
}

/**
 * The content cut to about `maxChars` (a renderer's window: never convert 24 KB to show 3),
 * with what was left out added to `omittedChars`.
 */
export function cutContent(content: Content, maxChars: number): Content {
  if (content.text.length <= maxChars) return content;
  if (content.kind === 'markdown') {
    const { blocks, cutChars } = cutMarkdown(content.blocks, maxChars);
    return { ...content, blocks, text: markdownText(blocks), omittedChars: content.omittedChars + cutChars };
  }
  const text = safePrefix(content.text, maxChars);
  return { ...content, text, omittedChars: content.omittedChars + content.text.length - text.length };
}

function sortItems(event: NormalizedEvent, plain: PlainText): LayoutItem[] {
  const items: LayoutItem[] = event.items.map((item) => {
    const out: LayoutItem = {
      severity: ITEM_ORDER.includes(item.severity) ? item.severity : 'info',
      title: plain.line(item.title, ITEM_TITLE_MAX_CHARS) || 'Untitled',
    };
    const location = locationOf(item.location, plain);
    if (location) out.location = location;
    const detail = plain.line(item.detail, ITEM_DETAIL_MAX_CHARS);
    if (detail) out.detail = detail;
    return out;
  });
  // Array#sort is stable: equal severities keep the provider's order.
  return items.sort((a, b) => ITEM_ORDER.indexOf(a.severity) - ITEM_ORDER.indexOf(b.severity));
}

function locationOf(location: string | undefined, plain: PlainText): string | undefined {
  const text = plain.line(location, ITEM_LOCATION_MAX_CHARS);
  if (text === '') return undefined;
  return /^\d+$/.test(text) ? `line ${text}` : text;
}

function countItems(items: LayoutItem[]): string {
  const counts = new Map<Severity, number>();
  for (const item of items) counts.set(item.severity, (counts.get(item.severity) ?? 0) + 1);
  return ITEM_ORDER.filter((s) => counts.has(s))
    .map((s) => {
      const n = counts.get(s)!;
      return `${formatNumber(n)} ${ITEM_COUNT_NAMES[s][n === 1 ? 0 : 1]}`;
    })
    .join(' · ');
}

function linksOf(links: EventLink[], plain: PlainText): EventLink[] {
  const seen = new Set<string>();
  const out: EventLink[] = [];
  for (const link of links) {
    if (typeof link.url !== 'string' || !isHttpUrl(link.url) || seen.has(link.url.trim())) continue;
    seen.add(link.url.trim());
    const label = plain.line(link.label, LINK_LABEL_MAX_CHARS) || 'Open';
    out.push({ label, url: link.url.trim() });
    if (out.length === MAX_LINKS) break;
  }
  return out;
}

function contextOf(event: NormalizedEvent, plain: PlainText): string[] {
  const source = event.provider && event.provider !== event.source ? `${event.source} (${event.provider})` : event.source;
  const parts = [source, event.type, event.id];
  if (occurredMsOf(event) === undefined) parts.push(event.occurred_at);
  return parts.map((part) => plain.line(part, CONTEXT_PART_MAX_CHARS)).filter((part) => part !== '');
}

/** source · type · id · time, with event text and the time written the platform's way. */
export function contextLine(layout: Layout, dialect: Dialect): string {
  const parts = layout.context.map((part) => dialect.text(part));
  if (layout.occurredMs !== undefined) parts.push(dialect.moment(layout.occurredMs));
  return parts.join(' · ');
}

/** Under a second is no duration worth showing (the job's first event itself). */
const JOB_MIN_SHOWN_MS = 1000;

/**
 * `Started <moment> · <how long it has run>` for a message that stands for a whole job
 * (RenderOptions.job), or undefined for one event's message. Rendering is pure, so "so
 * far" ends at the event's occurred_at, not at the clock; it is left out when the event
 * has no valid time or comes (by the source's clock) before the job's start.
 */
export function jobLine(layout: Layout, dialect: Dialect): string | undefined {
  if (!layout.job) return undefined;
  const started = `Started ${dialect.moment(layout.job.startedAt)}`;
  const ranMs = layout.occurredMs === undefined ? 0 : layout.occurredMs - layout.job.startedAt;
  return ranMs >= JOB_MIN_SHOWN_MS ? `${started} · ${formatDuration(ranMs)}` : started;
}

/** The error, the summary, the prompt, or else the first facts. */
function leadOf(layout: Layout, summary: string | undefined): string | undefined {
  if (layout.error) return layout.error.message || layout.error.code;
  if (summary) return summary;
  if (layout.prompt) return collapseWhitespace(layout.prompt);
  const facts = layout.facts.slice(0, LEAD_FACTS).map((fact) => `${fact.name} ${factText(fact, PLAIN, layout.occurredMs)}`);
  return facts.length > 0 ? facts.join(', ') : undefined;
}

/** A short plain-text line for logs and previews (RenderedMessage.summary). */
export function summaryLine(layout: Layout): string {
  return truncateChars(layout.lead ? `${layout.headline}: ${layout.lead}` : layout.headline, 200);
}
