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
const DIST = join(ROOT, 'dist', 'adapters');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'events');
const outdir = resolve(process.cwd(), process.argv[2] ?? join(ROOT, 'docs', 'gallery'));

async function load(platform) {
  const file = join(DIST, platform, 'render.js');
  if (!existsSync(file)) {
    console.error(`gallery: ${file} not found — run \`npm run build\` first`);
    process.exit(1);
  }
  return import(pathToFileURL(file).href);
}

const { renderSlack } = await load('slack');
const { renderDiscord } = await load('discord');
const { renderTeams } = await load('teams');
const { renderConsole } = await load('console');

// Renderers never look at webhook URLs or tokens; the channels only choose a format.
const PLATFORMS = {
  slack: (event) => renderSlack(event, { platform: 'slack', slack_format: 'blocks' }),
  'slack-markdown': (event) => renderSlack(event, { platform: 'slack', slack_format: 'markdown' }),
  discord: (event) => renderDiscord(event, { platform: 'discord' }),
  'teams-adaptive': (event) => renderTeams(event, { platform: 'teams', format: 'adaptive-card' }),
  'teams-messagecard': (event) => renderTeams(event, { platform: 'teams', format: 'messagecard' }),
  console: (event) => renderConsole(event, { platform: 'console' }),
};

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: basename(f, '.json'), event: JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) }));

let written = 0;
for (const [platform, render] of Object.entries(PLATFORMS)) {
  const dir = join(outdir, platform);
  mkdirSync(dir, { recursive: true });
  for (const { name, event } of fixtures) {
    const { payload } = render(event);
    if (typeof payload === 'string') {
      writeFileSync(join(dir, `${name}.txt`), payload);
    } else {
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(payload, null, 2)}\n`);
      // The designer takes the card itself, not the Workflows envelope around it.
      if (platform === 'teams-adaptive') {
        writeFileSync(join(dir, `${name}.card.json`), `${JSON.stringify(payload.attachments[0].content, null, 2)}\n`);
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
| \`slack/\` | Block Kit incoming-webhook body (\`text\` + \`blocks\`) | [Block Kit Builder](https://app.slack.com/block-kit-builder): choose *Message* as the surface, delete the sample, paste the whole file (the builder keeps \`blocks\` and ignores \`text\`). |
| \`slack-markdown/\` | \`slack_format: markdown\`: header, one \`markdown\` block, context | Block Kit Builder as above. |
| \`discord/\` | webhook body (\`embeds\`, \`allowed_mentions\`) | paste into a webhook preview such as [Discohook](https://discohook.app) (JSON editor), or post with \`curl -H 'Content-Type: application/json' -d @file "$DISCORD_WEBHOOK_URL"\`. |
| \`teams-adaptive/\` | \`*.json\`: the whole Workflows envelope that is posted; \`*.card.json\`: just the Adaptive Card | [Adaptive Cards designer](https://adaptivecards.microsoft.com/designer): set the host app to *Microsoft Teams*, then paste a \`*.card.json\` into the *Card Payload Editor*. |
| \`teams-messagecard/\` | legacy Office 365 connector MessageCard | the [MessageCard playground](https://messagecardplayground.azurewebsites.net) (while it lasts), or post to a connector / Workflows flow that accepts MessageCards. |
| \`console/\` | the plain text printed by a \`console\` channel | read it. |

Events: ${names.map((n) => `\`${n}\``).join(', ')}.

The files are generated: edit the fixtures or the renderers, not these files.
`;
}
