// Slack mrkdwn from plain text and from standard Markdown.
//
// Escaping: Slack parses `&`, `<` and `>` as control characters in every text field
// (docs.slack.dev/messaging/formatting-message-text#escaping); escaping them is what stops
// model output from pinging `<!channel>` or forging `<url|links>`.
//
// Markdown → mrkdwn uses slackify-markdown for the structure (headings, emphasis, nested
// lists, fences), but on its own it passes raw HTML and `<!channel>` through, leaves code
// unescaped and makes `javascript:` links clickable. So: links are taken out first (only
// http(s) ones come back, as `<url|label>`), and every `&`, `<`, `>` that is not a
// blockquote marker travels through slackify as a private-use placeholder that becomes
// the entity afterwards — escaped exactly once, inside code too.
import slackify from 'slackify-markdown';
import { formatTimestamp } from '../../src/events/format.js';
import type { Dialect } from '../render/format.js';
import { isHttpUrl, mapAfterQuote, mapFences, sanitizeLinks } from '../render/markdown.js';
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

const HTTP_LINK =
  /!?\[((?:[^[\]\\\n]|\\.|\[[^[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^()\s\\]|\\.|\((?:[^()\s\\]|\\.)*\))*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;

function placehold(text: string): string {
  return text.replace(/&/g, AMP).replace(/</g, LT).replace(/>/g, GT);
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
  const plain = label.replace(/\\(.)/g, '$1').replace(/[*_~`]/g, '').replace(/\|/g, '¦').trim();
  return escapeEntities(plain);
}

export function markdownToMrkdwn(markdown: string): string {
  const links: string[] = [];
  const protect = (prose: string): string =>
    prose
      .replace(HTTP_LINK, (whole, label: string, dest: string) => {
        const url = dest.startsWith('<') ? dest.slice(1, -1) : dest;
        if (!isHttpUrl(url)) return whole;
        links.push(`<${linkUrl(url)}|${linkLabel(label) || linkUrl(url)}>`);
        return `${LINK_OPEN}${links.length - 1}${LINK_CLOSE}`;
      })
      .split('\n')
      .map((line) => mapAfterQuote(line, placehold))
      .join('\n');
  const source = mapFences(sanitizeLinks(markdown.replace(RESERVED, '\uFFFD')), protect, (code) =>
    placehold(defuseFences(code)),
  );
  return slackify(source)
    // slackify links e-mail-like text as `<mailto:…|…>`; only http(s) links are ours to make.
    .replace(/<mailto:[^<>|]*\|([^<>]*)>/g, '$1')
    .replace(/<mailto:([^<>|]*)>/g, '$1')
    .replace(/\uE000/g, '&amp;')
    .replace(/\uE001/g, '&lt;')
    .replace(/\uE002/g, '&gt;')
    .replace(/\uE003(\d+)\uE004/g, (_, n: string) => links[Number(n)] ?? '')
    .replace(/\s+$/, '');
}
