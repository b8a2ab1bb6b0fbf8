// A Discord webhook message laid out as Discord shows it (dark theme): content line, then
// each embed with its colour bar, title, description, field grid, footer and timestamp.
import { blocks, DIALECTS } from './blocks.mjs';
import { escapeHtml, link } from './inline.mjs';
import { cssColor, list, obj, placeholder, str } from './parts.mjs';

/** Discord puts up to three inline fields on a row and gives a non-inline field a row of its own. */
function fieldRows(fields) {
  const rows = [];
  let row = [];
  for (const field of fields) {
    if (!field.inline || row.length === 3) {
      if (row.length > 0) rows.push(row);
      row = [];
    }
    row.push(field);
    if (!field.inline) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function fields(value) {
  const cells = fieldRows(list(value).map(obj)).flatMap((row) =>
    row.map((f, i) => {
      const span = 12 / row.length;
      return `<div class="field" style="grid-column:${1 + i * span} / ${1 + (i + 1) * span}">`
        + `<div class="field-name">${escapeHtml(str(f.name))}</div><div class="field-value">${blocks(str(f.value), DIALECTS.discord)}</div></div>`;
    }),
  );
  return cells.length > 0 ? `<div class="fields">${cells.join('')}</div>` : '';
}

/** The embed timestamp, shown next to the footer (in UTC here; Discord uses the reader's zone). */
function timestamp(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return escapeHtml(value);
  return escapeHtml(`${new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`);
}

function embed(value) {
  const e = obj(value);
  const author = obj(e.author);
  const parts = [];
  if (str(author.name)) parts.push(`<div class="author">${link(str(author.url), escapeHtml(str(author.name)))}</div>`);
  if (str(e.title)) parts.push(`<div class="title">${link(str(e.url), escapeHtml(str(e.title)))}</div>`);
  if (str(e.description)) parts.push(`<div class="description">${blocks(str(e.description), DIALECTS.discord)}</div>`);
  parts.push(fields(e.fields));
  if (obj(e.image).url) parts.push(placeholder('image'));
  const footer = [escapeHtml(str(obj(e.footer).text)), str(e.timestamp) ? timestamp(str(e.timestamp)) : ''].filter(Boolean);
  if (footer.length > 0) parts.push(`<div class="footer">${footer.join(' • ')}</div>`);
  const thumbnail = obj(e.thumbnail).url ? `<div class="thumbnail">${placeholder('thumbnail')}</div>` : '';
  return `<div class="embed" style="border-left-color:${cssColor(e.color, '#1e1f22')}"><div class="embed-main">${parts.join('')}</div>${thumbnail}</div>`;
}

export function discordHtml(value, context) {
  const payload = obj(value);
  const name = escapeHtml(str(payload.username) || context.app);
  const content = str(payload.content) ? `<div class="content">${blocks(str(payload.content), DIALECTS.discord)}</div>` : '';
  return `<div class="discord"><div class="message"><div class="avatar">${escapeHtml(context.app.slice(0, 1))}</div><div class="main">`
    + `<div class="meta"><span class="name">${name}</span><span class="badge">APP</span><span class="time">Today at ${escapeHtml(context.time)}</span></div>`
    + `${content}${list(payload.embeds).map(embed).join('')}</div></div></div>`;
}

export const discordCss = `
.discord { background: #313338; color: #dbdee1; font: 16px/1.375 "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; border-radius: 8px; padding: 12px 16px 14px 12px; }
.discord .message { display: flex; gap: 16px; }
.discord .avatar { flex: 0 0 40px; height: 40px; border-radius: 50%; background: #5865f2; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; }
.discord .main { flex: 1; min-width: 0; }
.discord .meta { display: flex; align-items: center; gap: 6px; }
.discord .name { color: #f2f3f5; font-weight: 500; }
.discord .badge { font-size: 10px; font-weight: 600; background: #5865f2; color: #fff; padding: 0 4px; border-radius: 3px; line-height: 15px; }
.discord .time { font-size: 12px; color: #949ba4; }
.discord p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.discord .embed { display: flex; gap: 16px; max-width: 516px; background: #2b2d31; border-left: 4px solid #1e1f22; border-radius: 4px; padding: 8px 16px 16px 12px; margin-top: 8px; }
.discord .embed-main { flex: 1; min-width: 0; }
.discord .author { font-size: 14px; font-weight: 600; color: #f2f3f5; margin-top: 8px; }
.discord .title { font-size: 16px; font-weight: 600; color: #f2f3f5; margin-top: 8px; overflow-wrap: anywhere; }
.discord .title a { color: #00a8fc; }
.discord .description { font-size: 14px; line-height: 1.125rem; margin-top: 8px; }
.discord .fields { display: grid; grid-template-columns: repeat(12, 1fr); gap: 8px; margin-top: 8px; }
.discord .field { min-width: 0; font-size: 14px; line-height: 1.125rem; }
.discord .field-name { font-weight: 600; color: #f2f3f5; margin-bottom: 2px; }
.discord .footer { font-size: 12px; color: #dbdee1; margin-top: 8px; }
.discord .thumbnail { flex: 0 0 80px; }
.discord a { color: #00a8fc; text-decoration: none; }
.discord code { font: 0.85em/1.125rem Consolas, "Andale Mono WT", "DejaVu Sans Mono", monospace; background: #1e1f22; border-radius: 3px; padding: 0 2px; }
.discord pre.code { font: 14px/1.125rem Consolas, "Andale Mono WT", "DejaVu Sans Mono", monospace; background: #1e1f22; border: 1px solid #1e1f22; color: #dbdee1; border-radius: 4px; padding: 7px; margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.discord blockquote { margin: 0; padding: 0 8px 0 12px; border-left: 4px solid #4e5058; }
.discord ul, .discord ol { margin: 4px 0; padding-left: 20px; }
.discord .h1 { font-size: 1.5em; font-weight: 700; margin: 8px 0 4px; } .discord .h2 { font-size: 1.25em; font-weight: 700; margin: 8px 0 4px; } .discord .h3 { font-size: 1em; font-weight: 700; margin: 8px 0 4px; }
.discord .subtext { font-size: 13px; color: #949ba4; }
.discord .timestamp { background: rgba(78,80,88,.48); border-radius: 3px; padding: 0 2px; }
`;
