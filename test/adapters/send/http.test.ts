import { describe, expect, it } from 'vitest';
import { DeliveryError, asDeliveryError, classifyStatus, parseRetryAfter, redactText, scopeKey } from '../../../adapters/http.js';

describe('http classifyStatus – one table', () => {
  it.each([
    [200, undefined], [202, undefined], [204, undefined],
    [301, 'REJECTED'], [400, 'REJECTED'], [401, 'AUTH'], [403, 'AUTH'], [404, 'GONE'], [408, 'SERVER'],
    [409, 'REJECTED'], [410, 'GONE'], [413, 'TOO_LARGE'], [422, 'REJECTED'], [429, 'RATE_LIMITED'],
    [500, 'SERVER'], [502, 'SERVER'], [503, 'SERVER'], [504, 'SERVER'],
  ])('%i → %s', (status, code) => {
    expect(classifyStatus(status)).toBe(code);
  });
});

describe('http parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['7', 7000],
    ['1.234', 1234],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['', undefined],
    ['soon', undefined],
    ['-5', undefined],
  ])('%j → %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it('absent → undefined', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('http DeliveryError', () => {
  it('retryable follows the code', () => {
    for (const code of ['RATE_LIMITED', 'SERVER', 'NETWORK', 'TIMEOUT'] as const) expect(new DeliveryError(code, 'x').retryable).toBe(true);
    for (const code of ['AUTH', 'GONE', 'TOO_LARGE', 'REJECTED', 'BUG'] as const) expect(new DeliveryError(code, 'x').retryable).toBe(false);
  });
  it('JSON carries code, message and wait, never the cause', () => {
    const err = new DeliveryError('RATE_LIMITED', 'slow down', { retryAfterMs: 5, scope: 's', status: 429, cause: { secret: 'x' } });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'DeliveryError', code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfterMs: 5, scope: 's', status: 429,
    });
  });
  it('anything else is a bug', () => {
    expect(asDeliveryError(new TypeError('boom'))).toMatchObject({ code: 'BUG', retryable: false });
  });
});

describe('http redactText', () => {
  it('cuts a URL secret, its path, query and secret-looking pieces', () => {
    const url = 'https://hooks.example.com/services/T0001/B0001/abcdefghijklmnop1234?sig=SIGNATUREVALUE12345';
    const text = `posted to ${url}; path /services/T0001/B0001/abcdefghijklmnop1234; token abcdefghijklmnop1234; sig SIGNATUREVALUE12345`;
    const out = redactText(text, [url]);
    expect(out).not.toContain('abcdefghijklmnop1234');
    expect(out).not.toContain('SIGNATUREVALUE12345');
    expect(out).toContain('<redacted>');
  });
  it('scopeKey – 16 hex digits, stable', () => {
    expect(scopeKey('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(scopeKey('a')).toBe(scopeKey('a'));
  });
});
