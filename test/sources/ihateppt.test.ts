import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ihatepptSource } from '../../src/sources/ihateppt/index.js';
import { expectSourceError, fixture, fixtures, NOW, NOW_S, parseDrifted, reformatted, request, tampered } from './helpers.js';

const SECRET = 'your_webhook_secret';
const config = ihatepptSource.configSchema.parse({ type: 'ihateppt', secret: SECRET });
const source = ihatepptSource.create('slides', config);

/** The docs' Python: f"sha256={hmac.new(secret, f'{timestamp}.{payload}', sha256).hexdigest()}". */
function docsHeaders(raw: Buffer, options: { secret?: string; ts?: number } = {}): Record<string, string> {
  const ts = String(options.ts ?? NOW_S);
  const hex = createHmac('sha256', options.secret ?? SECRET).update(`${ts}.${raw.toString('utf8')}`).digest('hex');
  const type = (JSON.parse(raw.toString('utf8')) as { type: string }).type;
  return { 'X-Webhook-Signature': `sha256=${hex}`, 'X-Webhook-Timestamp': ts, 'X-Webhook-Event': type };
}

describe('ihateppt verify', () => {
  test.each(fixtures('ihateppt'))('ihateppt fixture $name – verifies and parses when signed as the docs sign', ({ raw }) => {
    const req = request(raw, docsHeaders(raw));
    source.verify(req);
    expect(['event', 'reply']).toContain(source.parse(req).kind);
  });

  test('ihateppt sign – produces the headers the docs compute, event type included', () => {
    const raw = fixture('ihateppt', 'ppt.generation.completed');
    expect(ihatepptSource.sign(raw, config, NOW)).toEqual({ headers: docsHeaders(raw) });
  });

  test('ihateppt verify – accepts any secret of a rotation list', () => {
    const rotated = ihatepptSource.create('slides', ihatepptSource.configSchema.parse({ type: 'ihateppt', secrets: ['next', SECRET, ''] }));
    const raw = fixture('ihateppt', 'file.uploaded');
    rotated.verify(request(raw, docsHeaders(raw, { secret: SECRET })));
    rotated.verify(request(raw, docsHeaders(raw, { secret: 'next' })));
  });

  test('ihateppt verify – accepts a bare hex signature without the sha256= prefix', () => {
    const raw = fixture('ihateppt', 'file.uploaded');
    const headers = docsHeaders(raw);
    source.verify(request(raw, { ...headers, 'X-Webhook-Signature': headers['X-Webhook-Signature']!.slice('sha256='.length) }));
  });

  const raw = fixture('ihateppt', 'ppt.generation.completed');
  const good = docsHeaders(raw);
  test.each([
    { name: 'no signature headers', headers: {}, body: raw, code: 'missing_signature' },
    { name: 'missing signature header', headers: { 'X-Webhook-Timestamp': good['X-Webhook-Timestamp'] }, body: raw, code: 'missing_signature' },
    { name: 'missing timestamp header', headers: { 'X-Webhook-Signature': good['X-Webhook-Signature'] }, body: raw, code: 'missing_signature' },
    { name: 'wrong secret', headers: docsHeaders(raw, { secret: 'other' }), body: raw, code: 'invalid_signature' },
    { name: 'signature of a different length', headers: { ...good, 'X-Webhook-Signature': 'sha256=00ff' }, body: raw, code: 'invalid_signature' },
    { name: 'another algorithm prefix', headers: { ...good, 'X-Webhook-Signature': good['X-Webhook-Signature']!.replace('sha256=', 'sha1=') }, body: raw, code: 'invalid_signature' },
    { name: 'stale timestamp', headers: docsHeaders(raw, { ts: NOW_S - 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'future timestamp', headers: docsHeaders(raw, { ts: NOW_S + 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'unparsable timestamp', headers: { ...good, 'X-Webhook-Timestamp': 'soon' }, body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'tampered body', headers: good, body: tampered(raw), code: 'invalid_signature' },
    { name: 'body re-serialized with other whitespace', headers: good, body: reformatted(raw), code: 'invalid_signature' },
  ] as const)('ihateppt verify – rejects $name with $code', ({ headers, body, code }) => {
    expectSourceError(() => source.verify(request(body, headers)), code);
  });
});

describe('ihateppt challenge', () => {
  const challenge = fixture('ihateppt', 'webhook.verification');

  test('ihateppt challenge – passes unsigned and is answered with the challenge', () => {
    const req = request(challenge);
    source.verify(req);
    expect(source.parse(req)).toEqual({ kind: 'reply', body: { challenge: 'verification_challenge_string' } });
  });

  test('ihateppt challenge – with a valid signature is answered too', () => {
    const req = request(challenge, docsHeaders(challenge));
    source.verify(req);
    expect(source.parse(req)).toMatchObject({ kind: 'reply' });
  });

  test('ihateppt challenge – with a wrong signature is rejected', () => {
    expectSourceError(() => source.verify(request(challenge, docsHeaders(challenge, { secret: 'forged' }))), 'invalid_signature');
  });

  test('ihateppt challenge – with only a timestamp header is rejected as unsigned', () => {
    expectSourceError(() => source.verify(request(challenge, { 'X-Webhook-Timestamp': String(NOW_S) })), 'missing_signature');
  });

  test.each([
    ['an event dressed with a challenge', '{"id":"evt_1","type":"ppt.generation.completed","data":{"challenge":"x"}}'],
    ['a challenge without its value', '{"type":"webhook.verification","data":{}}'],
    ['a challenge with a numeric value', '{"type":"webhook.verification","data":{"challenge":5}}'],
    ['not JSON', '{"type":"webhook.verification"'],
  ])('ihateppt challenge – %s needs a signature', (_name, body) => {
    expectSourceError(() => source.verify(request(body)), 'missing_signature');
  });
});

describe('ihateppt parse', () => {
  test.each([
    ['ppt.generation.started', 'generation', 'started', 'info'],
    ['ppt.generation.completed', 'generation', 'completed', 'success'],
    ['ppt.generation.failed', 'generation', 'failed', 'error'],
    ['ppt.generation.cancelled', 'generation', 'cancelled', 'info'],
    ['ppt.edit.started', 'generation', 'started', 'info'],
    ['ppt.edit.completed', 'generation', 'completed', 'success'],
    ['ppt.edit.failed', 'generation', 'failed', 'error'],
    ['file.uploaded', 'file', 'completed', 'success'],
    ['file.processed', 'file', 'completed', 'success'],
    ['file.deleted', 'file', 'info', 'info'],
    ['user.registered', 'user', 'info', 'success'],
    ['user.subscribed', 'user', 'info', 'success'],
    ['user.unsubscribed', 'user', 'info', 'info'],
    ['webhook.retry', 'system', 'info', 'warning'],
  ])('ihateppt parse – sample %s maps to %s/%s/%s', (type, category, status, severity) => {
    const sample = ihatepptSource.samples(NOW)[type];
    expect(sample, `sample for ${type}`).toBeDefined();
    expect(source.parse(request(JSON.stringify(sample)))).toMatchObject({ kind: 'event', event: { type, category, status, severity } });
  });

  test('ihateppt parse – a finished deck has a Download link and pages, time and cost as fields', () => {
    const inbound = source.parse(request(fixture('ihateppt', 'ppt.generation.completed')));
    expect(inbound).toMatchObject({
      kind: 'event',
      event: {
        id: 'evt_123456789',
        links: [{ label: 'Download', url: 'https://api.ihateppt.com/v1/ppt/ppt_123456/download' }],
        duration_ms: 25_500,
        correlation_id: 'ppt_123456',
        occurred_at: '2024-01-15T10:30:00.000Z',
      },
    });
    const fields = inbound.kind === 'event' ? inbound.event.fields : [];
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'Pages', kind: 'number', value: 8 },
        { name: 'Generation time', kind: 'duration', value: 25_500 },
        { name: 'Cost', kind: 'number', value: 30 },
      ]),
    );
  });

  test('ihateppt parse – a download URL that is not http(s) is not made a link', () => {
    const body = '{"id":"evt_1","type":"ppt.generation.completed","data":{"download_url":"javascript:alert(1)"}}';
    expect(source.parse(request(body))).toMatchObject({ event: { links: [] } });
  });

  test('ihateppt parse – an unknown event type is accepted as other/info', () => {
    expect(source.parse(request(fixture('ihateppt', 'unknown.event')))).toMatchObject({
      event: { type: 'ppt.export.completed', category: 'other', status: 'info', severity: 'info' },
    });
  });

  test.each([
    ['no id', '{"type":"ppt.generation.completed","data":{}}', /^id:/],
    ['no type', '{"id":"e","data":{}}', /^type:/],
  ])('ihateppt parse – rejects %s as invalid_payload naming the problem', (_name, body, message) => {
    expect(expectSourceError(() => source.parse(request(body)), 'invalid_payload').message).toMatch(message);
  });

  test.each([
    ['a page count as text', '{"id":"e","type":"ppt.generation.completed","data":{"pages":"8"}}', { field: 'data.pages', expected: 'number', found: 'string' }, { fields: [{ name: 'Pages', kind: 'number', value: 8 }] }],
    ['data as a list', '{"id":"e","type":"file.uploaded","data":[1]}', { field: 'data', expected: 'object', found: 'array' }, { type: 'file.uploaded', data: { data: [1] } }],
    ['an error object', '{"id":"e","type":"ppt.generation.failed","data":{"error":{"code":"E_TEMPLATE","message":"Page 6"}}}', undefined, { summary: 'E_TEMPLATE: Page 6' }],
    ['a download URL as an object', '{"id":"e","type":"ppt.generation.completed","data":{"download_url":{"href":"https://x.example"}}}', { field: 'data.download_url', expected: 'string', found: 'object' }, { links: [] }],
  ])('ihateppt parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body);
    expect(drift).toEqual(drifted ? [drifted] : []);
    expect(inbound).toMatchObject({ kind: 'event', event });
  });
});
