// Pure text helpers shared by every renderer: truncation that never splits a surrogate
// pair, UTF-8 byte budgets, and code-fence tracking so that every text field we emit has
// balanced ``` fences even after it was split or cut.

/** Appended where text was cut. */
const ELLIPSIS = '…';

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes what no chat platform can show but every platform can be hurt by: C0 control
 * characters (terminal escapes on the console, `\u0000` bloat in JSON) and lone surrogates
 * (invalid UTF-8). Newlines and tabs stay; `\r\n` becomes `\n`. RTL text and emoji are kept.
 */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\uFFFD');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The longest prefix of at most `maxUnits` UTF-16 units that does not end inside a surrogate pair. */
export function safePrefix(text: string, maxUnits: number): string {
  if (maxUnits <= 0) return '';
  if (text.length <= maxUnits) return text;
  let end = maxUnits;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/**
 * Cuts `text` to at most `maxChars` UTF-16 units (what the platforms' limits count, or
 * more), ending with `marker` when something was cut.
 */
export function truncateChars(text: string, maxChars: number, marker = ELLIPSIS): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= marker.length) return safePrefix(marker, Math.max(0, maxChars));
  return withoutCutLink(safePrefix(text, maxChars - marker.length)).trimEnd() + marker;
}

/** A prefix that ends inside a Markdown link's destination loses the whole link. */
function withoutCutLink(prefix: string): string {
  const open = prefix.lastIndexOf('](');
  if (open < 0 || /[)\s]/.test(prefix.slice(open + 2))) return prefix;
  const label = prefix.lastIndexOf('[', open);
  return prefix.slice(0, label >= 0 ? label : open);
}

/**
 * `&`, `<` and `>` as HTML entities: what Slack mrkdwn needs so text cannot ping
 * `<!channel>` or forge a `<url|link>`, and what keeps a connector card from reading HTML.
 */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Truncates the raw text so that `transform(raw)` (an escaper, a quoter) fits `maxChars`:
 * escaping grows text, so a cut made after escaping could split an entity.
 */
export function fitTransformed(raw: string, maxChars: number, transform: (s: string) => string): string {
  let out = transform(raw);
  let budget = Math.min(raw.length, maxChars);
  while (out.length > maxChars && budget > 0) {
    // Shrink in proportion to the overshoot, always by at least one.
    budget = Math.max(0, Math.min(budget - 1, Math.floor((budget * maxChars) / out.length)));
    out = transform(truncateChars(raw, budget));
  }
  return out.length > maxChars ? '' : out;
}

/** Collapses all whitespace (newlines included) to single spaces. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------
// Code fences (CommonMark: a line of 3+ backticks or tildes, indented at most 3 spaces;
// closed by a line of the same character at least as long, with nothing after it).

export interface Fence {
  /** The fence characters, e.g. "```". */
  marker: string;
  /** The opening line to repeat when a block continues in the next chunk. */
  opener: string;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** Info strings are kept short when a fence is reopened in a continuation chunk. */
const MAX_INFO_CHARS = 20;

/** Follows fences line by line; `open` is the fence still open after the last line fed. */
export class FenceTracker {
  open: Fence | undefined;

  feed(line: string): void {
    const match = FENCE_LINE.exec(line);
    if (!match) return;
    const marker = match[1]!;
    const rest = match[2]!;
    if (this.open === undefined) {
      // A backtick fence's info string may not contain a backtick.
      if (marker.startsWith('`') && rest.includes('`')) return;
      const info = safePrefix(rest.trim().split(/\s+/, 1)[0] ?? '', MAX_INFO_CHARS);
      this.open = { marker, opener: marker + info };
    } else if (marker[0] === this.open.marker[0] && marker.length >= this.open.marker.length && rest.trim() === '') {
      this.open = undefined;
    }
  }
}

/**
 * Breaks every run of three backticks or tildes (with a zero-width space) so code can never
 * close the fence wrapped around it, nor open one of its own.
 */
export function defuseFences(code: string): string {
  return code.replace(/```/g, '``\u200B`').replace(/~~~/g, '~~\u200B~');
}

export interface SplitOptions {
  /** Maximum UTF-16 units per chunk, closing fence included. */
  chunkChars: number;
  /** Maximum number of chunks. */
  maxChunks: number;
  /** Maximum UTF-16 units across all chunks. */
  totalChars: number;
  /** Room to leave (in every chunk and in the total) for a "truncated" note, when text is cut. */
  noteChars?: number;
}

export interface SplitResult {
  chunks: string[];
  /** True when text was left out; the caller shows a visible note. */
  truncated: boolean;
  /** About how many characters of the source were left out. */
  omittedChars: number;
}

/** Below this, a partial last chunk is not worth showing. */
const MIN_PARTIAL_CHARS = 40;

/**
 * Splits (Markdown-ish) text into chunks that each have balanced fences: a block that
 * continues in the next chunk is closed at the end of this one and reopened (with its
 * language) at the start of the next. Cuts at line ends, hard-splitting only lines longer
 * than a chunk. When the text does not fit in `maxChunks` chunks and `totalChars`, it is
 * truncated, leaving `noteChars` of room for the caller's visible note.
 */
export function splitFenced(source: string, options: SplitOptions): SplitResult {
  // Never walk a 200 KB completion to show 12 KB of it.
  const window = Math.min(options.totalChars, options.chunkChars * options.maxChunks) * 2 + 1000;
  const text = source.length > window ? safePrefix(source, window) : source;
  const full = chunkLines(text, options.chunkChars);
  if (text === source && full.length <= options.maxChunks && totalLength(full) <= options.totalChars) {
    return { chunks: full, truncated: false, omittedChars: 0 };
  }
  const note = options.noteChars ?? 0;
  const chunkChars = options.chunkChars - note;
  const totalChars = Math.min(options.totalChars, options.chunkChars * options.maxChunks) - note;
  const chunks: string[] = [];
  let used = 0;
  for (const chunk of chunkChars > 0 ? chunkLines(text, chunkChars) : []) {
    if (chunks.length >= options.maxChunks) break;
    const room = totalChars - used;
    if (chunk.length <= room) {
      chunks.push(chunk);
      used += chunk.length;
      continue;
    }
    const partial = room >= MIN_PARTIAL_CHARS ? chunkLines(chunk, room)[0] : undefined;
    if (partial !== undefined) chunks.push(partial);
    break;
  }
  return { chunks, truncated: true, omittedChars: Math.max(1, source.length - totalLength(chunks)) };
}

function totalLength(chunks: string[]): number {
  return chunks.reduce((n, c) => n + c.length, 0);
}

/**
 * A hard cut never splits a `<…>` token (Slack's `<url|label>`; Slack text escapes every
 * other `<`), nor a Markdown link's destination.
 */
function withoutCutToken(head: string): string {
  const open = head.lastIndexOf('<');
  const kept = open > 0 && head.indexOf('>', open) < 0 ? head.slice(0, open) : head;
  return withoutCutLink(kept) || kept;
}

/** Fence-balanced chunks of at most `maxChars` UTF-16 units each. */
function chunkLines(text: string, maxChars: number): string[] {
  const chunks: string[] = [];
  const tracker = new FenceTracker();
  let lines: string[] = [];
  let length = 0; // of lines.join('\n')
  let hasContent = false;
  const closerAfter = (open: Fence | undefined): number => (open ? open.marker.length + 1 : 0);
  const add = (line: string): void => {
    length += (lines.length > 0 ? 1 : 0) + line.length;
    lines.push(line);
    hasContent = true;
  };
  const push = (): void => {
    if (hasContent) chunks.push(lines.join('\n') + (tracker.open ? `\n${tracker.open.marker}` : ''));
    lines = tracker.open ? [tracker.open.opener] : [];
    length = lines[0]?.length ?? 0;
    hasContent = false;
  };
  const pending = text.split('\n').reverse();
  while (pending.length > 0) {
    const line = pending.pop()!;
    const probe = new FenceTracker();
    probe.open = tracker.open;
    probe.feed(line);
    if (length + (lines.length > 0 ? 1 : 0) + line.length + closerAfter(probe.open) <= maxChars) {
      add(line);
      tracker.feed(line);
      continue;
    }
    if (hasContent) {
      push();
      pending.push(line);
      continue;
    }
    // The line alone does not fit: hard-split it (a continuation line, never a fence).
    if (lines.length > 0 && length + 1 + closerAfter(tracker.open) + MIN_PARTIAL_CHARS > maxChars) {
      lines = []; // not even the reopened fence leaves room: give the text the room
      length = 0;
    }
    const room = maxChars - length - (lines.length > 0 ? 1 : 0) - closerAfter(tracker.open);
    // A fence line cut in two would open a block nobody closes: cut text, not fences.
    const piece = FENCE_LINE.test(line) ? `\u200B${line}` : line;
    const head = withoutCutToken(safePrefix(piece, room));
    if (head === '') break;
    add(head);
    push();
    const rest = piece.slice(head.length);
    if (rest !== '') pending.push(rest);
  }
  push();
  return chunks;
}
