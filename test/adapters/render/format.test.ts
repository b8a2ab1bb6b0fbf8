import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatNumber,
  formatRelative,
  formatTimestamp,
  formatUsage,
  parseDurationText,
  parseTime,
} from '../../../adapters/render/format.js';

describe('format', () => {
  it('formatDuration – reads like a person wrote it', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(25_500)).toBe('25.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_725_000)).toBe('1 h 2 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(2 * 86_400_000 + 3_600_000)).toBe('2 d 1 h');
  });

  it('formatRelative – in the future, in the past, now', () => {
    const base = Date.parse('2024-01-15T10:30:00Z');
    expect(formatRelative(base + 60_000, base)).toBe('in 1 min');
    expect(formatRelative(base - 5 * 60_000, base)).toBe('5 min ago');
    expect(formatRelative(base + 200, base)).toBe('now');
  });

  it('formatTimestamp – UTC, to the second; other text unchanged', () => {
    expect(formatTimestamp('2024-01-15T10:30:00.000Z')).toBe('2024-01-15 10:30:00 UTC');
    expect(formatTimestamp('1705314660')).toBe('2024-01-15 10:31:00 UTC');
    expect(formatTimestamp('soon')).toBe('soon');
  });

  it('parseTime – ISO text and unix seconds or milliseconds, nothing else', () => {
    expect(parseTime('2024-01-15T10:30:00Z')).toBe(Date.parse('2024-01-15T10:30:00Z'));
    expect(parseTime('1705314600')).toBe(1_705_314_600_000);
    expect(parseTime('1705314600000')).toBe(1_705_314_600_000);
    expect(parseTime('25.5')).toBeUndefined();
    expect(parseTime('8')).toBeUndefined();
  });

  it('parseDurationText – bare seconds and unit text', () => {
    expect(parseDurationText('60')).toBe(60_000);
    expect(parseDurationText('1 min')).toBe(60_000);
    expect(parseDurationText('1 min 5 s')).toBe(65_000);
    expect(parseDurationText('850ms')).toBe(850);
    expect(parseDurationText('soon')).toBeUndefined();
  });

  it('formatUsage – total with its parts', () => {
    expect(formatUsage({ prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 })).toBe('279 (45 prompt + 234 completion)');
    expect(formatUsage({ prompt_tokens: 1000, completion_tokens: 2000 })).toBe('3,000 (1,000 prompt + 2,000 completion)');
    expect(formatUsage({ total_tokens: 12 })).toBe('12');
    expect(formatUsage({})).toBeUndefined();
    expect(formatNumber(1234567)).toBe('1,234,567');
  });
});
