// Numbers, durations and times as people read them. Pure: "now" is always the event's own
// occurred_at, never the clock.
import type { Usage } from '../../src/events/event.js';

/** One cached formatter: `toLocaleString` builds a new Intl formatter on every call. */
const GROUPED = new Intl.NumberFormat('en-US');

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? GROUPED.format(value) : String(Number(value.toFixed(4)));
}

/** `850 ms`, `25.5 s`, `2 min 5 s`, `1 h 2 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  if (abs < 60_000) return `${Number((abs / 1000).toFixed(2))} s`;
  const seconds = Math.round(abs / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'min'],
    [seconds % 60, 's'],
  ];
  // The largest unit and the next one when it is not zero: "1 h 2 min", "3 d".
  const first = units.findIndex(([n]) => n > 0);
  const parts = units.slice(first, first + 2).filter(([n]) => n > 0).map(([n, name]) => `${n} ${name}`);
  return parts.join(' ');
}

/** `in 1 min`, `5 min ago`, `now` — `at` relative to `base` (both epoch ms). */
export function formatRelative(atMs: number, baseMs: number): string {
  const diff = atMs - baseMs;
  if (Math.abs(diff) < 1000) return 'now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(diff)} ago`;
}

/** `2022-01-01 00:01:00 UTC`; the input verbatim when it is not a time. */
export function formatTimestamp(iso: string): string {
  const ms = parseTime(iso);
  if (ms === undefined) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Epoch ms of an ISO 8601 text or a unix time (seconds, or milliseconds if that large). */
export function parseTime(value: string): number | undefined {
  const text = value.trim();
  let ms: number;
  if (/^\d{9,10}(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (/^\d{12,14}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) ms = Date.parse(text);
  else return undefined;
  // Date#toISOString throws beyond ±8.64e15 ms.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Milliseconds of `60`, `60s`, `1 min 5 s`, `850 ms`; a bare number counts seconds. */
export function parseDurationText(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join(' ').replace(/\s+/g, '') !== text.replace(/\s+/g, '')) return undefined;
  let ms = 0;
  for (const [, n, unit] of parts) {
    const size = DURATION_UNITS_MS[unit!];
    if (size === undefined) return undefined;
    ms += Number(n) * size;
  }
  return ms;
}

/** `279 (45 prompt + 234 completion)`, or whatever parts are known. */
export function formatUsage(usage: Usage | undefined): string | undefined {
  if (!usage) return undefined;
  const { prompt_tokens: p, completion_tokens: c } = usage;
  const total = usage.total_tokens ?? (p !== undefined && c !== undefined ? p + c : undefined);
  const parts = [p !== undefined ? `${formatNumber(p)} prompt` : '', c !== undefined ? `${formatNumber(c)} completion` : '']
    .filter(Boolean)
    .join(' + ');
  if (total === undefined) return parts || undefined;
  return parts ? `${formatNumber(total)} (${parts})` : formatNumber(total);
}

/** A percentage with at most one decimal: `30%`, `99.5%`. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

/** `1 critical · 2 warnings` from a severity → count list. */
export function formatCounts(counts: [string, number][]): string {
  return counts.map(([name, n]) => `${formatNumber(n)} ${name}`).join(' · ');
}
