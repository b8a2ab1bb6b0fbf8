#!/usr/bin/env node
// Renders every provider sample (src/sources/*/samples.ts) for every render target with the
// COMPILED code (dist/, from `npm run build`) and writes the gallery: the payload files,
// one HTML page per platform and an index.
//
//   node scripts/gallery.mjs [outdir]        (default: docs/gallery/)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGallery } from './gallery/write.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(process.cwd(), process.argv[2] ?? join(ROOT, 'docs', 'gallery'));

try {
  const { entries, targets, files } = await writeGallery(ROOT, outdir);
  console.log(`gallery: ${files.length} files for ${entries.length} events × ${targets.length} targets in ${outdir}`);
} catch (err) {
  console.error(`gallery: ${err.message}`);
  process.exitCode = 1;
}
