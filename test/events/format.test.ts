import { describe, expect, it } from 'vitest';
import {
  epochMs,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatTimestamp,
  formatTokens,
  toIso,
} from '../../src/events/format.js';

describe('event format', () => {
  it('formatNumber – groups integers, keeps at most four decimals', () => {
    expect(formatNumber(1_234_567)).toBe('1,234,567');
    expect(formatNumber(0.3)).toBe('0.3');
    expect(formatNumber(2.123456)).toBe('2.1235');
    expect(formatNumber(-5)).toBe('-5');
    expect(formatNumber(1e30)).toBe('1e+30');
  });

  it('formatDuration – reads like a person wrote it', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(25_500)).toBe('25.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(5_400_000)).toBe('1 h 30 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(2 * 86_400_000 + 3_600_000)).toBe('2 d 1 h');
  });

  it('formatRelative – in the future, in the past, now', () => {
    const base = Date.parse('2024-01-15T10:30:00Z');
    expect(formatRelative(base + 60_000, base)).toBe('in 1 min');
    expect(formatRelative(base - 5 * 60_000, base)).toBe('5 min ago');
    expect(formatRelative(base + 200, base)).toBe('now');
  });

  it('formatTimestamp – UTC, to the second, for any time Date can hold', () => {
    expect(formatTimestamp(Date.parse('2024-01-15T10:30:00.123Z'))).toBe('2024-01-15 10:30:00 UTC');
    expect(formatTimestamp(8.64e15)).toBe('+275760-09-13 00:00:00 UTC');
  });

  it('epochMs / toIso – unix seconds or milliseconds, digits, date text; nothing else', () => {
    expect(toIso(1_705_314_600)).toBe('2024-01-15T10:30:00.000Z');
    expect(toIso(1_705_314_600_000)).toBe('2024-01-15T10:30:00.000Z');
    expect(toIso('1705314600')).toBe('2024-01-15T10:30:00.000Z');
    expect(toIso('2024-01-15T10:30:00Z')).toBe('2024-01-15T10:30:00.000Z');
    expect(epochMs('soon')).toBeUndefined();
    expect(epochMs(null)).toBeUndefined();
    // Beyond what Date can hold (toISOString would throw): no time at all.
    expect(toIso(9e15)).toBeUndefined();
  });

  it('formatTokens – total with its parts when both are known', () => {
    expect(formatTokens(279, 45, 234)).toBe('279 (45 prompt + 234 completion)');
    expect(formatTokens(3000, 1000, 2000)).toBe('3,000 (1,000 prompt + 2,000 completion)');
    expect(formatTokens(12)).toBe('12');
    expect(formatTokens(12, 5)).toBe('12');
  });

  it('formatBytes and formatPercent – short units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(482_133)).toBe('470.8 KB');
    expect(formatBytes(3 * 1024 ** 2)).toBe('3.0 MB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5.0 TB');
    expect(formatPercent(99.54)).toBe('99.5%');
    expect(formatPercent(30)).toBe('30%');
  });
});
