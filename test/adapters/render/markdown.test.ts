import { describe, expect, it } from 'vitest';
import { isHttpUrl, mapFences, mapInlineCode, markdownSegments, sanitizeLinks } from '../../../adapters/render/markdown.js';

describe('markdown links', () => {
  it('sanitizeLinks – keeps http(s) links', () => {
    const md = '[a](https://example.com/x?y=1&z=(2)) ![i](http://example.com/i.png "t")';
    expect(sanitizeLinks(md)).toBe(md);
  });

  it('sanitizeLinks – reduces javascript:, data:, vbscript: and relative links to their text', () => {
    expect(sanitizeLinks('[x](javascript:alert(1))')).toBe('x');
    expect(sanitizeLinks('[x](<javascript:alert(1)>)')).toBe('x');
    expect(sanitizeLinks('[x]( JaVaScRiPt:alert(1) "title")')).toBe('x');
    expect(sanitizeLinks('![img](data:image/png;base64,AAAA)')).toBe('img');
    expect(sanitizeLinks('[v](vbscript:msgbox) [r](/relative)')).toBe('v r');
  });

  it('sanitizeLinks – removes unsafe reference definitions and autolinks', () => {
    expect(sanitizeLinks('[x][1]\n\n[1]: javascript:alert(1)')).toBe('[x][1]\n\n');
    expect(sanitizeLinks('<javascript:alert(1)> <https://ok.example>')).toBe('javascript:alert(1) <https://ok.example>');
  });

  it('sanitizeLinks – leaves fenced code alone', () => {
    const md = '```md\n[x](javascript:alert(1))\n```';
    expect(sanitizeLinks(md)).toBe(md);
  });

  it('isHttpUrl – accepts only absolute http(s) URLs', () => {
    expect(isHttpUrl('https://example.com')).toBe(true);
    expect(isHttpUrl('HTTP://EXAMPLE.COM/x')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('//example.com')).toBe(false);
    expect(isHttpUrl('https://')).toBe(false);
  });
});

describe('markdown walking', () => {
  it('mapFences – maps prose and code separately, keeping fence lines', () => {
    const out = mapFences('a\n```js\nb\n```\nc', (p) => p.toUpperCase(), (c) => `[${c}]`);
    expect(out).toBe('A\n```js\n[b]\n```\nC');
  });

  it('mapInlineCode – maps code spans separately, unmatched backticks are prose', () => {
    expect(mapInlineCode('a `b` c ``d`e`` f `g', (t) => t.toUpperCase(), (c) => `<${c}>`)).toBe('A `<b>` C ``<d`e>`` F `G');
  });

  it('markdownSegments – splits prose and code with its language', () => {
    expect(markdownSegments('Intro\n```php\n<?php\n```\nOutro\n```\nopen')).toEqual([
      { kind: 'prose', text: 'Intro' },
      { kind: 'code', text: '<?php', language: 'php' },
      { kind: 'prose', text: 'Outro' },
      { kind: 'code', text: 'open' },
    ]);
  });
});
