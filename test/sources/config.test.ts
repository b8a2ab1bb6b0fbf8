import { describe, expect, test } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { usableSecrets } from '../../src/sources/hmac-config.js';
import { SOURCE_TYPES, sourceTypeFor } from '../../src/sources/registry.js';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** Every HMAC source type (its example config has a `secret`), with that valid secret. */
const HMAC_TYPES: [type: string, secret: string][] = SOURCE_TYPES.flatMap((s) =>
  typeof s.exampleConfig.secret === 'string' ? [[s.type, s.exampleConfig.secret] as [string, string]] : [],
);

function issues(type: string, config: Record<string, unknown>) {
  const result = sourceTypeFor(type).configSchema.safeParse({ type, ...config });
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('source config', () => {
  test('source config – every provider that requires a secret is tested below with its example secret', () => {
    const needSecret = SOURCE_TYPES.filter((s) => issues(s.type, {}).some((i) => i.path === 'secret')).map((s) => s.type);
    expect(needSecret.length).toBeGreaterThan(0);
    expect(HMAC_TYPES.map(([type]) => type)).toEqual(needSecret);
  });

  describe.each(HMAC_TYPES)('%s config', (type, secret) => {
    test(`${type} config – without a secret is an error at secret: required`, () => {
      expect(issues(type, {})).toEqual([{ path: 'secret', message: 'required' }]);
    });

    test(`${type} config – an empty secret is an error at secret`, () => {
      expect(issues(type, { secret: '' })).toEqual([{ path: 'secret', message: expect.stringMatching(/^required/) }]);
    });

    test(`${type} config – a secrets list with only empty strings is an error at secrets`, () => {
      expect(issues(type, { secrets: ['', ''] })).toEqual([{ path: 'secrets', message: expect.stringMatching(/^required/) }]);
    });

    test(`${type} config – empty strings in secrets are ignored`, () => {
      const config = sourceTypeFor(type).configSchema.parse({ type, secrets: ['', secret, ''] }) as unknown as { secrets: Secret[] };
      expect(usableSecrets(config).map((s) => s.reveal())).toEqual([secret]);
    });

    test(`${type} config – secret and secrets together are an error`, () => {
      expect(issues(type, { secret, secrets: [secret] })).toEqual([{ path: 'secrets', message: expect.stringContaining('either') }]);
    });

    test(`${type} config – an unknown key is rejected`, () => {
      expect(issues(type, { secret, secert: secret })).toEqual([{ path: '', message: expect.stringContaining('secert') }]);
    });

    test(`${type} config – a non-string secret is rejected, described but never shown`, () => {
      expect(issues(type, { secret: 12345 })).toEqual([{ path: 'secret', message: 'expected a string, got a number (write it in quotes)' }]);
    });

    test(`${type} config – secrets print redacted`, () => {
      const config = sourceTypeFor(type).configSchema.parse({ type, secret });
      expect(JSON.stringify(config)).not.toContain(secret);
      expect(String((config as unknown as { secret: Secret }).secret)).toBe('<redacted>');
    });
  });

  describe.each(HMAC_TYPES.filter(([type]) => type !== 'wp-llm'))('%s tolerance', (type, secret) => {
    test(`${type} config – tolerance defaults to 5m`, () => {
      expect(sourceTypeFor(type).configSchema.parse({ type, secret })).toMatchObject({ tolerance: 300_000 });
    });

    test(`${type} config – tolerance takes a duration`, () => {
      expect(sourceTypeFor(type).configSchema.parse({ type, secret, tolerance: '90s' })).toMatchObject({ tolerance: 90_000 });
    });

    test(`${type} config – a tolerance that is not a duration is an error at tolerance`, () => {
      expect(issues(type, { secret, tolerance: 'five minutes' })).toEqual([{ path: 'tolerance', message: expect.stringContaining('duration') }]);
    });
  });

  test('wp-llm config – has no tolerance: its signature carries no timestamp', () => {
    expect(issues('wp-llm', { secret: 's', tolerance: '5m' })).toEqual([{ path: '', message: expect.stringContaining('tolerance') }]);
  });

  test('standard-webhooks config – a secret that is not base64 is an error at secret', () => {
    expect(issues('standard-webhooks', { secret: 'whsec_%%%' })).toEqual([{ path: 'secret', message: expect.stringContaining('whsec_') }]);
  });

  test('standard-webhooks config – a bad entry of secrets is an error at its index', () => {
    expect(issues('standard-webhooks', { secrets: [WHSEC, 'whsec_%%%'] })).toEqual([{ path: 'secrets.1', message: expect.stringContaining('whsec_') }]);
  });

  describe('promptpal config', () => {
    test('promptpal config – without a token is an error at token', () => {
      expect(issues('promptpal', {})).toEqual([{ path: 'token', message: expect.stringMatching(/^required.*allow_unsigned/) }]);
    });

    test('promptpal config – an empty token is an error at token', () => {
      expect(issues('promptpal', { token: '' })).toEqual([{ path: 'token', message: expect.stringMatching(/^required/) }]);
    });

    test('promptpal config – allow_unsigned: true needs no token', () => {
      expect(issues('promptpal', { allow_unsigned: true })).toEqual([]);
      expect(issues('promptpal', { token: '', allow_unsigned: true })).toEqual([]);
    });

    test('promptpal config – allow_unsigned: false still needs a token', () => {
      expect(issues('promptpal', { allow_unsigned: false })).toEqual([{ path: 'token', message: expect.stringMatching(/^required/) }]);
    });

    test('promptpal config – an unknown key is rejected', () => {
      expect(issues('promptpal', { token: 't', secret: 't' })).toEqual([{ path: '', message: expect.stringContaining('secret') }]);
    });
  });
});
