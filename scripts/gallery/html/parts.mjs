// Small pieces the platform layouts share.
import { escapeHtml } from './inline.mjs';

/** Payloads are read defensively: a field of an unexpected shape is drawn as absent. */
export const list = (value) => (Array.isArray(value) ? value : []);
export const obj = (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});
/** A text field: strings and numbers as they are, anything else as absent. */
export const str = (value) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** A CSS colour from a payload's hex colour (`#2eb886`, `2EB886`, `#abc`) or a 0xRRGGBB integer; else `fallback`. */
export function cssColor(value, fallback) {
  if (Number.isInteger(value) && value >= 0 && value <= 0xffffff) return `#${value.toString(16).padStart(6, '0')}`;
  if (typeof value !== 'string') return fallback;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  return hex ? `#${hex[1].toLowerCase()}` : fallback;
}

/** Where the platform would show an image; the gallery loads nothing from the network. */
export function placeholder(kind, label) {
  return `<div class="placeholder">[${escapeHtml(kind)}${label ? `: ${escapeHtml(label)}` : ''}]</div>`;
}

/** An element this preview does not draw; the platform would. */
export function unsupported(type) {
  return `<div class="placeholder">[${escapeHtml(str(type) || 'unknown element')} — not drawn in this preview]</div>`;
}

export const partsCss = `
.placeholder { font: 12px/1.5 monospace; color: #777; background: repeating-linear-gradient(45deg, rgba(128,128,128,.08) 0 6px, transparent 6px 12px); border: 1px dashed rgba(128,128,128,.5); border-radius: 4px; padding: 6px 8px; margin: 4px 0; }
li.depth-1 { margin-left: 1.5em; } li.depth-2 { margin-left: 3em; } li.depth-3 { margin-left: 4.5em; }
.spoiler { background: #1e1f22; color: transparent; border-radius: 3px; }
.spoiler:hover { color: inherit; background: rgba(128,128,128,.3); }
`;
