// Numbers, durations and times as people read them: one implementation for the normalizers
// (summaries) and the renderers (facts). Pure: "now" is always a time passed in, never the
// clock.

/** One cached formatter: `toLocaleString` builds a new Intl formatter on every call. */
const GROUPED = new Intl.NumberFormat('en-US');

/** `1,234,567`, `0.3`, `2.1235` (at most four decimals), `1e+30` when that large. */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1e21) return String(value);
  return Number.isInteger(value) ? GROUPED.format(value) : String(Number(value.toFixed(4)));
}

/** A percentage with at most one decimal: `30%`, `99.5%`. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

/** `850 ms`, `25.5 s`, `2 min 5 s`, `1 h 2 min`, `3 d 4 h` (the sign is dropped). */
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
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${n} ${name}`)
    .join(' ');
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];

/** `512 B`, `1.5 KB`, `2.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && bytes >= 1024 ** (unit + 2)) unit += 1;
  const scaled = bytes / 1024 ** (unit + 1);
  return `${scaled < 1e21 ? scaled.toFixed(1) : formatNumber(scaled)} ${BYTE_UNITS[unit]}`;
}

/** `279 (45 prompt + 234 completion)`, or the total alone when a part is unknown. */
export function formatTokens(total: number, prompt?: number, completion?: number): string {
  if (prompt === undefined || completion === undefined) return formatNumber(total);
  return `${formatNumber(total)} (${formatNumber(prompt)} prompt + ${formatNumber(completion)} completion)`;
}

/** Date#toISOString throws RangeError beyond ±8.64e15 ms: such a value is no time at all. */
export function isTimeMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/**
 * Epoch milliseconds of a unix time (seconds, or milliseconds when that large; as a number
 * or digits) or of a date text; undefined for anything else.
 */
export function epochMs(value: unknown): number | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value > 1e12 ? value : value * 1000;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return epochMs(Number(value));
  else if (typeof value === 'string') ms = Date.parse(value);
  else return undefined;
  return isTimeMs(ms) ? ms : undefined;
}

/** A time (see epochMs) as ISO 8601, or undefined. */
export function toIso(value: unknown): string | undefined {
  const ms = epochMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** `2022-01-01 00:01:00 UTC` (years beyond 9999 as ISO 8601 writes them: `+275760-…`). */
export function formatTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().replace(/\.\d{3}Z$/, '').replace('T', ' ')} UTC`;
}

/** `in 1 min`, `5 min ago`, `now`: `atMs` relative to `baseMs`. */
export function formatRelative(atMs: number, baseMs: number): string {
  const diff = atMs - baseMs;
  if (Math.abs(diff) < 1000) return 'now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(diff)} ago`;
}
