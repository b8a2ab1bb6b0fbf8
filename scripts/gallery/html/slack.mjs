// A Slack message (incoming-webhook / chat.postMessage body) laid out as Slack shows it:
// Block Kit blocks, legacy attachments with their colour bar, mrkdwn rendered.
import { blocks, DIALECTS } from './blocks.mjs';
import { decodeEntities, escapeHtml, link } from './inline.mjs';
import { cssColor, list, obj, placeholder, str, unsupported } from './parts.mjs';
import { richText } from './slack-rich-text.mjs';

/** Legacy attachment colours by name (Slack's "good", "warning", "danger"). */
const NAMED = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };

/** A text object: mrkdwn rendered, plain_text as it is. */
function text(value) {
  const object = obj(value);
  if (object.type === 'mrkdwn') return blocks(str(object.text), DIALECTS.mrkdwn);
  return `<p>${escapeHtml(str(object.text))}</p>`;
}

function button(el) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
  const html = `<span class="button${style}">${escapeHtml(str(obj(el.text).text))}</span>`;
  return link(str(el.url), html);
}

function element(value) {
  const el = obj(value);
  if (el.type === 'button') return button(el);
  if (el.type === 'image') return placeholder('image', str(el.alt_text));
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return `<span class="element">${text(el)}</span>`;
  return unsupported(el.type);
}

const BLOCKS = {
  header: (b) => `<div class="header">${escapeHtml(str(obj(b.text).text))}</div>`,
  section: (b) => {
    const main = [b.text ? `<div class="text">${text(b.text)}</div>` : ''];
    const fields = list(b.fields);
    if (fields.length > 0) main.push(`<div class="fields">${fields.map((f) => `<div class="field">${text(f)}</div>`).join('')}</div>`);
    const accessory = b.accessory ? `<div class="accessory">${element(b.accessory)}</div>` : '';
    return `<div class="section"><div class="section-main">${main.join('')}</div>${accessory}</div>`;
  },
  context: (b) => `<div class="context">${list(b.elements).map(element).join('')}</div>`,
  actions: (b) => `<div class="actions">${list(b.elements).map(element).join('')}</div>`,
  divider: () => '<hr class="divider">',
  markdown: (b) => `<div class="markdown">${blocks(str(b.text), DIALECTS.markdown)}</div>`,
  image: (b) => placeholder('image', str(obj(b.title).text) || str(b.alt_text)),
  rich_text: richText,
};

function renderBlocks(value) {
  return list(value).map((b) => {
    const block = obj(b);
    return Object.hasOwn(BLOCKS, block.type) ? BLOCKS[block.type](block) : unsupported(block.type);
  }).join('');
}

function legacyFields(value) {
  const cells = list(value).map(obj).map((f) => {
    const wide = f.short ? '' : ' wide';
    return `<div class="field${wide}"><p><strong>${escapeHtml(str(f.title))}</strong></p>${blocks(str(f.value), DIALECTS.mrkdwn)}</div>`;
  });
  return cells.length > 0 ? `<div class="fields">${cells.join('')}</div>` : '';
}

/** A legacy attachment: its colour bar, and the blocks or old-style fields inside it. */
function attachment(value) {
  const a = obj(value);
  const color = cssColor(Object.hasOwn(NAMED, a.color) ? NAMED[a.color] : a.color, '#dddddd');
  const mrkdwn = (field) => blocks(str(field), DIALECTS.mrkdwn);
  const parts = [];
  if (str(a.author_name)) parts.push(`<div class="author">${escapeHtml(str(a.author_name))}</div>`);
  if (str(a.title)) parts.push(`<div class="title">${link(str(a.title_link), escapeHtml(str(a.title)))}</div>`);
  if (str(a.text)) parts.push(`<div class="text">${mrkdwn(a.text)}</div>`);
  parts.push(legacyFields(a.fields), renderBlocks(a.blocks));
  if (a.image_url) parts.push(placeholder('image', str(a.fallback)));
  if (str(a.footer)) parts.push(`<div class="context"><span class="element">${mrkdwn(a.footer)}</span></div>`);
  const pretext = str(a.pretext) ? `<div class="text">${mrkdwn(a.pretext)}</div>` : '';
  return `${pretext}<div class="attachment" style="border-left-color:${color}">${parts.join('')}</div>`;
}

/** The message as it appears in a channel; `text` only shows when there are no blocks. */
export function slackHtml(value, context) {
  const payload = obj(value);
  const hasBlocks = list(payload.blocks).length > 0;
  const fallback = str(payload.text);
  const body = [hasBlocks ? renderBlocks(payload.blocks) : fallback ? `<div class="text">${blocks(fallback, DIALECTS.mrkdwn)}</div>` : ''];
  body.push(...list(payload.attachments).map(attachment));
  const name = escapeHtml(str(payload.username) || context.app);
  const note = hasBlocks && fallback ? `<div class="note">Notification text: ${escapeHtml(decodeEntities(fallback))}</div>` : '';
  return `<div class="slack"><div class="message"><div class="avatar">${escapeHtml(context.app.slice(0, 1))}</div><div class="main">`
    + `<div class="meta"><span class="name">${name}</span><span class="badge">APP</span><span class="time">${escapeHtml(context.time)}</span></div>`
    + `${body.join('')}</div></div></div>${note}`;
}

export const slackCss = `
.slack { background: #fff; color: #1d1c1d; font: 15px/1.46668 Lato, "Helvetica Neue", Arial, sans-serif; border: 1px solid #e2e2e2; border-radius: 8px; padding: 8px 20px 8px 16px; }
.slack .message { display: flex; gap: 8px; }
.slack .avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 900; display: flex; align-items: center; justify-content: center; margin-top: 4px; }
.slack .main { flex: 1; min-width: 0; }
.slack .meta { display: flex; align-items: baseline; gap: 4px; }
.slack .name { font-weight: 900; }
.slack .badge { font-size: 10px; font-weight: 700; background: rgba(29,28,29,.13); color: rgba(29,28,29,.7); padding: 1px 3px; border-radius: 2px; }
.slack .time { font-size: 12px; color: #616061; }
.slack p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.slack .header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 4px 0; }
.slack .section { display: flex; gap: 12px; margin: 4px 0; }
.slack .section-main { flex: 1; min-width: 0; }
.slack .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
.slack .field.wide { grid-column: 1 / -1; }
.slack .text + .fields { margin-top: 8px; }
.slack .context { display: flex; flex-wrap: wrap; gap: 8px; font-size: 12px; line-height: 1.5; color: #616061; margin: 4px 0; }
.slack .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.slack .button { display: inline-block; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; padding: 0 12px; height: 28px; line-height: 28px; font-size: 13px; font-weight: 700; color: #1d1c1d; background: #fff; }
.slack .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.slack .button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.slack a { color: #1264a3; text-decoration: none; }
.slack a:hover { text-decoration: underline; }
.slack code { font: 12px Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; color: #e01e5a; background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 3px; padding: 2px 3px 1px; }
.slack pre.code { font: 12px/1.5 Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.slack blockquote { margin: 0; padding-left: 12px; border-left: 4px solid #dddddd; }
.slack .markdown ul, .slack .markdown ol, .slack .rich-text ul, .slack .rich-text ol { margin: 4px 0; padding-left: 24px; }
.slack .markdown .h1, .slack .markdown .h2, .slack .markdown .h3 { font-weight: 900; font-size: 17px; margin: 6px 0 2px; }
.slack .markdown p + p { margin-top: 8px; }
.slack .attachment { border-left: 4px solid #dddddd; border-radius: 4px 0 0 4px; padding: 2px 0 2px 12px; margin: 4px 0; }
.slack .attachment .title { font-weight: 700; }
.slack .attachment .author { font-size: 13px; font-weight: 700; }
`;
