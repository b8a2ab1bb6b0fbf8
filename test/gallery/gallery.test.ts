// The message gallery (docs/gallery): generated from the providers' samples with the
// compiled renderers; its pages are self-contained.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/registry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GALLERY = join(ROOT, 'docs', 'gallery');

/** Every file under `dir`, relative to it; the screenshots are made by another command. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('screenshots'))
    .sort();
}

describe('docs/gallery', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), 'herald-gallery-test-'));
    // The generator renders with dist/, which `npm test` builds first.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gallery.mjs'), fresh], { stdio: 'pipe' });
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('is what the samples and renderers produce now', () => {
    const committed = files(GALLERY);
    const generated = files(fresh);
    const stale = [
      ...generated.filter((f) => !committed.includes(f)).map((f) => `not in docs/gallery: ${f}`),
      ...committed.filter((f) => !generated.includes(f)).map((f) => `no longer generated: ${f}`),
      ...generated.filter((f) => committed.includes(f) && readFileSync(join(fresh, f), 'utf8') !== readFileSync(join(GALLERY, f), 'utf8')).map((f) => `changed: ${f}`),
    ];
    const message = `docs/gallery is out of date (${stale.length} files): run \`npm run gallery\` and commit the result, and \`npm run gallery:screenshots\` for the pictures\n  ${stale.slice(0, 10).join('\n  ')}`;
    expect(stale, message).toEqual([]);
  });

  it('has a page per platform and pages that load nothing and run nothing', () => {
    const pages = files(fresh).filter((f) => f.endsWith('.html'));
    expect(pages).toEqual(['index.html', ...ADAPTERS.map((a) => `${a.platform}.html`)].sort());
    for (const page of pages) {
      const html = readFileSync(join(fresh, page), 'utf8');
      expect(html, page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
      expect(html, page).not.toMatch(/<script|<link|<iframe|<img[^>]+src="https?:|url\(/i);
    }
  });

  it('shows the hostile model output as text', () => {
    for (const page of ['slack.html', 'discord.html', 'teams.html', 'console.html']) {
      const html = readFileSync(join(fresh, page), 'utf8');
      expect(html, page).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});
