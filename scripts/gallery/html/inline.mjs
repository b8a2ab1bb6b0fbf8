// Inline formatting of the platforms' text dialects, as HTML. Every character that comes
// from a payload is escaped: markup is only ever added around escaped text.

/** Payload text never keeps these private-use characters: they mark stashed HTML below. */
const MARK = /[\uE000\uE001]/g;
const STASH = /\uE000(\d+)\uE001/g;

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** What Slack mrkdwn and MessageCard text escape (`&lt;` shows as `<`). */
export function decodeEntities(text) {
  return text.replace(/&(lt|gt|amp|quot|#39);/g, (_m, name) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[name]);
}

/** A link, when the URL is one a browser may follow; otherwise just its text. */
export function link(url, innerHtml) {
  const href = String(url).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return innerHtml;
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${innerHtml}</a>`;
}

/** Slack's `<…>` forms: links, mentions, channels, special mentions and dates. */
function slackAngle(body) {
  const [target, ...rest] = body.split('|');
  const label = rest.length > 0 ? decodeEntities(rest.join('|')) : undefined;
  if (target.startsWith('@') || target.startsWith('#')) return escapeHtml(label ? `${target[0]}${label.replace(/^[@#]/, '')}` : target);
  if (target.startsWith('!date^')) return escapeHtml(label ?? target);
  if (target.startsWith('!subteam^')) return escapeHtml(label ?? '@group');
  if (target.startsWith('!')) return escapeHtml(`@${target.slice(1)}`);
  const url = decodeEntities(target);
  return link(url, escapeHtml(label ?? url));
}

const UNITS = { t: { timeStyle: 'short' }, T: { timeStyle: 'medium' }, d: { dateStyle: 'short' }, D: { dateStyle: 'long' } };

/** Discord's `<t:UNIX:STYLE>`, as a fixed UTC date (Discord shows it in the reader's zone). */
export function discordTime(seconds, style = 'f') {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return `<t:${seconds}>`;
  const options = UNITS[style] ?? (style === 'F' ? { dateStyle: 'full', timeStyle: 'short' } : { dateStyle: 'long', timeStyle: 'short' });
  return `${new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(date)} UTC`;
}

/** Discord's `<…>` forms: timestamps, mentions, custom emoji and unembedded links. */
function discordAngle(body) {
  const time = /^t:(-?\d+)(?::([tTdDfFR]))?$/.exec(body);
  if (time) {
    const note = time[2] === 'R' ? ' title="Discord shows this relative to now, e.g. &quot;in 2 hours&quot;"' : '';
    return `<span class="timestamp"${note}>${escapeHtml(discordTime(time[1], time[2]))}</span>`;
  }
  const mention = /^(@!?|@&|#)(\d+)$/.exec(body);
  if (mention) return escapeHtml(`${mention[1] === '#' ? '#' : '@'}${mention[2]}`);
  const emoji = /^a?:(\w+):\d+$/.exec(body);
  if (emoji) return escapeHtml(`:${emoji[1]}:`);
  if (/^https?:\/\//i.test(body)) return link(body, escapeHtml(body));
  return undefined;
}

/** Standard Markdown autolinks `<https://…>`. */
function markdownAngle(body) {
  return /^(https?:\/\/|mailto:)/i.test(body) ? link(body, escapeHtml(body)) : undefined;
}

const ANGLES = { slack: slackAngle, discord: discordAngle, markdown: markdownAngle };

const quote = (s) => s.replace(/[|*_~\\]/g, '\\$&');

/** `*x*`: the delimiters hug the text and are not inside a word (`wp_kses_post` stays as it is). */
function emphasisPattern(delimiter) {
  const d = quote(delimiter);
  const c = quote(delimiter[0]);
  return new RegExp(`(^|[^\\w${c}])${d}(?![\\s${c}])([^\\n]*?[^\\s${c}\\\\])${d}(?![\\w${c}])`, 'g');
}

const TAGS = { strong: ['<strong>', '</strong>'], em: ['<em>', '</em>'], s: ['<s>', '</s>'], u: ['<u>', '</u>'], spoiler: ['<span class="spoiler">', '</span>'] };

/**
 * Inline formatting of one line in a dialect (blocks.mjs's DIALECTS): `angle` (slack,
 * discord or markdown) reads `<…>`; `entities` decodes `&lt;` and friends in text and
 * `codeEntities` in code; `links` reads `[text](url)`; `backslash` reads `\*`; `code` reads
 * `` `x` ``; `emphasis` lists [delimiter, tag] pairs, longest delimiters first.
 */
export function inline(text, dialect) {
  const stash = [];
  const keep = (html) => `\uE000${stash.push(html) - 1}\uE001`;
  let rest = String(text).replace(MARK, '');
  if (dialect.code) rest = rest.replace(/`([^`\n]+)`/g, (_m, code) => keep(`<code>${escapeHtml(dialect.codeEntities ? decodeEntities(code) : code)}</code>`));
  // Any ASCII punctuation may be backslash-escaped (CommonMark).
  if (dialect.backslash) rest = rest.replace(/\\([!-/:-@[-`{-~])/g, (_m, ch) => keep(escapeHtml(ch)));
  if (dialect.links) {
    rest = rest.replace(/\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)/g, (_m, label, url) => keep(link(url, inline(label, dialect))));
  }
  const angle = ANGLES[dialect.angle];
  if (angle) rest = rest.replace(/<([^<>\n]+)>/g, (m, body) => {
    const html = angle(body);
    return html === undefined ? m : keep(html);
  });
  rest = rest.replace(/\bhttps?:\/\/[^\s<>"|\uE000]+[^\s<>"|\uE000.,;:!?)\]'*_~]/g, (url) => keep(link(url, escapeHtml(url))));
  let html = escapeHtml(dialect.entities ? decodeEntities(rest) : rest);
  for (const [delimiter, tag] of dialect.emphasis) {
    const [open, close] = TAGS[tag];
    html = html.replace(emphasisPattern(delimiter), (_m, before, inner) => `${before}${open}${inner}${close}`);
  }
  return html.replace(STASH, (_m, i) => stash[Number(i)]);
}
