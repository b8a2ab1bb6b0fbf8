import { Webhook } from 'standardwebhooks';
import { describe, expect, test } from 'vitest';
import { standardWebhooksSource } from '../../src/sources/standard-webhooks/index.js';
import { expectSourceError, fixture, fixtures, NOW, NOW_S, parseDrifted, reformatted, request, tampered } from './helpers.js';

/** The Standard Webhooks specification's example secret. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';
const config = standardWebhooksSource.configSchema.parse({ type: 'standard-webhooks', secret: SECRET });
const source = standardWebhooksSource.create('hooks', config);

/** Headers as a Standard Webhooks sender builds them with the reference library. */
function signed(raw: Buffer, options: { secret?: string; id?: string; at?: Date } = {}): Record<string, string> {
  const at = options.at ?? NOW;
  const id = options.id ?? 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.secret ?? SECRET).sign(id, at, raw),
  };
}

describe('standard-webhooks verify', () => {
  test.each(fixtures('standard-webhooks'))('standard-webhooks fixture $name – verifies and parses when signed by the reference library', ({ raw }) => {
    const req = request(raw, signed(raw));
    source.verify(req);
    expect(source.parse(req)).toMatchObject({ kind: 'event', event: { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' } });
  });

  test('standard-webhooks sign – is accepted by the reference library verify()', () => {
    const raw = fixture('standard-webhooks', 'generation.completed');
    const now = new Date();
    const { headers } = standardWebhooksSource.sign(raw, config, now);
    expect(new Webhook(SECRET).verify(raw, headers)).toBeDefined();
    source.verify(request(raw, headers, { now }));
  });

  test('standard-webhooks verify – agrees with the reference library on a real-time request', () => {
    const raw = fixture('standard-webhooks', 'user.created-spec');
    const now = new Date();
    const headers = signed(raw, { at: now });
    expect(() => new Webhook(SECRET).verify(raw, headers)).not.toThrow();
    source.verify(request(raw, headers, { now }));
  });

  test('standard-webhooks verify – accepts any secret of a rotation list', () => {
    const rotated = standardWebhooksSource.create(
      'hooks',
      standardWebhooksSource.configSchema.parse({ type: 'standard-webhooks', secrets: [OTHER, '', SECRET] }),
    );
    const raw = fixture('standard-webhooks', 'usage.warning');
    rotated.verify(request(raw, signed(raw, { secret: SECRET })));
    rotated.verify(request(raw, signed(raw, { secret: OTHER })));
  });

  test('standard-webhooks verify – accepts a header carrying several signatures, one valid', () => {
    const raw = fixture('standard-webhooks', 'usage.warning');
    const headers = signed(raw);
    const other = signed(raw, { secret: OTHER })['webhook-signature'];
    headers['webhook-signature'] = `v1a,c29tZXRoaW5n ${other} ${headers['webhook-signature']}`;
    source.verify(request(raw, headers));
  });

  test('standard-webhooks verify – applies a configured tolerance wider than the library default', () => {
    const wide = standardWebhooksSource.create(
      'hooks',
      standardWebhooksSource.configSchema.parse({ type: 'standard-webhooks', secret: SECRET, tolerance: '10m' }),
    );
    const raw = fixture('standard-webhooks', 'usage.warning');
    const sevenMinutesAgo = new Date(NOW.getTime() - 7 * 60_000);
    wide.verify(request(raw, signed(raw, { at: sevenMinutesAgo })));
    expectSourceError(() => source.verify(request(raw, signed(raw, { at: sevenMinutesAgo }))), 'timestamp_out_of_tolerance');
  });

  test('standard-webhooks verify – applies a configured tolerance narrower than the library default', () => {
    const narrow = standardWebhooksSource.create(
      'hooks',
      standardWebhooksSource.configSchema.parse({ type: 'standard-webhooks', secret: SECRET, tolerance: '1m' }),
    );
    const raw = fixture('standard-webhooks', 'usage.warning');
    expectSourceError(
      () => narrow.verify(request(raw, signed(raw, { at: new Date(NOW.getTime() - 2 * 60_000) }))),
      'timestamp_out_of_tolerance',
    );
  });

  const raw = fixture('standard-webhooks', 'generation.completed');
  const good = signed(raw);
  const without = (name: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
  test.each([
    { name: 'missing webhook-id', body: raw, headers: without('webhook-id'), code: 'missing_signature' },
    { name: 'missing webhook-timestamp', body: raw, headers: without('webhook-timestamp'), code: 'missing_signature' },
    { name: 'missing webhook-signature', body: raw, headers: without('webhook-signature'), code: 'missing_signature' },
    { name: 'wrong secret', body: raw, headers: signed(raw, { secret: OTHER }), code: 'invalid_signature' },
    { name: 'signature of a different length', body: raw, headers: { ...good, 'webhook-signature': 'v1,c2hvcnQ=' }, code: 'invalid_signature' },
    { name: 'no v1 signature', body: raw, headers: { ...good, 'webhook-signature': good['webhook-signature']!.replace('v1,', 'v2,') }, code: 'invalid_signature' },
    { name: 'another message id', body: raw, headers: { ...good, 'webhook-id': 'msg_other' }, code: 'invalid_signature' },
    { name: 'stale timestamp', body: raw, headers: signed(raw, { at: new Date(NOW.getTime() - 6 * 60_000) }), code: 'timestamp_out_of_tolerance' },
    { name: 'future timestamp', body: raw, headers: signed(raw, { at: new Date(NOW.getTime() + 6 * 60_000) }), code: 'timestamp_out_of_tolerance' },
    { name: 'unparsable timestamp', body: raw, headers: { ...good, 'webhook-timestamp': 'yesterday' }, code: 'timestamp_out_of_tolerance' },
    { name: 'timestamp moved within tolerance', body: raw, headers: { ...good, 'webhook-timestamp': String(NOW_S - 1) }, code: 'invalid_signature' },
    { name: 'tampered body', body: tampered(raw), headers: good, code: 'invalid_signature' },
    { name: 'body re-serialized with other whitespace', body: reformatted(raw), headers: good, code: 'invalid_signature' },
  ] as const)('standard-webhooks verify – rejects $name with $code', ({ body, headers, code }) => {
    expectSourceError(() => source.verify(request(body, headers)), code);
  });
});

describe('standard-webhooks parse', () => {
  test.each([
    ['generation.completed', 'generation', 'completed', 'success'],
    ['generation.failed', 'generation', 'failed', 'error'],
    ['usage.warning', 'usage', 'alert', 'warning'],
    ['user.created', 'user', 'started', 'info'],
    ['invoice.paid', 'other', 'info', 'info'],
  ])('standard-webhooks parse – type %s is classified %s/%s/%s', (type, category, status, severity) => {
    const inbound = source.parse(request(JSON.stringify({ type, timestamp: NOW.toISOString(), data: {} }), { 'webhook-id': 'msg_1' }));
    expect(inbound).toMatchObject({ kind: 'event', event: { type, category, status, severity, id: 'msg_1' } });
  });

  test('standard-webhooks parse – every sample normalizes under its own type', () => {
    for (const [type, sample] of Object.entries(standardWebhooksSource.samples(NOW))) {
      expect(source.parse(request(JSON.stringify(sample), { 'webhook-id': 'msg_1' }))).toMatchObject({ event: { type } });
    }
  });

  test.each([
    ['not JSON', 'nope', /JSON/],
    ['no type', '{"timestamp":"2024-01-15T10:30:00Z","data":{}}', /^type:/],
    ['a numeric type', '{"type":7,"data":{}}', /^type:/],
  ])('standard-webhooks parse – rejects %s as invalid_payload', (_name, body, message) => {
    expect(expectSourceError(() => source.parse(request(body, { 'webhook-id': 'msg_1' })), 'invalid_payload').message).toMatch(message);
  });

  test.each([
    ['a numeric timestamp', '{"type":"a.b","timestamp":5}', { field: 'timestamp', expected: 'string', found: 'number' }, { type: 'a.b' }],
    ['a numeric model', '{"type":"a.b","data":{"model":5}}', { field: 'data.model', expected: 'string', found: 'number' }, { model: '5' }],
    ['usage as a list', '{"type":"a.completed","data":{"usage":[1,2]}}', { field: 'data.usage', expected: 'object', found: 'array' }, { status: 'completed' }],
  ])('standard-webhooks parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body, { 'webhook-id': 'msg_1' });
    expect(drift).toEqual([drifted]);
    expect(inbound).toMatchObject({ kind: 'event', event: { id: 'msg_1', ...event } });
  });
});

describe('standard-webhooks config', () => {
  test('standard-webhooks config – rejects a secret that is not whsec_ base64, without echoing it', () => {
    const result = standardWebhooksSource.configSchema.safeParse({ type: 'standard-webhooks', secret: 'whsec_!!not-base64!!' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['secret']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('not-base64');
  });
});
