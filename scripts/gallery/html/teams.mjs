// A Teams channel post: an Adaptive Card from a Workflows webhook, or a legacy connector's
// MessageCard, each laid out as Teams (light theme) shows it.
import { adaptiveCardHtml, adaptiveCss, actions } from './adaptive-card.mjs';
import { blocks, DIALECTS } from './blocks.mjs';
import { escapeHtml } from './inline.mjs';
import { cssColor, list, obj, placeholder, str, unsupported } from './parts.mjs';

const text = (value) => blocks(str(value), DIALECTS.messagecard);

function facts(value) {
  const rows = list(value).map(obj).map((f) => `<tr><td class="fact-title">${text(f.name)}</td><td>${text(f.value)}</td></tr>`);
  return rows.length > 0 ? `<table class="factset">${rows.join('')}</table>` : '';
}

function section(value) {
  const s = obj(value);
  const part = (field, className) => (str(s[field]) ? `<div class="${className}">${text(s[field])}</div>` : '');
  const parts = [];
  if (s.activityImage) parts.push(placeholder('activity image'));
  const activity = part('activityTitle', 'activity-title') + part('activitySubtitle', 'activity-subtitle') + part('activityText', 'activity-text');
  if (activity) parts.push(`<div class="activity">${activity}</div>`);
  parts.push(part('title', 'section-title'), part('text', 'section-text'), facts(s.facts));
  parts.push(...list(s.images).map((i) => placeholder('image', str(obj(i).title))));
  parts.push(potentialActions(s.potentialAction));
  return `<div class="mc-section${s.startGroup === true ? ' group' : ''}">${parts.join('')}</div>`;
}

/** OpenUri opens its default target; the other action types (forms, HTTP POST) only show. */
function potentialActions(value) {
  return actions(list(value).map(obj).map((a) => {
    const targets = list(a.targets).map(obj);
    const uri = str((targets.find((t) => t.os === 'default') ?? targets[0] ?? {}).uri);
    return a['@type'] === 'OpenUri' && uri ? { type: 'Action.OpenUrl', title: a.name, url: uri } : { type: a['@type'], title: a.name };
  }));
}

function messageCardHtml(card) {
  const stripe = cssColor(card.themeColor, '#5b5fc7');
  const parts = [
    str(card.title) ? `<div class="mc-title">${escapeHtml(str(card.title))}</div>` : '',
    str(card.text) ? `<div class="mc-text">${text(card.text)}</div>` : '',
    ...list(card.sections).map(section),
    potentialActions(card.potentialAction),
  ];
  return `<div class="card messagecard" style="border-left-color:${stripe}">${parts.join('')}</div>`;
}

/** The Workflows envelope's cards, or the MessageCard; anything else is named, not drawn. */
function cards(payload) {
  if (payload['@type'] === 'MessageCard') return { poster: '', html: messageCardHtml(payload) };
  const html = list(payload.attachments).map(obj).map((a) =>
    a.contentType === 'application/vnd.microsoft.card.adaptive' ? adaptiveCardHtml(a.content) : unsupported(a.contentType),
  );
  return { poster: ' via Workflows', html: html.join('') || unsupported(payload.type) };
}

export function teamsHtml(value, context) {
  const payload = obj(value);
  const { poster, html } = cards(payload);
  const summary = str(payload.summary) ? `<div class="note">Notification text: ${escapeHtml(str(payload.summary))}</div>` : '';
  return `<div class="teams"><div class="message"><div class="avatar">${escapeHtml(context.app.slice(0, 1))}</div><div class="main">`
    + `<div class="meta"><span class="name">${escapeHtml(context.app)}${poster}</span><span class="time">${escapeHtml(context.time)}</span></div>`
    + `${html}</div></div></div>${summary}`;
}

export const teamsCss = `
.teams { background: #f5f5f5; color: #242424; font: 14px/20px "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; border-radius: 8px; padding: 12px 16px; }
.teams .message { display: flex; gap: 12px; }
.teams .avatar { flex: 0 0 32px; height: 32px; border-radius: 50%; background: #5b5fc7; color: #fff; font-weight: 600; display: flex; align-items: center; justify-content: center; }
.teams .main { flex: 1; min-width: 0; }
.teams .meta { display: flex; align-items: baseline; gap: 8px; margin-bottom: 4px; }
.teams .name { font-weight: 600; font-size: 12px; }
.teams .time { font-size: 12px; color: #616161; }
.teams .card { background: #fff; border: 1px solid #e0e0e0; border-radius: 4px; box-shadow: 0 1px 2px rgba(0,0,0,.14); overflow-wrap: anywhere; }
.teams a { color: #5b5fc7; text-decoration: none; }
.teams code { font-family: Consolas, "Courier New", "DejaVu Sans Mono", monospace; }
.teams ul, .teams ol { margin: 4px 0; padding-left: 20px; }
.teams .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.teams .button { display: inline-block; min-width: 96px; text-align: center; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; font-weight: 600; color: #242424; background: #fff; }
.teams .messagecard { border-left: 4px solid #5b5fc7; padding: 16px 20px; }
.teams .messagecard p { margin: 0; white-space: pre-wrap; }
.teams .messagecard pre.code { font: 13px/18px Consolas, "Courier New", "DejaVu Sans Mono", monospace; background: #f5f5f5; border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; }
.teams .messagecard blockquote { margin: 4px 0; padding-left: 10px; border-left: 3px solid #d1d1d1; color: #424242; }
.teams .mc-title { font-size: 18px; line-height: 24px; font-weight: 600; margin-bottom: 8px; }
.teams .mc-section { margin-top: 12px; }
.teams .mc-section.group { border-top: 1px solid #e0e0e0; padding-top: 12px; }
.teams .activity-title { font-weight: 600; }
.teams .activity-subtitle { font-size: 12px; color: #616161; }
.teams .section-title { font-size: 15px; font-weight: 600; margin-bottom: 4px; }
.teams .messagecard .factset { margin-top: 8px; }
${adaptiveCss}`;
