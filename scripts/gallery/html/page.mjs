// The gallery's HTML pages: one per platform, each message laid out as the platform shows
// it, and an index. Self-contained (inline CSS, no scripts, nothing fetched).
import { discordCss, discordHtml } from './discord.mjs';
import { escapeHtml } from './inline.mjs';
import { partsCss } from './parts.mjs';
import { slackCss, slackHtml } from './slack.mjs';
import { teamsCss, teamsHtml } from './teams.mjs';

const consoleHtml = (payload) => `<pre class="console">${escapeHtml(typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2))}</pre>`;
const consoleCss = `
.console { background: #1e1e1e; color: #d4d4d4; font: 13px/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; border-radius: 6px; padding: 12px 14px; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/** A platform without a layout here still shows its payload. */
const jsonHtml = (payload) => `<pre class="console">${escapeHtml(JSON.stringify(payload, null, 2))}</pre>`;

/** How each platform lays a payload out, keyed by the adapter's platform name. */
export const LAYOUTS = {
  slack: { html: slackHtml, css: slackCss, label: 'Slack' },
  discord: { html: discordHtml, css: discordCss, label: 'Discord' },
  teams: { html: teamsHtml, css: teamsCss, label: 'Microsoft Teams' },
  console: { html: consoleHtml, css: consoleCss, label: 'Console', shownBy: 'a terminal' },
};

export function layoutOf(platform) {
  return Object.hasOwn(LAYOUTS, platform) ? LAYOUTS[platform] : { html: jsonHtml, css: consoleCss, label: platform };
}

const BASE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #eceff1; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
header.page { background: #1f2328; color: #f0f0f0; padding: 16px 24px; }
header.page h1 { margin: 0 0 4px; font-size: 22px; }
header.page p { margin: 4px 0; max-width: 980px; color: #c9d1d9; }
header.page a { color: #9ecbff; }
nav.pages > *, nav.toc a { margin-right: 14px; }
nav.toc { background: #fff; border-bottom: 1px solid #d0d7de; padding: 8px 24px; position: sticky; top: 0; z-index: 1; }
nav.toc a { color: #0969da; }
main { padding: 8px 24px 24px; }
section.source { scroll-margin-top: 44px; }
section.source > h2 { font-size: 18px; margin: 20px 0 10px; }
section.source > h2 small { font-weight: normal; color: #57606a; font-size: 13px; }
.events { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, calc(var(--targets) * 500px)), 1fr)); gap: 20px; align-items: start; }
article.event { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px; min-width: 0; }
article.event > h3 { margin: 0 0 10px; font-size: 14px; font-weight: 600; }
article.event > h3 .type { font-family: "DejaVu Sans Mono", Menlo, monospace; font-weight: normal; color: #57606a; }
.targets { display: flex; gap: 16px; align-items: flex-start; }
.target { flex: 1 1 0; min-width: 0; }
.target-label { font-size: 12px; color: #57606a; margin-bottom: 6px; }
.target-label a { color: #0969da; margin-left: 8px; }
.note { font-size: 12px; color: #57606a; margin-top: 6px; overflow-wrap: anywhere; }
body:has(section.source:target) section.source:not(:target) { display: none; }
/* The overview: its messages flow in one grid, whatever their source. */
body:has(#overview:target) article.event:not(.overview), body:has(#overview:target) section.source > h2 { display: none; }
body:has(#overview:target) main { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, calc(var(--targets) * 500px)), 1fr)); gap: 20px; align-items: start; padding-top: 20px; }
body:has(#overview:target) section.source, body:has(#overview:target) .events { display: contents; }
`;

/** `slack_format: markdown`, from a render target's channel config (what makes it differ). */
function formatOf(channel) {
  const keys = Object.entries(channel).filter(([key]) => key !== 'platform' && key !== 'webhook_url');
  return keys.map(([key, value]) => `${key}: ${value}`).join(', ');
}

function targetHtml(target, entry, layout, context) {
  const payload = entry.payloads[target.name];
  const links = entry.files[target.name].map((f) => `<a href="${escapeHtml(f.path)}">${escapeHtml(f.label)}</a>`).join('');
  const format = formatOf(target.channel);
  return `<div class="target"><div class="target-label">${escapeHtml(target.name)}${format ? ` · ${escapeHtml(format)}` : ''}${links}</div>`
    + `${layout.html(payload, context)}</div>`;
}

function eventHtml(entry, targets, layout, context) {
  return `<article class="event${entry.overview ? ' overview' : ''}" id="${escapeHtml(entry.id)}">`
    + `<h3>${escapeHtml(entry.title)} <span class="type">${escapeHtml(entry.source)} · ${escapeHtml(entry.sample)}</span></h3>`
    + `<div class="targets">${targets.map((t) => targetHtml(t, entry, layout, context)).join('')}</div></article>`;
}

function shell(title, css, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function pageNav(pages, current) {
  const links = [`<a href="index.html">Index</a>`, ...pages.map((p) => (p.file === current ? `<strong>${escapeHtml(p.label)}</strong>` : `<a href="${escapeHtml(p.file)}">${escapeHtml(p.label)}</a>`))];
  return `<nav class="pages">${links.join(' ')}</nav>`;
}

/** One platform's page: every entry, each with every target of the platform side by side. */
export function platformPage({ page, pages, entries, context }) {
  const layout = layoutOf(page.platform);
  const sources = [...new Set(entries.map((e) => e.source))];
  const toc = [`<a href="#all">all</a>`, `<a href="#overview">overview (one of each source and kind)</a>`, ...sources.map((s) => `<a href="#src-${escapeHtml(s)}">${escapeHtml(s)}</a>`)];
  const sections = sources.map((source) => {
    const own = entries.filter((e) => e.source === source);
    return `<section class="source" id="src-${escapeHtml(source)}"><h2>${escapeHtml(source)} <small>${own.length} message${own.length === 1 ? '' : 's'}</small></h2>`
      + `<div class="events">${own.map((e) => eventHtml(e, page.targets, layout, context)).join('\n')}</div></section>`;
  });
  const header = `<header class="page" id="all"><h1>Herald messages on ${escapeHtml(layout.label)}</h1>${pageNav(pages, page.file)}`
    + `<p>Every provider's sample webhook, normalized and rendered by Herald exactly as it would be posted (the files linked above each message), and laid out here the way ${escapeHtml(layout.shownBy ?? layout.label)} shows it. `
    + `The layout is a close approximation (fonts, spacing and colours differ a little); times are in UTC. Regenerate with <code>npm run gallery</code>.</p></header>`;
  const body = `<span id="overview"></span>${header}<nav class="toc">Show: ${toc.join(' ')}</nav><main style="--targets:${page.targets.length}">${sections.join('\n')}</main>`;
  return shell(`Herald gallery: ${layout.label}`, BASE_CSS + partsCss + layout.css, body);
}

const INDEX_CSS = `
main.index { max-width: 1100px; }
.shots { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
.shots figure { margin: 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; }
.shots img { width: 100%; height: 260px; object-fit: cover; object-position: top; border: 1px solid #eee; }
table.counts { border-collapse: collapse; background: #fff; }
table.counts td, table.counts th { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; }
`;

export function indexPage({ pages, entries, targets }) {
  const sources = [...new Set(entries.map((e) => e.source))];
  const shots = pages.map((p) => `<figure><a href="${escapeHtml(p.file)}"><img src="screenshots/${escapeHtml(p.name)}.png" alt="${escapeHtml(p.label)} page"></a>`
    + `<figcaption><a href="${escapeHtml(p.file)}">${escapeHtml(p.label)}</a>: ${p.targets.map((t) => escapeHtml(t.name)).join(', ')}</figcaption></figure>`);
  const rows = sources.map((s) => `<tr><td>${escapeHtml(s)}</td><td>${entries.filter((e) => e.source === s).map((e) => escapeHtml(e.sample)).join(', ')}</td></tr>`);
  const body = `<header class="page"><h1>Herald message gallery</h1>${pageNav(pages, 'index.html')}`
    + `<p>What Herald posts for each provider's sample webhooks, on every platform, without a workspace: ${entries.length} events × ${targets.length} render targets. `
    + `Each page lays the messages out the way the platform does; the JSON files next to them are exactly the bodies Herald would post. Regenerate with <code>npm run gallery</code>; the screenshots with <code>npm run gallery:screenshots</code>.</p></header>`
    + `<main class="index"><h2>Pages</h2><div class="shots">${shots.join('')}</div>`
    + `<h2>Events</h2><table class="counts"><tr><th>source type</th><th>sample events</th></tr>${rows.join('')}</table></main>`;
  return shell('Herald message gallery', BASE_CSS + INDEX_CSS, body);
}
