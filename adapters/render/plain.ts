// Event text as plain text for every platform: control characters out, links that are not
// http(s) taken apart (platforms render Markdown in most text fields), and no ``` / ~~~
// runs (plain text must not open a code block). Finding links takes a CommonMark parse,
// and a parse has a high fixed cost, so all the texts of one event are read in one parse.
import { sanitizeProseLinks, sanitizeProseLinksAll } from './markdown.js';
import { cleanText, collapseWhitespace, defuseFences, safePrefix, truncateChars } from './text.js';

/**
 * The layout shows no plain text longer than 600 characters, so no more than this is
 * read: a 3,000-character issue detail costs no more than a short one.
 */
const WINDOW_CHARS = 2000;

function windowOf(value: string): string {
  return cleanText(safePrefix(value, WINDOW_CHARS));
}

export class PlainText {
  readonly #safe = new Map<string, string>();

  /** `texts`: what will be asked for (anything else is read on its own when asked). */
  constructor(texts: Iterable<unknown>) {
    const cleaned = [...new Set([...texts].filter((t): t is string => typeof t === 'string').map(windowOf))];
    const safe = sanitizeProseLinksAll(cleaned);
    cleaned.forEach((text, i) => this.#safe.set(text, safe[i]!));
  }

  /** The text (its first 2,000 characters), safe as plain text on every platform ('' for anything but a string). */
  text(value: unknown): string {
    if (typeof value !== 'string') return '';
    const cleaned = windowOf(value);
    return defuseFences(this.#safe.get(cleaned) ?? sanitizeProseLinks(cleaned));
  }

  /** One line of it, at most `maxChars`. */
  line(value: unknown, maxChars: number): string {
    return truncateChars(collapseWhitespace(this.text(value)), maxChars);
  }
}
