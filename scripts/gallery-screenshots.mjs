#!/usr/bin/env node
// Screenshots of the gallery pages with headless Chromium (Debian's package, installed by
// scripts/install-chromium.sh): each platform page's overview (one message of each source
// and of each kind, its `#overview` view), at its whole height.
//
//   node scripts/gallery-screenshots.mjs [--view <fragment>] [--out <dir>] [page.html ...]
//
// --view picks another view of the pages (`all`, or a source such as `src-wp-llm`);
// --out writes somewhere other than docs/gallery/screenshots/ (handy for a look at a view
// that is not committed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GALLERY = join(ROOT, 'docs', 'gallery');
const CHROMIUM = '/usr/bin/chromium';
const WIDTH = 1280;
/** Tall pages are cut here; the page itself has the rest. */
const MAX_HEIGHT = 12_000;
// No network, no first-run work, no updates: the pages are self-contained files.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

const { values, positionals } = parseArgs({ allowPositionals: true, options: { view: { type: 'string', default: 'overview' }, out: { type: 'string' } } });
const outdir = resolve(values.out ?? join(GALLERY, 'screenshots'));

function chromium(profile, args) {
  return execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The page's height at WIDTH, read from a copy that records it once loaded (the page
 * itself runs no script: its Content-Security-Policy forbids them).
 */
function measure(profile, scratch, file, fragment) {
  const html = readFileSync(file, 'utf8')
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace('</body>', '<script>addEventListener("load", () => { document.documentElement.dataset.height = Math.ceil(document.documentElement.scrollHeight); });</script></body>');
  const copy = join(scratch, basename(file));
  writeFileSync(copy, html);
  const dom = chromium(profile, ['--dump-dom', `--window-size=${WIDTH},800`, `${pathToFileURL(copy).href}#${fragment}`]);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
  if (!Number.isInteger(height) || height <= 0) throw new Error(`could not measure ${file}`);
  return Math.min(height, MAX_HEIGHT);
}

function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/install-chromium.sh (npm run gallery:screenshots does)`);
  const pages = positionals.length > 0 ? positionals.map((p) => resolve(GALLERY, p)) : readdirSync(GALLERY).filter((f) => f.endsWith('.html') && f !== 'index.html').map((f) => join(GALLERY, f));
  mkdirSync(outdir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'herald-gallery-'));
  try {
    for (const page of pages) {
      // A fresh profile per page: nothing carries over between runs or pages.
      const profile = mkdtempSync(join(scratch, 'profile-'));
      const height = measure(profile, scratch, page, values.view);
      const png = join(outdir, `${basename(page, '.html')}${values.view === 'overview' ? '' : `-${values.view}`}.png`);
      chromium(profile, [`--screenshot=${png}`, `--window-size=${WIDTH},${height}`, `${pathToFileURL(page).href}#${values.view}`]);
      console.log(`gallery: ${png} (${WIDTH}×${height})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`gallery:screenshots: ${err.message}`);
  process.exitCode = 1;
}
