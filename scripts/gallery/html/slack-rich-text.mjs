// Slack's `rich_text` block: sections, lists, preformatted text and quotes of styled runs.
import { discordTime, escapeHtml, link } from './inline.mjs';
import { list, obj, str } from './parts.mjs';

function styled(html, value) {
  const style = obj(value);
  let out = html;
  if (style.code) out = `<code>${out}</code>`;
  if (style.bold) out = `<strong>${out}</strong>`;
  if (style.italic) out = `<em>${out}</em>`;
  if (style.strike) out = `<s>${out}</s>`;
  return out;
}

/** `unicode` is code points in hex joined by `-` (`1f44d-1f3fb`); the name is the fallback. */
function emoji(el) {
  const points = str(el.unicode).split('-').map((hex) => parseInt(hex, 16));
  if (str(el.unicode) && points.every((p) => p >= 0 && p <= 0x10ffff)) return escapeHtml(String.fromCodePoint(...points));
  return escapeHtml(`:${str(el.name)}:`);
}

/** One run of a section; mentions show as plain text, dates as their fallback. */
function run(value) {
  const el = obj(value);
  switch (el.type) {
    case 'link': return link(str(el.url), styled(escapeHtml(str(el.text) || str(el.url)), el.style));
    case 'emoji': return emoji(el);
    case 'user': return escapeHtml(`@${str(el.user_id)}`);
    case 'usergroup': return escapeHtml(`@${str(el.usergroup_id)}`);
    case 'channel': return escapeHtml(`#${str(el.channel_id)}`);
    case 'broadcast': return escapeHtml(`@${str(el.range)}`);
    case 'date': return escapeHtml(str(el.fallback) || discordTime(el.timestamp));
    default: return styled(escapeHtml(str(el.text)), el.style);
  }
}

const runs = (el) => list(obj(el).elements).map(run).join('');

function part(value) {
  const el = obj(value);
  if (el.type === 'rich_text_list') {
    const tag = el.style === 'ordered' ? 'ol' : 'ul';
    const depth = Math.max(0, Math.min(3, Math.floor(Number(el.indent)) || 0));
    return `<${tag}>${list(el.elements).map((item) => `<li class="depth-${depth}">${runs(item)}</li>`).join('')}</${tag}>`;
  }
  if (el.type === 'rich_text_preformatted') return `<pre class="code">${runs(el)}</pre>`;
  if (el.type === 'rich_text_quote') return `<blockquote><p>${runs(el)}</p></blockquote>`;
  return `<p>${runs(el)}</p>`;
}

export function richText(block) {
  return `<div class="rich-text">${list(block.elements).map(part).join('')}</div>`;
}
