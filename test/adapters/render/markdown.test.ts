import { describe, expect, it } from 'vitest';
import {
  cutMarkdown,
  isHttpUrl,
  mapSpans,
  markdownText,
  parseMarkdown,
  sanitizeProseLinks,
  type MarkdownProse,
} from '../../../adapters/render/markdown.js';

/** A document as the renderers get it. */
function safe(md: string): string {
  return markdownText(parseMarkdown(md));
}

describe('markdown links', () => {
  it('parseMarkdown – keeps http(s) links as written', () => {
    const md = '[a](https://example.com/x?y=1&z=(2)) ![i](http://example.com/i.png "t")';
    expect(safe(md)).toBe(md);
  });

  it('parseMarkdown – reduces javascript:, data:, vbscript: and relative links to their text', () => {
    expect(safe('[x](javascript:alert(1))')).toBe('x');
    expect(safe('[x](<javascript:alert(1)>)')).toBe('x');
    expect(safe('[x]( JaVaScRiPt:alert(1) "title")')).toBe('x');
    expect(safe('![img](data:image/png;base64,AAAA)')).toBe('img');
    expect(safe('[v](vbscript:msgbox) [r](/relative)')).toBe('v r');
  });

  it('parseMarkdown – reads links the way CommonMark does, however their parentheses nest', () => {
    // Balanced parentheses at any depth belong to the destination: the whole link goes.
    expect(safe('[x](javascript:alert((1)))')).toBe('x');
    // The label keeps its own Markdown; a safe image inside an unsafe link stays.
    expect(safe('[**bold** ![i](https://x.example/i.png)](javascript:1)')).toBe('**bold** ![i](https://x.example/i.png)');
    expect(safe('[![i](javascript:1)](https://ok.example)')).toBe('[i](https://ok.example)');
  });

  it('parseMarkdown – removes unsafe reference definitions and takes unsafe autolinks apart', () => {
    expect(safe('[x][1]\n\n[1]: javascript:alert(1)')).toBe('[x][1]\n\n');
    expect(safe('<javascript:alert(1)> <https://ok.example>')).toBe('javascript:alert(1) <https://ok.example>');
  });

  it('parseMarkdown – a `](` that is no link for CommonMark cannot become one on a laxer platform', () => {
    expect(safe('\\[x](javascript:alert(1))')).toBe('\\[x]\u200B(javascript:alert(1))');
    expect(safe('[x](javascript:alert(1) "unclosed')).toBe('[x]\u200B(javascript:alert(1) "unclosed');
    expect(safe('[ok](https://ok.example)')).toBe('[ok](https://ok.example)');
  });

  it('parseMarkdown – leaves fenced code alone, also inside a list item', () => {
    expect(safe('```md\n[x](javascript:alert(1))\n```')).toBe('```md\n[x](javascript:alert(1))\n```');
    expect(safe('1. Run:\n   ```sh\n   echo [x](javascript:1)\n   ```')).toBe('1. Run:\n```sh\n   echo [x](javascript:1)\n```');
  });

  it('parseMarkdown – indented code and HTML are text: links in them are taken apart', () => {
    expect(safe('    [x](javascript:alert(1))')).toBe('    x');
    expect(safe('<div>[x](javascript:alert(1))</div>')).toBe('<div>x</div>');
  });

  it('sanitizeProseLinks – plain text has no code: a link in backticks is taken apart too', () => {
    expect(sanitizeProseLinks('see `[x](javascript:alert(1))`')).toBe('see `x`');
    expect(sanitizeProseLinks('no links here <b>')).toBe('no links here <b>');
    expect(sanitizeProseLinks('[docs](https://x.example)')).toBe('[docs](https://x.example)');
  });

  it('isHttpUrl – accepts only absolute http(s) URLs', () => {
    expect(isHttpUrl('https://example.com')).toBe(true);
    expect(isHttpUrl('HTTP://EXAMPLE.COM/x')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('//example.com')).toBe(false);
    expect(isHttpUrl('https://')).toBe(false);
  });
});

describe('markdown blocks', () => {
  it('parseMarkdown – prose and fenced code with a clean language; an open block is closed', () => {
    const blocks = parseMarkdown('Intro\n```php onclick=x\n<?php\n```\nOutro\n~~~~\nopen');
    expect(blocks.map((b) => [b.kind, b.text, b.kind === 'code' ? b.language : undefined])).toEqual([
      ['prose', 'Intro\n', undefined],
      ['code', '<?php', 'php'],
      ['prose', '\nOutro\n', undefined],
      ['code', 'open', undefined],
    ]);
    expect(markdownText(blocks)).toBe('Intro\n```php\n<?php\n```\nOutro\n~~~~\nopen\n~~~~');
  });

  it('parseMarkdown – a fence is closed only by a line of its own kind and length', () => {
    expect(safe('````\n```\nstill code\n````\nafter')).toBe('````\n```\nstill code\n````\nafter');
    expect(safe('```\na\n~~~\nb')).toBe('```\na\n~~~\nb\n```');
  });

  it('parseMarkdown – inline code spans and links with their places in the prose', () => {
    const [prose] = parseMarkdown('a ``b`c`` [x](javascript:1) [d](https://d.example)') as [MarkdownProse];
    expect(prose.text).toBe('a ``b`c`` x [d](https://d.example)');
    expect(prose.code.map((s) => prose.text.slice(s.start, s.end))).toEqual(['b`c']);
    expect(prose.links).toEqual([{ start: 12, end: 34, url: 'https://d.example', label: 'd' }]);
    expect(prose.text.slice(12, 34)).toBe('[d](https://d.example)');
  });

  it('mapSpans – maps text and spans apart, keeping blockquote markers', () => {
    const [prose] = parseMarkdown('> a < `b < c` > d\n> > e') as [MarkdownProse];
    const out = mapSpans(prose.text, prose.code, (t) => t.replace(/[<>]/g, '!'), (c) => `[${c}]`);
    expect(out).toBe('> a ! `[b < c]` ! d\n> > e');
  });

  it('cutMarkdown – keeps a cut code block closed and counts what was cut', () => {
    const blocks = parseMarkdown(`Intro\n\`\`\`js\n${'x'.repeat(100)}\n\`\`\`\nOutro`);
    const { blocks: cut, cutChars } = cutMarkdown(blocks, 50);
    const text = markdownText(cut);
    expect(text.startsWith('Intro\n```js\nxxx')).toBe(true);
    expect(text.endsWith('\n```')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(50);
    expect(cutChars).toBeGreaterThan(50);
  });
});
