import { describe, expect, test } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { checkTimestamp, hmacHex, requireHeader, safeEqual, verifyHexHmac } from '../../src/sources/crypto.js';
import { expectSourceError, NOW, NOW_S } from './helpers.js';

describe('source crypto', () => {
  test('safeEqual – compares strings of different lengths without throwing', () => {
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
    expect(safeEqual('abc', 'abc')).toBe(true);
  });

  test('verifyHexHmac – accepts the signature of any secret and rejects the rest', () => {
    const secrets = [new Secret('one'), new Secret('two')];
    verifyHexHmac(hmacHex('sha256', 'two', '1.', 'body'), secrets, 'sha256', '1.', 'body');
    expectSourceError(() => verifyHexHmac(hmacHex('sha256', 'three', 'body'), secrets, 'sha256', 'body'), 'invalid_signature');
    expectSourceError(() => verifyHexHmac('', secrets, 'sha256', 'body'), 'invalid_signature');
  });

  test('requireHeader – treats absent and blank headers as a missing signature', () => {
    expect(requireHeader({ a: ' x ' }, 'a')).toBe('x');
    expectSourceError(() => requireHeader({}, 'a'), 'missing_signature');
    expectSourceError(() => requireHeader({ a: '  ' }, 'a'), 'missing_signature');
  });

  test.each([
    [String(NOW_S - 300), true],
    [String(NOW_S + 300), true],
    [String(NOW_S - 301), false],
    [String(NOW_S + 301), false],
    ['-5', false],
    ['1e9', false],
    ['99999999999999999999', false],
  ])('checkTimestamp – %s within 5m of now: %s', (header, ok) => {
    if (ok) expect(checkTimestamp(header, NOW, 300_000)).toBe(Number(header));
    else expectSourceError(() => checkTimestamp(header, NOW, 300_000), 'timestamp_out_of_tolerance');
  });
});
