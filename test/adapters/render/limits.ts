// Reusable assertions: a rendered payload stays inside EVERY limit of docs/platform-limits.md.
// Written independently of the renderers' own constants so a wrong constant cannot hide.
import { AdaptiveCard, SerializationContext, Versions } from 'adaptivecards';
import { EmbedBuilder, embedLength } from '@discordjs/builders';
import type { APIEmbed } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';
import { fencesBalanced } from './fences.js';

type Json = Record<string, unknown>;

/** Every string in a JSON value, with its key. */
export function strings(value: unknown, key = ''): { key: string; text: string }[] {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/**
 * Every Markdown link opening `](` outside code leads to an http(s) URL, so no string can
 * hold a `[text](javascript:…)` link however its parentheses nest. (`code` = also check code,
 * for renderers that process Markdown inside code, like Adaptive Card TextBlocks.)
 */
export function assertHttpLinksOnly(payload: unknown, options: { code?: boolean } = {}): void {
  for (const { key, text } of strings(payload)) {
    if (!text.includes('](')) continue;
    const prose = options.code ? text : withoutCode(text);
    for (const match of prose.matchAll(/\]\(\s*<?([^\s)>]*)/g)) expect(match[1], `markdown link in "${key}"`).toMatch(/^https?:/i);
  }
}

/**
 * The text with its code (fenced blocks and inline spans, as a CommonMark parser reads them)
 * left out. Indented code and HTML count as text: the chat platforms render neither.
 */
function withoutCode(text: string): string {
  const tree = fromMarkdown(text, { extensions: [{ disable: { null: ['codeIndented', 'htmlFlow', 'htmlText'] } }] });
  const ranges: [number, number][] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'code' || node.type === 'inlineCode') ranges.push([node.position!.start.offset!, node.position!.end.offset!]);
    else if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  walk(tree);
  let out = '';
  let last = 0;
  for (const [start, end] of ranges) {
    out += `${text.slice(last, start)} `;
    last = end;
  }
  return out + text.slice(last);
}

export function assertFencesBalanced(payload: unknown): void {
  for (const { key, text } of strings(payload)) {
    expect(fencesBalanced(text), `unbalanced fence in "${key}": ${text.slice(0, 200)}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------
// Slack (docs.slack.dev/reference/block-kit/blocks; bolt-js #2509/#2867 for the ~12k total)

function slackTextTotal(value: unknown): number {
  return strings(value)
    .filter((s) => s.key === 'text' || s.key === 'url')
    .reduce((n, s) => n + s.text.length, 0);
}

/** The message's blocks and those of its attachments: Slack's limits count them all. */
export function slackBlocksOf(payload: Json): Json[] {
  const attachments = (payload.attachments as Json[] | undefined) ?? [];
  return [...((payload.blocks as Json[] | undefined) ?? []), ...attachments.flatMap((a) => (a.blocks as Json[] | undefined) ?? [])];
}

export function assertSlackLimits(payload: unknown, options: { mentionToken?: string } = {}): void {
  const p = payload as Json;
  expect(typeof p.text).toBe('string');
  expect((p.text as string).length).toBeGreaterThan(0);
  expect((p.text as string).length).toBeLessThanOrEqual(4000);
  expect(Array.isArray(p.blocks)).toBe(true);
  expect((p.blocks as Json[]).length).toBeGreaterThan(0);
  const blocks = slackBlocksOf(p);
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(slackTextTotal(blocks)).toBeLessThanOrEqual(12_000);
  for (const attachment of (p.attachments as Json[] | undefined) ?? []) {
    // Only the colour bar and blocks: no legacy fields that could carry text of their own.
    expect(Object.keys(attachment).sort()).toEqual(['blocks', 'color']);
    expect(attachment.color).toMatch(/^#[0-9A-F]{6}$/);
    expect((attachment.blocks as Json[]).length).toBeGreaterThan(0);
  }
  let markdownChars = 0;
  for (const block of blocks) {
    switch (block.type) {
      case 'header': {
        const text = block.text as Json;
        expect(text.type).toBe('plain_text');
        expect((text.text as string).length).toBeGreaterThan(0);
        expect((text.text as string).length).toBeLessThanOrEqual(150);
        break;
      }
      case 'section': {
        const text = block.text as Json | undefined;
        const fields = block.fields as Json[] | undefined;
        expect(text !== undefined || fields !== undefined).toBe(true);
        if (text) {
          expect((text.text as string).length).toBeGreaterThan(0);
          expect((text.text as string).length).toBeLessThanOrEqual(3000);
        }
        if (fields) {
          expect(fields.length).toBeGreaterThan(0);
          expect(fields.length).toBeLessThanOrEqual(10);
          for (const f of fields) {
            expect((f.text as string).length).toBeGreaterThan(0);
            expect((f.text as string).length).toBeLessThanOrEqual(2000);
          }
        }
        break;
      }
      case 'context': {
        const elements = block.elements as Json[];
        expect(elements.length).toBeGreaterThan(0);
        expect(elements.length).toBeLessThanOrEqual(10);
        for (const e of elements) expect((e.text as string).length).toBeLessThanOrEqual(3000);
        break;
      }
      case 'actions': {
        const elements = block.elements as Json[];
        expect(elements.length).toBeGreaterThan(0);
        expect(elements.length).toBeLessThanOrEqual(25);
        for (const e of elements) {
          const label = (e.text as Json).text as string;
          expect(label.length).toBeGreaterThan(0);
          expect(label.length).toBeLessThanOrEqual(75);
          expect((e.url as string).length).toBeLessThanOrEqual(3000);
          expect(e.url).toMatch(/^https?:\/\//);
        }
        break;
      }
      case 'markdown':
        expect((block.text as string).length).toBeGreaterThan(0);
        markdownChars += (block.text as string).length;
        break;
      default:
        throw new Error(`unexpected block type ${String(block.type)}`);
    }
  }
  expect(markdownChars).toBeLessThanOrEqual(12_000);
  assertFencesBalanced(p);
  assertHttpLinksOnly(p);
  assertNoSlackPings(p, options.mentionToken);
}

/** Herald's own date tokens: a unix time, its fixed format and a UTC fallback, nothing else. */
const SLACK_DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|\+?\d{4,6}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC>/g;

/** `text` without the route's mention token and Herald's date tokens: what event text made. */
export function withoutSlackTokens(text: string, mentionToken?: string): string {
  return (mentionToken ? text.split(mentionToken).join('') : text).replace(SLACK_DATE, '');
}

/**
 * No `<!…>` / `<@…>` / `<#…>` except the route's own mention token and Herald's date
 * tokens anywhere; in mrkdwn (everything but `markdown` blocks, which are standard
 * Markdown) no raw `<` except http(s) `<url|label>` links.
 */
export function assertNoSlackPings(payload: unknown, mentionToken?: string): void {
  const p = payload as Json;
  for (const { key, text } of strings(p)) {
    expect(withoutSlackTokens(text, mentionToken), `ping syntax in "${key}"`).not.toMatch(/<[!@#]/);
  }
  const mrkdwn = { text: p.text, blocks: slackBlocksOf(p).filter((b) => b.type !== 'markdown') };
  for (const { key, text } of strings(mrkdwn)) {
    const rest = withoutSlackTokens(text, mentionToken);
    for (const match of rest.matchAll(/<([^<>]*)>?/g)) {
      expect(match[0], `raw "<" in "${key}"`).toMatch(/^<https?:\/\/[^<>|\s]+(\|[^<>]*)?>$/);
    }
    const unquoted = rest.replace(/^(?:>[ \t]?)+/gm, ''); // blockquote markers are syntax
    expect(unquoted.replace(/<https?:\/\/[^<>|\s]+(\|[^<>]*)?>/g, ''), `raw ">" in "${key}"`).not.toMatch(/[<>]/);
  }
}

// ---------------------------------------------------------------------------------------
// Discord (discord-api-docs resources/message "Embed Limits")

function embedChars(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export function assertDiscordLimits(payload: unknown): void {
  const p = payload as Json;
  if (p.content !== undefined) expect((p.content as string).length).toBeLessThanOrEqual(2000);
  const allowed = p.allowed_mentions as { parse: string[] };
  expect(Array.isArray(allowed.parse)).toBe(true);
  for (const kind of allowed.parse) expect(['users', 'roles', 'everyone']).toContain(kind);
  const embeds = p.embeds as APIEmbed[];
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    if (embed.title !== undefined) expect(embed.title.length).toBeLessThanOrEqual(256);
    if (embed.description !== undefined) {
      expect(embed.description.length).toBeGreaterThan(0);
      expect(embed.description.length).toBeLessThanOrEqual(4096);
    }
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of embed.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    if (embed.footer) expect(embed.footer.text.length).toBeLessThanOrEqual(2048);
    if (embed.author) expect(embed.author.name.length).toBeLessThanOrEqual(256);
    if (embed.color !== undefined) expect(embed.color).toBeGreaterThanOrEqual(0);
    if (embed.color !== undefined) expect(embed.color).toBeLessThanOrEqual(0xffffff);
    // Through the builders' own validation (they throw on any per-field limit).
    const rebuilt = new EmbedBuilder();
    if (embed.title !== undefined) rebuilt.setTitle(embed.title);
    if (embed.description !== undefined) rebuilt.setDescription(embed.description);
    if (embed.url !== undefined) rebuilt.setURL(embed.url);
    if (embed.color !== undefined) rebuilt.setColor(embed.color);
    if (embed.fields) rebuilt.addFields(embed.fields);
    if (embed.footer) rebuilt.setFooter(embed.footer);
    if (embed.timestamp) rebuilt.setTimestamp(new Date(embed.timestamp));
    expect(embedLength(rebuilt.toJSON())).toBe(embedChars(embed));
    total += embedChars(embed);
  }
  expect(total).toBeLessThanOrEqual(6000);
  assertFencesBalanced(p);
  assertHttpLinksOnly(p);
}

/** Without a mention option nobody can be pinged, whatever the text says. */
export function assertDiscordSilent(payload: unknown): void {
  const p = payload as Json;
  expect(p.allowed_mentions).toEqual({ parse: [] });
  expect(p.content).toBeUndefined();
}

// ---------------------------------------------------------------------------------------
// Teams (docs/platform-limits.md: ~28 KB per message; Adaptive Cards 1.4 in the Workflows envelope)

export function assertTeamsLimits(payload: unknown): void {
  expect(Buffer.byteLength(JSON.stringify(payload), 'utf8')).toBeLessThan(28 * 1024);
  const p = payload as Json;
  if (p['@type'] === 'MessageCard') assertMessageCard(p);
  else assertAdaptiveEnvelope(p);
  // A TextRun's text is never read as Markdown: neither its fences nor its links are markup.
  const markup = withoutTextRuns(p);
  assertFencesBalanced(markup);
  assertHttpLinksOnly(markup);
  for (const { key, text } of strings(p)) if (key === 'url' || key === 'uri') expect(text).toMatch(/^https?:\/\//);
}

function assertMessageCard(p: Json): void {
  expect(p['@context']).toBe('https://schema.org/extensions');
  expect(typeof p.summary).toBe('string');
  expect((p.summary as string).length).toBeGreaterThan(0);
  expect(p.themeColor).toMatch(/^[0-9A-F]{6}$/i);
  expect(Array.isArray(p.sections)).toBe(true);
  for (const action of (p.potentialAction as Json[] | undefined) ?? []) {
    expect(action['@type']).toBe('OpenUri');
    expect((action.targets as Json[])[0]).toMatchObject({ os: 'default' });
  }
}

/** The payload without the texts of Adaptive Card TextRuns. */
function withoutTextRuns(payload: Json): Json {
  return JSON.parse(JSON.stringify(payload, (_key, value: unknown) => {
    const run = value !== null && typeof value === 'object' && (value as Json).type === 'TextRun';
    return run ? { ...(value as Json), text: '' } : value;
  })) as Json;
}

function assertAdaptiveEnvelope(p: Json): void {
  // TextBlocks render Markdown even in monospace, so links in anything that looks like code count.
  assertHttpLinksOnly(withoutTextRuns(p), { code: true });
  expect(p.type).toBe('message');
  const attachments = p.attachments as Json[];
  expect(attachments).toHaveLength(1);
  expect(attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(attachments[0]!.contentUrl).toBeNull();
  const content = attachments[0]!.content as Json;
  expect(content.type).toBe('AdaptiveCard');
  expect(content.version).toBe('1.4');
  expect(content.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  assertValidAdaptiveCard(content);
}

/** Parses with the adaptivecards package (max version 1.5, as Teams supports) and validates. */
export function assertValidAdaptiveCard(content: unknown): void {
  const card = new AdaptiveCard();
  const context = new SerializationContext(Versions.v1_5);
  card.parse(content, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  expect(parseEvents).toEqual([]);
  const validation = card.validateProperties();
  expect(validation.validationEvents.map((e) => e.message)).toEqual([]);
}
