// Markdown from a model, read by a CommonMark parser (mdast-util-from-markdown, on
// micromark): the document becomes prose and fenced code blocks, every link whose
// destination is not an absolute http(s) URL loses its link syntax (so
// `[x](javascript:alert(1))` is never clickable on any platform), and renderers get the
// inline code spans and the remaining links with their places, so nothing downstream
// guesses at Markdown with regular expressions.
import type { Nodes, Parents, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { safePrefix } from './text.js';

/** Only absolute http(s) URLs become links or buttons. */
export function isHttpUrl(url: string): boolean {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s]/i.test(trimmed)) return false;
  return URL.canParse(trimmed);
}

/** A range of a block's text. */
export interface Span {
  start: number;
  end: number;
}

/** An inline `[label](url)` link (http(s) only: any other was taken apart). */
export interface MarkdownLink extends Span {
  url: string;
  /** The label as plain text. */
  label: string;
}

export interface MarkdownProse {
  kind: 'prose';
  text: string;
  /** The contents of inline code spans (backticks excluded), in order. */
  code: Span[];
  /** Inline links, in order (autolinks `<https://…>` stay text). */
  links: MarkdownLink[];
}

export interface MarkdownCode {
  kind: 'code';
  /** The fence, e.g. "```" or "~~~~". */
  marker: string;
  /** A clean language word from the info string. */
  language?: string;
  /** The lines between the fences, as written. */
  text: string;
}

export type MarkdownBlock = MarkdownProse | MarkdownCode;

// Indented code and raw HTML are text here: no chat platform renders them, and a
// `<div>[x](javascript:…)</div>` must be seen for the link it holds.
const DOCUMENT = { extensions: [{ disable: { null: ['codeIndented', 'htmlFlow', 'htmlText'] } }] };
// Plain text is never markup: no code either, so a link cannot hide in backticks.
const PROSE_ONLY = { extensions: [{ disable: { null: ['codeIndented', 'codeFenced', 'codeText', 'htmlFlow', 'htmlText'] } }] };

/** Link syntax cannot occur without one of these (inline link or image, definition, autolink). */
const MAY_LINK = /\]\(|\]:|<[a-z][a-z0-9+.-]{1,31}:/i;

// A `](` that does not lead to an http(s) URL and is no link for CommonMark may still be one
// for a platform's own Markdown dialect: a zero-width space between `]` and `(` means no
// renderer can read it as a link.
const LINK_OPENING = /\]\((?!\s*<?https?:\/\/)/gi;

interface Edit extends Span {
  text: string;
}

function offsets(node: Nodes): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** The visible text of a node: what a link's label says. */
function plainOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  return 'children' in node ? (node.children as Nodes[]).map(plainOf).join('') : '';
}

/** Edits that take an unsafe link apart, or the link itself when it is a safe inline link. */
function linkEdits(node: Nodes, source: string, edits: Edit[], links: MarkdownLink[]): void {
  if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
  const { start, end } = offsets(node);
  if (isHttpUrl(node.url)) {
    if (node.type === 'link' && source[start] !== '<') links.push({ start, end, url: node.url, label: plainOf(node) });
  } else if (node.type === 'definition') edits.push({ start, end, text: '' });
  else if (node.type === 'image') edits.push({ start, end, text: node.alt ?? '' });
  else if (node.children.length === 0) edits.push({ start, end, text: '' });
  else {
    // The label stays where it is (with whatever it holds); `[` / `<` and `](…)` / `>` go.
    edits.push({ start, end: offsets(node.children[0]!).start, text: '' });
    edits.push({ start: offsets(node.children.at(-1)!).end, end, text: '' });
  }
}

/** Breaks every `](` in `source[from, to)` that does not open an http(s) link and is not removed by `edits`. */
function openingEdits(source: string, from: number, to: number, edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  let e = 0;
  for (const match of source.slice(from, to).matchAll(LINK_OPENING)) {
    const at = from + match.index + 1;
    while (e < edits.length && edits[e]!.end <= at) e += 1;
    if (e < edits.length && edits[e]!.start < at) continue; // inside a removed range
    out.push({ start: at, end: at, text: '\u200B' });
  }
  return out;
}

/** Applies sorted, non-overlapping edits to `source[from, to)`; `map` moves positions along. */
function applyEdits(source: string, from: number, to: number, edits: Edit[]): { text: string; map: (at: number) => number } {
  let text = '';
  let last = from;
  const ends: number[] = [];
  const deltas: number[] = [];
  let delta = 0;
  for (const edit of edits) {
    text += source.slice(last, edit.start) + edit.text;
    delta += edit.text.length - (edit.end - edit.start);
    ends.push(edit.end);
    deltas.push(delta);
    last = edit.end;
  }
  text += source.slice(last, to);
  const map = (at: number): number => {
    // The last edit that ends at or before `at` says how far everything after it moved.
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid]! <= at) low = mid + 1;
      else high = mid;
    }
    return at - from + (low === 0 ? 0 : deltas[low - 1]!);
  };
  return { text, map };
}

function sortEdits(edits: Edit[]): Edit[] {
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Plain text (never markup) whose links that are not http(s) have lost their link syntax. */
export function sanitizeProseLinks(text: string): string {
  return sanitizeProseLinksAll([text])[0]!;
}

/**
 * sanitizeProseLinks for many texts in one parse (a parse costs far more than the text it
 * reads). The texts go into one document as paragraphs of their own: no inline construct
 * crosses a blank line, so each text's links are exactly its own.
 */
export function sanitizeProseLinksAll(texts: string[]): string[] {
  const todo = texts.flatMap((text, i) => (MAY_LINK.test(text) ? [{ text, i, from: 0 }] : []));
  if (todo.length === 0) return texts;
  let doc = '';
  for (const entry of todo) {
    entry.from = doc.length;
    doc += `${entry.text}\n\n`;
  }
  const { edits } = inlineOf(fromMarkdown(doc, PROSE_ONLY), doc, new Set());
  const out = [...texts];
  let e = 0;
  for (const { text, i, from } of todo) {
    const to = from + text.length;
    const own: Edit[] = [];
    while (e < edits.length && edits[e]!.start < to) {
      if (edits[e]!.start >= from && edits[e]!.end <= to) own.push(edits[e]!);
      e += 1;
    }
    out[i] = applyEdits(doc, from, to, sortEdits([...own, ...openingEdits(doc, from, to, own)])).text;
  }
  return out;
}

/** What the prose of a document holds, in source positions and document order. */
interface Inline {
  edits: Edit[];
  links: MarkdownLink[];
  code: Span[];
}

function inlineOf(root: Root, source: string, skip: Set<Nodes>): Inline {
  const edits: Edit[] = [];
  const links: MarkdownLink[] = [];
  const code: Span[] = [];
  const walk = (node: Nodes): void => {
    if (skip.has(node)) return;
    if (node.type === 'inlineCode') {
      const { start, end } = offsets(node);
      const ticks = /^`+/.exec(source.slice(start, end))?.[0].length ?? 0;
      code.push({ start: start + ticks, end: end - ticks });
    }
    linkEdits(node, source, edits, links);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  walk(root);
  return { edits: sortEdits(edits), links, code };
}

/** The entries of a sorted list that lie within [from, to). */
function within<T extends Span>(list: T[], from: number, to: number): T[] {
  return list.filter((span) => span.start >= from && span.end <= to);
}

/** The prose between `from` and `to`, links taken apart, with its code spans and links. */
function proseBlock(inline: Inline, source: string, from: number, to: number): MarkdownProse {
  const edits = within(inline.edits, from, to);
  const { text, map } = applyEdits(source, from, to, sortEdits([...edits, ...openingEdits(source, from, to, edits)]));
  const moved = (span: Span): Span => ({ start: map(span.start), end: map(span.end) });
  return {
    kind: 'prose',
    text,
    code: within(inline.code, from, to).map(moved),
    links: within(inline.links, from, to).map(({ start, end, url, label }) => ({ ...moved({ start, end }), url, label })),
  };
}

/** The fenced code nodes that start a line outside any blockquote: the document's code blocks. */
function fencedBlocks(root: Root, source: string): Nodes[] {
  const found: Nodes[] = [];
  const walk = (node: Parents): void => {
    for (const child of node.children as Nodes[]) {
      if (child.type === 'code') {
        const start = offsets(child).start;
        const lineStart = source.lastIndexOf('\n', start - 1) + 1;
        if (/^[ \t]*$/.test(source.slice(lineStart, start)) && /^ {0,3}[`~]{3}/.test(source.slice(lineStart))) found.push(child);
      } else if (child.type !== 'blockquote' && 'children' in child) walk(child);
    }
  };
  walk(root);
  return found;
}

/** A code block from its node: the fence, a clean language and the lines between the fences. */
function codeBlock(node: Nodes, source: string): { block: MarkdownCode; from: number; to: number } {
  const { start, end } = offsets(node);
  const from = source.lastIndexOf('\n', start - 1) + 1;
  const raw = source.slice(from, end);
  const marker = /^ {0,3}([`~]{3,})/.exec(raw)![1]!;
  const lines = raw.split('\n');
  const last = lines.at(-1)!;
  const closer = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  const closed = lines.length > 1 && closer.test(last);
  const text = lines.slice(1, closed ? -1 : undefined).join('\n');
  const language = ('lang' in node && typeof node.lang === 'string' ? node.lang : '').replace(/[^\w+#.-]/g, '').slice(0, 20);
  const block: MarkdownCode = language ? { kind: 'code', marker, language, text } : { kind: 'code', marker, text };
  return { block, from, to: end };
}

/**
 * A Markdown document as prose and fenced code blocks, safe to render: links that are not
 * http(s) taken apart (outside fenced code), fence lines reduced to the fence and a clean
 * language word, and a block the model left open closed (see markdownText).
 */
export function parseMarkdown(md: string): MarkdownBlock[] {
  const root = fromMarkdown(md, DOCUMENT);
  const fenced = fencedBlocks(root, md);
  const inline = inlineOf(root, md, new Set(fenced));
  const blocks: MarkdownBlock[] = [];
  let at = 0;
  for (const node of fenced) {
    const { block, from, to } = codeBlock(node, md);
    if (from > at) blocks.push(proseBlock(inline, md, at, from));
    blocks.push(block);
    at = to;
  }
  if (at < md.length || blocks.length === 0) blocks.push(proseBlock(inline, md, at, md.length));
  return blocks;
}

/** Serializes blocks: prose through `prose`, code contents through `code`, fences closed. */
export function mapMarkdown(blocks: MarkdownBlock[], prose: (block: MarkdownProse) => string, code: (text: string) => string): string {
  return blocks
    .map((block) => {
      if (block.kind === 'prose') return prose(block);
      const open = block.marker + (block.language ?? '');
      return block.text === '' ? `${open}\n${block.marker}` : `${open}\n${code(block.text)}\n${block.marker}`;
    })
    .join('');
}

/** The blocks as Markdown text again. */
export function markdownText(blocks: MarkdownBlock[]): string {
  return mapMarkdown(blocks, (block) => block.text, (text) => text);
}

function cutProse(block: MarkdownProse, maxChars: number): MarkdownProse {
  // A link is kept whole or not at all: half a destination is no link.
  const through = block.links.find((link) => link.start < maxChars && link.end > maxChars);
  const text = safePrefix(block.text, through ? through.start : maxChars);
  const fits = (span: Span): boolean => span.end <= text.length;
  return { kind: 'prose', text, code: block.code.filter(fits), links: block.links.filter(fits) };
}

/** The first `maxChars` of a document (fences count; a cut code block stays closed). */
export function cutMarkdown(blocks: MarkdownBlock[], maxChars: number): { blocks: MarkdownBlock[]; cutChars: number } {
  const kept: MarkdownBlock[] = [];
  let room = maxChars;
  let cutChars = 0;
  for (const block of blocks) {
    // A code block's fence lines: the opening one with its language, the closing one.
    const fences = block.kind === 'code' ? block.marker.length * 2 + (block.language?.length ?? 0) + 2 : 0;
    const size = block.text.length + fences;
    if (size <= room) {
      kept.push(block);
      room -= size;
      continue;
    }
    if (room > fences) {
      const cut = block.kind === 'prose' ? cutProse(block, room) : { ...block, text: safePrefix(block.text, room - fences) };
      kept.push(cut);
      cutChars += block.text.length - cut.text.length;
    } else cutChars += block.text.length;
    room = 0;
  }
  return { blocks: kept, cutChars };
}

/**
 * Rewrites a prose block: the text outside `spans` line by line through `outside` (after any
 * blockquote markers, which are syntax), each span's text through `inside`.
 */
export function mapSpans(text: string, spans: Span[], outside: (s: string) => string, inside: (s: string, index: number) => string): string {
  let out = '';
  let last = 0;
  spans.forEach((span, i) => {
    out += quoteAware(text.slice(last, span.start), last === 0 || text[last - 1] === '\n', outside) + inside(text.slice(span.start, span.end), i);
    last = span.end;
  });
  return out + quoteAware(text.slice(last), last === 0 || text[last - 1] === '\n', outside);
}

/** Matches a blockquote marker run at the start of a line (`> `, `>> `, `  > `). */
const QUOTE_PREFIX = /^( {0,3}(?:>[ \t]?)+)/;

function quoteAware(text: string, atLineStart: boolean, fn: (s: string) => string): string {
  return text
    .split('\n')
    .map((line, i) => {
      const match = i > 0 || atLineStart ? QUOTE_PREFIX.exec(line) : null;
      return match ? match[1] + fn(line.slice(match[1]!.length)) : fn(line);
    })
    .join('\n');
}
