import { describe, expect, it } from 'vitest';
import { cleanText, defuseFences, escapeEntities, fitTransformed, splitFenced, truncateChars } from '../../../adapters/render/text.js';
import { fencesBalanced } from './fences.js';

describe('text truncation', () => {
  it('truncateChars – leaves short text alone', () => {
    expect(truncateChars('hello', 5)).toBe('hello');
  });

  it('truncateChars – cuts to the limit with an ellipsis', () => {
    const out = truncateChars('hello world', 8);
    expect(out).toBe('hello w…');
    expect(out.length).toBeLessThanOrEqual(8);
  });

  it('truncateChars – never splits a surrogate pair', () => {
    const text = '😀'.repeat(10);
    for (let max = 1; max < 20; max += 1) {
      const out = truncateChars(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('fitTransformed – cuts before escaping so no entity is split', () => {
    const escape = (s: string): string => s.replace(/&/g, '&amp;');
    const out = fitTransformed('&'.repeat(100), 50, escape);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out).toMatch(/^(&amp;)+…$/);
  });

  it('escapeEntities – &, < and > as entities, & first so nothing is escaped twice', () => {
    expect(escapeEntities('<!channel> & <@U1> &amp;')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &amp;amp;');
  });

  it('cleanText – drops control characters and lone surrogates, keeps newlines, tabs, emoji and RTL', () => {
    expect(cleanText('a\u0000b\u001b[31mc\r\nd\te 👋🏽 שלום \ud800')).toBe('ab[31mc\nd\te 👋🏽 שלום \uFFFD');
  });
});

describe('code fences', () => {
  it('fencesBalanced – tells open from closed blocks', () => {
    expect(fencesBalanced('```js\nx\n```')).toBe(true);
    expect(fencesBalanced('```js\nx')).toBe(false);
    expect(fencesBalanced('~~~\nx\n~~~')).toBe(true);
    expect(fencesBalanced('````\n```\n````')).toBe(true);
    expect(fencesBalanced('inline ``` is not a fence')).toBe(true);
  });

  it('defuseFences – code can neither close nor open a fence', () => {
    const code = defuseFences('```\n~~~\n````md');
    expect(fencesBalanced(`\`\`\`\n${code}\n\`\`\``)).toBe(true);
    expect(`\`\`\`\n${code}\n\`\`\``.split('\n').filter((l) => /^(```|~~~)/.test(l))).toHaveLength(2);
  });
});

describe('splitFenced', () => {
  const code = `Intro\n\n\`\`\`python\n${Array.from({ length: 200 }, (_, i) => `print(${i})`).join('\n')}\n\`\`\`\n\nOutro`;

  it('splitFenced – closes and reopens a block (with its language) across chunks', () => {
    const { chunks, truncated } = splitFenced(code, { chunkChars: 500, maxChunks: 20, totalChars: 100_000 });
    expect(truncated).toBe(false);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      expect(fencesBalanced(chunk)).toBe(true);
    }
    expect(chunks[1]!.startsWith('```python\n')).toBe(true);
    expect(chunks.join('\n')).toContain('print(199)');
  });

  it('splitFenced – truncates to maxChunks and totalChars, leaving room for a note', () => {
    const result = splitFenced(code, { chunkChars: 500, maxChunks: 2, totalChars: 800, noteChars: 60 });
    expect(result.truncated).toBe(true);
    expect(result.chunks.length).toBeLessThanOrEqual(2);
    expect(result.chunks.reduce((n, c) => n + c.length, 0)).toBeLessThanOrEqual(740);
    for (const chunk of result.chunks) {
      expect(chunk.length).toBeLessThanOrEqual(440);
      expect(fencesBalanced(chunk)).toBe(true);
    }
    expect(result.omittedChars).toBeGreaterThan(0);
  });

  it('splitFenced – hard-splits a line longer than a chunk', () => {
    const { chunks } = splitFenced('x'.repeat(2500), { chunkChars: 1000, maxChunks: 5, totalChars: 10_000 });
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 500]);
  });

  it('splitFenced – never leaves an unbalanced fence when a fence line itself is cut', () => {
    const { chunks } = splitFenced(`\`\`\`${'x'.repeat(3000)}\ncode`, { chunkChars: 1000, maxChunks: 10, totalChars: 10_000 });
    for (const chunk of chunks) expect(fencesBalanced(chunk)).toBe(true);
  });

  it('splitFenced – walks only a window of a huge input', () => {
    const huge = 'line of text\n'.repeat(50_000);
    const result = splitFenced(huge, { chunkChars: 3000, maxChunks: 3, totalChars: 9000 });
    expect(result.truncated).toBe(true);
    expect(result.omittedChars).toBeGreaterThan(600_000);
  });
});
