// Comments cite documents that ship with the code: every `docs/platform-limits.md#section`
// cited exists, and no comment points at a document outside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const LIMITS = 'docs/platform-limits.md';

function codeFiles(dir: string): string[] {
  if (dir === 'test/fixtures' || dir === 'test/golden') return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return codeFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The code, without this file (whose names and patterns would match themselves). */
const files = ['src', 'adapters', 'test', 'bench', 'scripts'].flatMap(codeFiles).filter((file) => file !== 'test/docs.test.ts');

describe('documents cited by the code', () => {
  it(`docs – every ${LIMITS}#section cited in the code is a heading of it`, () => {
    const headings = new Set([...readFileSync(join(ROOT, LIMITS), 'utf8').matchAll(/^#+\s+(.+)$/gm)].map((m) => anchorOf(m[1]!)));
    const cited = files.flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/docs\/platform-limits\.md#([\w-]+)/g)].map((m) => ({ file, anchor: m[1]! })));
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !headings.has(c.anchor))).toEqual([]);
  });

  it('docs – every docs/ or top-level Markdown file the code names exists', () => {
    const named = files.flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\b((?:docs\/[\w./-]+|[A-Z]+)\.md)\b/g)].map((m) => ({ file, doc: m[1]! })));
    expect(named.filter(({ doc }) => !existsSync(join(ROOT, doc)))).toEqual([]);
  });

  it('docs – no comment cites the product specification by section, which users of the repository do not have', () => {
    const section = new RegExp(['SP', 'EC §'].join(''));
    expect(files.filter((file) => section.test(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('docs – anchors are computed as GitHub computes them', () => {
    expect(anchorOf('Slack Web API client')).toBe('slack-web-api-client');
    expect(anchorOf('discord.js')).toBe('discordjs');
  });
});
