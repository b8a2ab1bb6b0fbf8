#!/usr/bin/env node
// Renders every hand-written fixture event (test/fixtures/events/*.json) on every platform
// with the COMPILED renderers (dist/, from `npm run build`) and writes one payload file per
// fixture × platform, for pasting into Slack's Block Kit Builder, the Adaptive Cards
// designer and friends.
//
//   node scripts/gallery.mjs [outdir]        (default: docs/gallery/)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REGISTRY = join(ROOT, 'dist', 'adapters', 'registry.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'events');
const outdir = resolve(process.cwd(), process.argv[2] ?? join(ROOT, 'docs', 'gallery'));

if (!existsSync(REGISTRY)) {
  console.error(`gallery: ${REGISTRY} not found — run \`npm run build\` first`);
  process.exit(1);
}
const { ADAPTERS } = await import(pathToFileURL(REGISTRY).href);

// Every render format every registered adapter declares; the channels only choose a format
// (renderers never read webhook URLs or tokens).
const FORMATS = ADAPTERS.flatMap((adapter) =>
  Object.entries(adapter.renderFormats).map(([name, format]) => {
    const channel = adapter.configSchema.parse(format.channel);
    return { name, format, render: (event) => adapter.render(event, channel) };
  }),
);

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: basename(f, '.json'), event: JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) }));

let written = 0;
for (const { name: folder, format, render } of FORMATS) {
  const dir = join(outdir, folder);
  mkdirSync(dir, { recursive: true });
  for (const { name, event } of fixtures) {
    const { payload } = render(event);
    if (typeof payload === 'string') {
      writeFileSync(join(dir, `${name}.txt`), payload);
    } else {
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(payload, null, 2)}\n`);
      if (format.previewPart) {
        writeFileSync(join(dir, `${name}.${format.previewPart.suffix}.json`), `${JSON.stringify(format.previewPart.pick(payload), null, 2)}\n`);
        written += 1;
      }
    }
    written += 1;
  }
}

writeFileSync(join(outdir, 'README.md'), readme(fixtures.map((f) => f.name)));
console.log(`gallery: ${written} files for ${fixtures.length} events in ${outdir}`);

function readme(names) {
  return `# Message gallery

Every fixture event in \`test/fixtures/events/\` rendered for every platform, exactly as Herald
would post it. Regenerate with \`npm run build && node scripts/gallery.mjs\` (optionally
\`node scripts/gallery.mjs <outdir>\`).

| folder | what it is | how to preview it |
|---|---|---|
${FORMATS.map(({ name, format }) => `| \`${name}/\` | ${format.what} | ${format.preview} |`).join('\n')}

Events: ${names.map((n) => `\`${n}\``).join(', ')}.

The files are generated: edit the fixtures or the renderers, not these files.
`;
}
