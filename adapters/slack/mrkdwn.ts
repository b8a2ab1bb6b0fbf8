// Slack mrkdwn from plain text and from standard Markdown.
//
// Escaping: Slack parses `&`, `<` and `>` as control characters in every text field
// (docs.slack.dev/messaging/formatting-message-text#escaping); escaping them is what stops
// model output from pinging `<!channel>` or forging `<url|links>`.
//
// Markdown → mrkdwn uses slackify-markdown for the structure (headings, emphasis, nested
// lists, fences), but on its own it passes raw HTML and `<!channel>` through, leaves code
// unescaped and makes `javascript:` links clickable. So it gets the layout's parse, in
// which only http(s) links are left: they are taken out first and come back as
// `<url|label>`, and every `&`, `<`, `>` that is not a blockquote marker travels through
// slackify as a private-use placeholder that becomes the entity afterwards — escaped
// exactly once, inside code too.
import slackify from 'slackify-markdown';
import { formatTimestamp } from '../../src/events/format.js';
import type { Dialect } from '../render/format.js';
import { mapMarkdown, mapSpans, type MarkdownBlock, type MarkdownProse } from '../render/markdown.js';
import { defuseFences, escapeEntities } from '../render/text.js';

/**
 * Facts in mrkdwn: event text as entities; a moment as a date token that Slack shows in
 * each reader's own time zone, with the UTC text as the fallback for clients that cannot
 * (docs.slack.dev/messaging/formatting-message-text#date-formatting).
 */
export const MRKDWN: Dialect = {
  text: escapeEntities,
  moment: (ms) => (ms < 0 ? formatTimestamp(ms) : `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${formatTimestamp(ms)}>`),
};

/** A fenced block (mrkdwn has no language highlighting: the language is shown by the caller). */
export function mrkdwnCodeBlock(code: string): string {
  return `\`\`\`\n${escapeEntities(defuseFences(code))}\n\`\`\``;
}

/** Every line quoted. */
export function mrkdwnQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${escapeEntities(line)}`)
    .join('\n');
}

/** `*text*` with the asterisks kept out of the text. */
export function mrkdwnBold(text: string): string {
  const inner = escapeEntities(text.replace(/\*/g, '∗')).trim();
  return inner === '' ? '' : `*${inner}*`;
}

const AMP = '\uE000';
const LT = '\uE001';
const GT = '\uE002';
const LINK_OPEN = '\uE003';
const LINK_CLOSE = '\uE004';
const RESERVED = /[\uE000-\uE004]/g;

function placehold(text: string): string {
  return text.replace(RESERVED, '\uFFFD').replace(/&/g, AMP).replace(/</g, LT).replace(/>/g, GT);
}

/** A URL safe inside `<url|label>`: no raw `|`, `<`, `>`, spaces; `&` as an entity. */
function linkUrl(url: string): string {
  return url
    .trim()
    .replace(/ /g, '%20')
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/&/g, '&amp;');
}

function linkLabel(label: string): string {
  return escapeEntities(label.replace(/[*_~`]/g, '').replace(/\|/g, '¦').trim());
}

/** Markdown (parsed and made safe by the layout) as mrkdwn. */
export function markdownToMrkdwn(blocks: MarkdownBlock[]): string {
  const links: string[] = [];
  const prose = (block: MarkdownProse): string =>
    mapSpans(block.text, block.links, placehold, (_text, i) => {
      const link = block.links[i]!;
      links.push(`<${linkUrl(link.url)}|${linkLabel(link.label) || linkUrl(link.url)}>`);
      return `${LINK_OPEN}${links.length - 1}${LINK_CLOSE}`;
    });
  return slackify(mapMarkdown(blocks, prose, (code) => placehold(defuseFences(code))))
    // slackify links e-mail-like text as `<mailto:…|…>`; only http(s) links are ours to make.
    .replace(/<mailto:[^<>|]*\|([^<>]*)>/g, '$1')
    .replace(/<mailto:([^<>|]*)>/g, '$1')
    .replace(/\uE000/g, '&amp;')
    .replace(/\uE001/g, '&lt;')
    .replace(/\uE002/g, '&gt;')
    .replace(/\uE003(\d+)\uE004/g, (_, n: string) => links[Number(n)] ?? '')
    .replace(/\s+$/, '');
}
