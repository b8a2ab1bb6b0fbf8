// Block-level formatting (code fences, quotes, lists, headings, line breaks) of the
// platforms' text dialects, as HTML; inline formatting is inline.mjs's.
import { decodeEntities, escapeHtml, inline } from './inline.mjs';

const MARKDOWN = {
  angle: 'markdown',
  links: true,
  backslash: true,
  code: true,
  // CommonMark reads `&amp;` as `&`, except in code.
  entities: true,
  codeEntities: false,
  headings: 6,
  lists: true,
  emphasis: [['**', 'strong'], ['__', 'strong'], ['~~', 's'], ['*', 'em'], ['_', 'em']],
};

/** The text dialects of the platforms (docs/platform-limits.md and the platforms' formatting docs). */
export const DIALECTS = {
  /** Slack mrkdwn: `*bold*`, `_italic_`, `~strike~`, `<url|text>`; `&lt;` is `<`; no lists or headings. */
  mrkdwn: { angle: 'slack', links: false, backslash: false, code: true, entities: true, codeEntities: true, headings: 0, lists: false, fenceInfo: false, emphasis: [['*', 'strong'], ['_', 'em'], ['~', 's']] },
  /** Standard Markdown (Slack's `markdown` block). */
  markdown: { ...MARKDOWN, fenceInfo: true },
  /** Discord: Markdown plus `__underline__`, `||spoiler||`, `-# subtext`, `<t:…>`; headings # to ###. */
  discord: {
    ...MARKDOWN,
    angle: 'discord',
    entities: false,
    fenceInfo: true,
    headings: 3,
    subtext: true,
    emphasis: [['**', 'strong'], ['__', 'u'], ['~~', 's'], ['||', 'spoiler'], ['*', 'em'], ['_', 'em']],
  },
  /** MessageCard text: Markdown with HTML entities. */
  messagecard: { ...MARKDOWN, codeEntities: true, fenceInfo: true },
  /** Adaptive Card TextBlock in Teams: bold, italic, lists and links only. */
  adaptive: { ...MARKDOWN, entities: false, code: false, headings: 0, fenceInfo: true, emphasis: [['**', 'strong'], ['*', 'em'], ['_', 'em']] },
};

const FENCE = /^\s*```/;
const LIST = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** A fenced code block from `lines[start]` on; an unclosed fence runs to the end. */
function fence(lines, start, dialect) {
  const opening = lines[start].replace(FENCE, '');
  // Markdown reads text after the opening ``` as the language; Slack reads it as code.
  const info = dialect.fenceInfo && !opening.includes('```');
  const code = [];
  let rest = info ? undefined : opening;
  let i = start;
  for (;;) {
    if (rest !== undefined) {
      const close = rest.indexOf('```');
      if (close >= 0) {
        code.push(rest.slice(0, close));
        break;
      }
      code.push(rest);
    }
    i += 1;
    if (i >= lines.length) break;
    rest = lines[i];
  }
  const text = code.join('\n').replace(/^\n+|\n+$/g, '');
  const language = info && opening.trim() ? ` data-language="${escapeHtml(opening.trim())}"` : '';
  return { html: `<pre class="code"${language}>${escapeHtml(dialect.codeEntities ? decodeEntities(text) : text)}</pre>`, next: i + 1 };
}

function quoteLevel(line, dialect) {
  if (dialect.angle === 'discord' && /^>>> /.test(line)) return 'rest';
  return /^>( |$)/.test(line) || (dialect.angle === 'slack' && line.startsWith('>')) ? 'line' : undefined;
}

function quote(lines, start, dialect) {
  const inner = [];
  let i = start;
  if (quoteLevel(lines[i], dialect) === 'rest') {
    inner.push(lines[i].slice(4), ...lines.slice(i + 1));
    i = lines.length;
  } else {
    while (i < lines.length && quoteLevel(lines[i], dialect) === 'line') inner.push(lines[i++].replace(/^> ?/, ''));
  }
  return { html: `<blockquote>${blocks(inner.join('\n'), dialect)}</blockquote>`, next: i };
}

function list(lines, start, dialect) {
  const items = [];
  let i = start;
  const ordered = (line) => /\d/.test(LIST.exec(line)?.[2] ?? '');
  const kind = ordered(lines[start]);
  let match;
  while (i < lines.length && (match = LIST.exec(lines[i])) && ordered(lines[i]) === kind) {
    const depth = Math.min(3, Math.floor(match[1].replace(/\t/g, '  ').length / 2));
    items.push(`<li class="depth-${depth}">${inline(match[3], dialect)}</li>`);
    i += 1;
  }
  const tag = kind ? 'ol' : 'ul';
  return { html: `<${tag}>${items.join('')}</${tag}>`, next: i };
}

function heading(line, dialect) {
  const match = /^(#{1,6})\s+(.*)$/.exec(line);
  if (!match || match[1].length > dialect.headings) return undefined;
  return `<div class="h${match[1].length}">${inline(match[2], dialect)}</div>`;
}

/**
 * Text in a dialect, as HTML. Line breaks are kept (the platforms show them), a blank line
 * separates paragraphs, and unknown markup stays as the text it is.
 */
export function blocks(text, dialect) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let paragraph = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map((l) => inline(l, dialect)).join('<br>')}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    let block;
    if (dialect.code && FENCE.test(line)) block = fence(lines, i, dialect);
    else if (quoteLevel(line, dialect)) block = quote(lines, i, dialect);
    else if (dialect.lists && LIST.test(line)) block = list(lines, i, dialect);
    const title = block ? undefined : heading(line, dialect);
    if (block || title) {
      flush();
      out.push(block ? block.html : title);
      i = block ? block.next : i + 1;
      continue;
    }
    if (dialect.subtext && line.startsWith('-# ')) {
      flush();
      out.push(`<p class="subtext">${inline(line.slice(3), dialect)}</p>`);
    } else if (line.trim() === '') flush();
    else paragraph.push(line);
    i += 1;
  }
  flush();
  return out.join('');
}
