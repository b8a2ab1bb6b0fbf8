// Code-aware Markdown helpers: walk fenced blocks and inline code spans separately from
// prose, and defuse links that are not http(s) so `[x](javascript:alert(1))` is never
// clickable on any platform.
import { FenceTracker } from './text.js';

/** Only absolute http(s) URLs become links or buttons. */
export function isHttpUrl(url: string): boolean {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s]/i.test(trimmed)) return false;
  return URL.canParse(trimmed);
}

/**
 * Rewrites the prose of `md` with `text` and the contents of fenced blocks with `code`;
 * the fence lines themselves are kept as they are.
 */
export function mapFences(md: string, text: (prose: string) => string, code: (content: string) => string): string {
  const out: string[] = [];
  const tracker = new FenceTracker();
  let prose: string[] = [];
  let block: string[] = [];
  const flushProse = (): void => {
    if (prose.length > 0) out.push(text(prose.join('\n')));
    prose = [];
  };
  for (const line of md.split('\n')) {
    const wasOpen = tracker.open !== undefined;
    tracker.feed(line);
    const isOpen = tracker.open !== undefined;
    if (!wasOpen && isOpen) {
      flushProse();
      out.push(line);
    } else if (wasOpen && !isOpen) {
      if (block.length > 0) out.push(code(block.join('\n')));
      block = [];
      out.push(line);
    } else if (isOpen) {
      block.push(line);
    } else {
      prose.push(line);
    }
  }
  flushProse();
  if (block.length > 0) out.push(code(block.join('\n')));
  return out.join('\n');
}

/**
 * Rewrites prose with `text` and the contents of inline code spans with `code`; the
 * backticks stay. A span closes at the next backtick run of the same length; an unmatched
 * run is prose (CommonMark). Linear in the number of runs, however many there are.
 */
export function mapInlineCode(prose: string, text: (s: string) => string, code: (s: string) => string): string {
  const runs = [...prose.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  // Positions of the runs of each length, and how far each list has been consumed.
  const byLength = new Map<number, number[]>();
  runs.forEach((run, i) => {
    const list = byLength.get(run.length);
    if (list) list.push(i);
    else byLength.set(run.length, [i]);
  });
  const cursor = new Map<number, number>();
  let out = '';
  let last = 0;
  for (let i = 0; i < runs.length; i += 1) {
    const open = runs[i]!;
    if (open.at < last) continue;
    const same = byLength.get(open.length)!;
    let k = cursor.get(open.length) ?? 0;
    while (k < same.length && same[k]! <= i) k += 1;
    cursor.set(open.length, k);
    if (k === same.length) continue;
    const close = runs[same[k]!]!;
    const ticks = '`'.repeat(open.length);
    out += text(prose.slice(last, open.at)) + ticks + code(prose.slice(open.at + open.length, close.at)) + ticks;
    last = close.at + close.length;
    i = same[k]!;
  }
  return out + text(prose.slice(last));
}

// `[label](dest "title")` and `![alt](dest)`; one level of balanced parentheses in dest.
const INLINE_LINK =
  /(!?)\[((?:[^[\]\\\n]|\\.|\[[^[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^()\s\\]|\\.|\((?:[^()\s\\]|\\.)*\))*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
// `[label]: dest` reference definitions.
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+).*$/gm;
// `<scheme:…>` autolinks.
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>/g;

function destination(raw: string): string {
  return raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
}

// Any `](` left that does not lead to an http(s) URL (deeper parenthesis nesting than
// INLINE_LINK follows, odd spacing): a zero-width space between `]` and `(` means no
// Markdown renderer can read it as a link.
const LINK_OPENING = /\]\((?!\s*<?https?:\/\/)/gi;

/** Defuses every link in prose whose destination is not an absolute http(s) URL. */
export function sanitizeProseLinks(prose: string): string {
  return prose
    .replace(INLINE_LINK, (whole, _bang: string, label: string, dest: string) =>
      isHttpUrl(destination(dest)) ? whole : label,
    )
    .replace(DEFINITION, (whole, dest: string) => (isHttpUrl(destination(dest)) ? whole : ''))
    .replace(AUTOLINK, (whole, url: string) => (isHttpUrl(url) ? whole : url))
    .replace(LINK_OPENING, ']\u200B(');
}

/**
 * Rewrites fence lines to the bare marker plus a clean language word (`\`\`\`php`), so an
 * info string can never carry markup or a link into renderers that do not know fences.
 */
export function normalizeFences(md: string): string {
  const tracker = new FenceTracker();
  return md
    .split('\n')
    .map((line) => {
      const wasOpen = tracker.open;
      tracker.feed(line);
      if (!wasOpen && tracker.open) {
        const language = tracker.open.opener.slice(tracker.open.marker.length).replace(/[^\w+#.-]/g, '');
        tracker.open.opener = tracker.open.marker + language;
        return tracker.open.opener;
      }
      return wasOpen && !tracker.open ? wasOpen.marker : line;
    })
    .join('\n');
}

/**
 * Defuses non-http(s) links everywhere outside fenced code. Inline code spans are treated
 * like prose here on purpose: a link split by a code span must not survive.
 */
export function sanitizeLinks(md: string): string {
  return mapFences(md, sanitizeProseLinks, (code) => code);
}

/** Matches a blockquote marker run at the start of a line (`> `, `>> `, `  > `). */
export const QUOTE_PREFIX = /^( {0,3}(?:>[ \t]?)+)/;

/** Applies `fn` to a line's text after any leading blockquote markers. */
export function mapAfterQuote(line: string, fn: (s: string) => string): string {
  const match = QUOTE_PREFIX.exec(line);
  if (!match) return fn(line);
  return match[1] + fn(line.slice(match[1]!.length));
}

export interface MarkdownSegment {
  kind: 'prose' | 'code';
  text: string;
  /** The fence's info word for code. */
  language?: string;
}

/** Splits a document into prose and fenced-code segments (fence lines dropped). */
export function markdownSegments(md: string): MarkdownSegment[] {
  const segments: MarkdownSegment[] = [];
  const tracker = new FenceTracker();
  let lines: string[] = [];
  let language: string | undefined;
  const flush = (kind: 'prose' | 'code'): void => {
    const text = lines.join('\n');
    if (kind === 'code' || text.trim() !== '') {
      segments.push(kind === 'code' && language ? { kind, text, language } : { kind, text });
    }
    lines = [];
  };
  for (const line of md.split('\n')) {
    const wasOpen = tracker.open !== undefined;
    tracker.feed(line);
    if (!wasOpen && tracker.open) {
      flush('prose');
      language = tracker.open.opener.replace(/^[`~]+/, '') || undefined;
    } else if (wasOpen && !tracker.open) {
      flush('code');
    } else {
      lines.push(line);
    }
  }
  flush(tracker.open ? 'code' : 'prose');
  return segments;
}
