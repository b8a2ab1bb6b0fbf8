// An Adaptive Card laid out as Teams (light theme) shows it: TextBlocks with their size,
// weight and colour, FactSets, Containers, ColumnSets and the card's actions.
import { blocks, DIALECTS } from './blocks.mjs';
import { escapeHtml, link } from './inline.mjs';
import { list, obj, placeholder, str, unsupported } from './parts.mjs';

const pick = (value, allowed, fallback) => {
  const key = str(value).toLowerCase();
  return allowed.includes(key) ? key : fallback;
};
const SIZES = ['small', 'default', 'medium', 'large', 'extralarge'];
const COLORS = ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'];
const SPACINGS = ['none', 'small', 'default', 'medium', 'large', 'extralarge', 'padding'];
const STYLES = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];
const is = (value, expected) => str(value).toLowerCase() === expected;

/** The spacing and separator every element may carry, as classes. */
function layout(el) {
  return `spacing-${pick(el.spacing, SPACINGS, 'default')}${el.separator === true ? ' separator' : ''}`;
}

function textBlock(el) {
  const align = pick(el.horizontalAlignment, ['center', 'right'], '');
  const classes = [
    'textblock',
    `size-${pick(el.size, SIZES, 'default')}`,
    `color-${pick(el.color, COLORS, 'default')}`,
    is(el.weight, 'bolder') ? 'bolder' : '',
    el.isSubtle === true ? 'subtle' : '',
    is(el.fontType, 'monospace') ? 'monospace' : '',
    align ? `align-${align}` : '',
  ];
  return `<div class="${classes.filter(Boolean).join(' ')}">${blocks(str(el.text), DIALECTS.adaptive)}</div>`;
}

function textRun(value) {
  if (typeof value === 'string') return escapeHtml(value);
  const run = obj(value);
  let html = escapeHtml(str(run.text));
  if (run.italic === true) html = `<em>${html}</em>`;
  if (run.strikethrough === true) html = `<s>${html}</s>`;
  if (is(run.weight, 'bolder')) html = `<strong>${html}</strong>`;
  if (is(run.fontType, 'monospace')) html = `<code>${html}</code>`;
  return link(str(obj(run.selectAction).url), html);
}

function factSet(el) {
  const text = (value) => blocks(str(value), DIALECTS.adaptive);
  const rows = list(el.facts).map(obj).map((f) => `<tr><td class="fact-title">${text(f.title)}</td><td>${text(f.value)}</td></tr>`);
  return `<table class="factset">${rows.join('')}</table>`;
}

function columnSet(el) {
  const columns = list(el.columns).map(obj).map((c) => {
    const width = /^\d{1,4}$/.test(str(c.width)) ? `flex:${Number(c.width)} 1 0` : c.width === 'auto' ? 'flex:0 0 auto' : 'flex:1 1 0';
    return `<div class="column" style="${width}">${elements(c.items)}</div>`;
  });
  return `<div class="columnset">${columns.join('')}</div>`;
}

function action(value) {
  const a = obj(value);
  const title = `<span class="button">${escapeHtml(str(a.title))}</span>`;
  return a.type === 'Action.OpenUrl' ? link(str(a.url), title) : title;
}

/** A row of buttons: Action.OpenUrl opens its URL; the other actions only show. */
export function actions(value) {
  const all = list(value);
  return all.length > 0 ? `<div class="actions">${all.map(action).join('')}</div>` : '';
}

const ELEMENTS = {
  TextBlock: textBlock,
  RichTextBlock: (el) => `<div class="textblock"><p>${list(el.inlines).map(textRun).join('')}</p></div>`,
  FactSet: factSet,
  Container: (el) => `<div class="container style-${pick(el.style, STYLES, 'default')}">${elements(el.items)}</div>`,
  ColumnSet: columnSet,
  ActionSet: (el) => actions(el.actions),
  Image: (el) => placeholder('image', str(el.altText)),
};

function elements(value) {
  return list(value)
    .map(obj)
    .filter((el) => el.isVisible !== false)
    .map((el) => `<div class="element ${layout(el)}">${Object.hasOwn(ELEMENTS, el.type) ? ELEMENTS[el.type](el) : unsupported(el.type)}</div>`)
    .join('');
}

/** The card itself (`attachments[0].content` of a Workflows post). */
export function adaptiveCardHtml(value) {
  const card = obj(value);
  return `<div class="card adaptive">${elements(card.body)}${actions(card.actions)}</div>`;
}

export const adaptiveCss = `
.teams .adaptive { padding: 16px; }
.teams .element.spacing-none { margin-top: 0; } .teams .element.spacing-small { margin-top: 4px; } .teams .element.spacing-default { margin-top: 8px; }
.teams .element.spacing-medium { margin-top: 16px; } .teams .element.spacing-large { margin-top: 20px; } .teams .element.spacing-extralarge, .teams .element.spacing-padding { margin-top: 24px; }
.teams .element:first-child { margin-top: 0; }
.teams .element.separator { border-top: 1px solid #e0e0e0; padding-top: 8px; }
.teams .textblock p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.teams .textblock p + p { margin-top: 0; }
.teams .size-small { font-size: 12px; line-height: 16px; } .teams .size-default { font-size: 14px; line-height: 20px; }
.teams .size-medium { font-size: 18px; line-height: 24px; } .teams .size-large { font-size: 21px; line-height: 28px; } .teams .size-extralarge { font-size: 26px; line-height: 32px; }
.teams .bolder { font-weight: 600; }
.teams .color-default, .teams .color-dark { color: #242424; } .teams .color-light { color: #ffffff; } .teams .color-accent { color: #5b5fc7; }
.teams .color-good { color: #0e7a0b; } .teams .color-warning { color: #835c00; } .teams .color-attention { color: #c4314b; }
.teams .subtle { opacity: .75; }
.teams .monospace { font-family: Consolas, "Courier New", "DejaVu Sans Mono", monospace; }
.teams .align-center { text-align: center; } .teams .align-right { text-align: right; }
.teams .factset { border-collapse: collapse; font-size: 14px; line-height: 20px; }
.teams .factset td { padding: 0 16px 4px 0; vertical-align: top; }
.teams .factset td p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.teams .fact-title { font-weight: 600; white-space: nowrap; }
.teams .container.style-emphasis { background: #f5f5f5; padding: 8px 12px; border-radius: 4px; } .teams .container.style-good { background: #e7f2da; padding: 8px 12px; }
.teams .container.style-attention { background: #fcf4f6; padding: 8px 12px; } .teams .container.style-warning { background: #fbf6d9; padding: 8px 12px; } .teams .container.style-accent { background: #e8ebfa; padding: 8px 12px; }
.teams .columnset { display: flex; gap: 8px; }
.teams .column { min-width: 0; }
`;
