// The facts (name/value pairs) of a message. Normalizers put key facts in `fields`; a few
// well-known names get a layout of their own (score as a percentage with a band, reset
// and retry times absolute and relative to occurred_at, usage against its limit, error
// code and message on failures, recommendations as a list).
import type { NormalizedEvent } from '../../src/events/event.js';
import {
  formatDuration,
  formatPercent,
  formatRelative,
  formatTimestamp,
  formatUsage,
  parseDurationText,
  parseTime,
} from './format.js';
import { sanitizeProseLinks } from './markdown.js';
import { cleanText, defuseFences, oneLine, truncateChars } from './text.js';

export interface Fact {
  name: string;
  value: string;
}

export interface FactsResult {
  facts: Fact[];
  error?: { code?: string; message: string };
  recommendations: string[];
}

const MAX_FACTS = 20;
const FACT_NAME_MAX_CHARS = 60;
const FACT_VALUE_MAX_CHARS = 300;
const MAX_RECOMMENDATIONS = 10;
const RECOMMENDATION_MAX_CHARS = 300;

const SCORE = /^(score|quality score|overall score)$/;
const ISSUES = /^(issues|issue count|issues found)$/;
const RECOMMENDATIONS = /^(recommendations?|suggestions)$/;
const ERROR_CODE = /^(error code|code|error type)$/;
const ERROR_MESSAGE = /^(error|error message|message|reason|failure reason)$/;
const DURATION = /^(duration|elapsed|latency|(generation|processing|execution|training|run) time)$/;
const RETRY_AFTER = /^(retry after|retry in)$/;
const LIMIT = /^(limit|quota|rate limit)$/;
const CURRENT = /^(current usage|current|used|usage)$/;
// Times that deserve "absolute (relative)": resets, windows, deadlines.
const TIME_NAME = /\b(reset|resets|starts?|ends?|until|expires?|deadline|scheduled|next retry|retry at)\b|\bat$/;

/** Lowercase, `_`/`-` as spaces: `Current_Usage` → `current usage`. */
function key(name: string): string {
  return name.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function clean(text: string): string {
  return defuseFences(sanitizeProseLinks(cleanText(text)));
}

function numberOf(value: string): number | undefined {
  const text = value.replace(/,/g, '').trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

export function factsOf(event: NormalizedEvent, itemCounts: string | undefined): FactsResult {
  const fields = (event.fields ?? [])
    .filter((f) => f && typeof f.name === 'string' && typeof f.value === 'string')
    .map((f) => ({ name: oneLine(clean(f.name)), value: clean(f.value).trim(), key: key(f.name) }))
    .filter((f) => f.name !== '' && f.value !== '');
  const used = new Set<number>();
  const takeField = (pattern: RegExp): Fact | undefined => {
    const index = fields.findIndex((f, i) => !used.has(i) && pattern.test(f.key));
    if (index < 0) return undefined;
    used.add(index);
    return fields[index]!;
  };
  const take = (pattern: RegExp): string | undefined => takeField(pattern)?.value;
  const occurredMs = parseTime(event.occurred_at);
  const facts: Fact[] = [];
  const result: FactsResult = { facts, recommendations: [] };

  const score = take(SCORE);
  if (score !== undefined) facts.push({ name: 'Score', value: scoreText(score) });
  const issues = take(ISSUES);
  if (itemCounts !== undefined) facts.push({ name: 'Issues', value: itemCounts });
  else if (issues !== undefined) facts.push({ name: 'Issues', value: issues });

  // Model, tokens and duration come from `model`, `usage` and `duration_ms` unless the
  // normalizer already made a field of them (which then keeps its name and position).
  const derived: [RegExp, string, string | undefined][] = [
    [/^model$/, 'Model', event.model === undefined ? undefined : oneLine(clean(event.model))],
    [/^(tokens|token usage|total tokens)$/, 'Tokens', formatUsage(event.usage)],
    [DURATION, 'Duration', typeof event.duration_ms === 'number' && event.duration_ms >= 0 ? formatDuration(event.duration_ms) : undefined],
  ];
  for (const [pattern, name, value] of derived) {
    if (value && !fields.some((f) => pattern.test(f.key))) facts.push({ name, value });
  }

  if (event.status === 'failed') {
    const code = take(ERROR_CODE);
    const message = take(ERROR_MESSAGE);
    if (message !== undefined || code !== undefined) {
      result.error = code === undefined ? { message: message! } : { code, message: message ?? '' };
    }
  }

  const recommendations = take(RECOMMENDATIONS);
  if (recommendations !== undefined) result.recommendations = listOf(recommendations);

  const limitIndex = fields.findIndex((f, i) => !used.has(i) && LIMIT.test(f.key));
  const limit = limitIndex < 0 ? undefined : numberOf(fields[limitIndex]!.value);
  fields.forEach((field, i) => {
    if (used.has(i)) return;
    let value = field.value;
    if (RETRY_AFTER.test(field.key)) value = retryText(value, occurredMs);
    else if (TIME_NAME.test(field.key)) value = timeText(value, occurredMs);
    else if (CURRENT.test(field.key) && limit !== undefined && limit > 0 && numberOf(value) !== undefined) {
      value = `${value} of ${fields[limitIndex]!.value} (${formatPercent((numberOf(value)! / limit) * 100)})`;
    }
    facts.push({ name: field.name, value });
  });

  result.facts = facts.slice(0, MAX_FACTS).map((f) => ({
    name: truncateChars(f.name, FACT_NAME_MAX_CHARS),
    value: truncateChars(f.value, FACT_VALUE_MAX_CHARS),
  }));
  return result;
}

export type ScoreBand = 'good' | 'fair' | 'poor';

/** 0.3, "0.3", "30", "30%", "30/100" → 30. */
export function scorePercent(value: string): number | undefined {
  const text = value.replace(/\s+/g, '');
  const ratio = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (ratio) return Number(ratio[2]) > 0 ? (Number(ratio[1]) / Number(ratio[2])) * 100 : undefined;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent) return Number(percent[1]);
  const n = numberOf(text);
  if (n === undefined || n < 0) return undefined;
  return n <= 1 ? n * 100 : n <= 100 ? n : undefined;
}

export function scoreBand(percent: number): ScoreBand {
  return percent >= 80 ? 'good' : percent >= 50 ? 'fair' : 'poor';
}

export const BAND_EMOJI: Record<ScoreBand, string> = { good: '🟢', fair: '🟡', poor: '🔴' };

function scoreText(value: string): string {
  const percent = scorePercent(value);
  if (percent === undefined) return value;
  return `${BAND_EMOJI[scoreBand(percent)]} ${formatPercent(percent)}`;
}

function timeText(value: string, occurredMs: number | undefined): string {
  const at = parseTime(value);
  if (at === undefined) return value;
  return occurredMs === undefined ? formatTimestamp(value) : `${formatTimestamp(value)} (${formatRelative(at, occurredMs)})`;
}

function retryText(value: string, occurredMs: number | undefined): string {
  const ms = parseDurationText(value);
  if (ms === undefined) return timeText(value, occurredMs);
  const after = formatDuration(ms);
  if (occurredMs === undefined) return after;
  return `${after} (at ${formatTimestamp(new Date(occurredMs + ms).toISOString())})`;
}

function listOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => oneLine(line.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, '')))
    .filter((line) => line !== '')
    .slice(0, MAX_RECOMMENDATIONS)
    .map((line) => truncateChars(line, RECOMMENDATION_MAX_CHARS));
}
