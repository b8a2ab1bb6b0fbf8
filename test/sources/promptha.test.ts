import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../src/sources/crypto.js';
import { prompthaSource } from '../../src/sources/promptha/index.js';
import { expectSourceError, fixture, fixtures, NOW, NOW_S, parseDrifted, reformatted, request, tampered } from './helpers.js';

const SECRET = 'your_webhook_secret';
const config = prompthaSource.configSchema.parse({ type: 'promptha', secret: SECRET });
const source = prompthaSource.create('promptha', config);

/** The docs' formula: hex HMAC-SHA256 of `${timestamp}.${payload}`, timestamp in unix seconds. */
function docsHeaders(raw: Buffer, options: { secret?: string; ts?: number } = {}): Record<string, string> {
  const ts = String(options.ts ?? NOW_S);
  const signature = createHmac('sha256', options.secret ?? SECRET).update(`${ts}.${raw.toString('utf8')}`).digest('hex');
  return { 'X-Promptha-Signature': signature, 'X-Promptha-Timestamp': ts };
}

describe('promptha verify', () => {
  test.each(fixtures('promptha'))('promptha fixture $name – verifies and parses when signed as the docs sign', ({ raw }) => {
    const req = request(raw, docsHeaders(raw));
    source.verify(req);
    expect(source.parse(req).kind).toBe('event');
  });

  test('promptha sign – produces the headers the docs compute', () => {
    const raw = fixture('promptha', 'fabric.completed');
    expect(prompthaSource.sign(raw, config, NOW)).toEqual({ headers: docsHeaders(raw) });
  });

  test('promptha verify – accepts any secret of a rotation list, ignoring empty entries', () => {
    const rotated = prompthaSource.create('promptha', prompthaSource.configSchema.parse({ type: 'promptha', secrets: ['', 'new_secret', SECRET] }));
    const raw = fixture('promptha', 'credits.low');
    rotated.verify(request(raw, docsHeaders(raw, { secret: SECRET })));
    rotated.verify(request(raw, docsHeaders(raw, { secret: 'new_secret' })));
  });

  test('promptha verify – honours a configured tolerance', () => {
    const wide = prompthaSource.create('promptha', prompthaSource.configSchema.parse({ type: 'promptha', secret: SECRET, tolerance: '15m' }));
    const raw = fixture('promptha', 'credits.low');
    wide.verify(request(raw, docsHeaders(raw, { ts: NOW_S - 600 })));
  });

  const raw = fixture('promptha', 'fabric.completed');
  const good = docsHeaders(raw);
  test.each([
    { name: 'missing signature header', headers: { 'X-Promptha-Timestamp': good['X-Promptha-Timestamp'] }, body: raw, code: 'missing_signature' },
    { name: 'missing timestamp header', headers: { 'X-Promptha-Signature': good['X-Promptha-Signature'] }, body: raw, code: 'missing_signature' },
    { name: 'wrong secret', headers: docsHeaders(raw, { secret: 'wrong' }), body: raw, code: 'invalid_signature' },
    { name: 'signature of a different length', headers: { ...good, 'X-Promptha-Signature': 'abc123' }, body: raw, code: 'invalid_signature' },
    { name: 'signature over the body alone', headers: { ...good, 'X-Promptha-Signature': createHmac('sha256', SECRET).update(raw).digest('hex') }, body: raw, code: 'invalid_signature' },
    { name: 'stale timestamp', headers: docsHeaders(raw, { ts: NOW_S - 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'future timestamp', headers: docsHeaders(raw, { ts: NOW_S + 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'timestamp in milliseconds', headers: docsHeaders(raw, { ts: NOW.getTime() }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'unparsable timestamp', headers: { ...good, 'X-Promptha-Timestamp': '2024-01-15T10:30:05Z' }, body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'timestamp swapped within tolerance', headers: { ...good, 'X-Promptha-Timestamp': String(NOW_S - 10) }, body: raw, code: 'invalid_signature' },
    { name: 'tampered body', headers: good, body: tampered(raw), code: 'invalid_signature' },
    { name: 'body re-serialized with other whitespace', headers: good, body: reformatted(raw), code: 'invalid_signature' },
  ] as const)('promptha verify – rejects $name with $code', ({ headers, body, code }) => {
    expectSourceError(() => source.verify(request(body, headers)), code);
  });
});

describe('promptha parse', () => {
  test.each([
    ['fabric.started', 'generation', 'started', 'info'],
    ['fabric.completed', 'generation', 'completed', 'success'],
    ['fabric.failed', 'generation', 'failed', 'error'],
    ['ask.session.created', 'conversation', 'started', 'info'],
    ['ask.message', 'conversation', 'progress', 'info'],
    ['ask.session.ended', 'conversation', 'completed', 'success'],
    ['credits.low', 'usage', 'alert', 'warning'],
    ['credits.depleted', 'usage', 'alert', 'critical'],
    ['credits.purchased', 'usage', 'info', 'success'],
  ])('promptha parse – sample %s maps to %s/%s/%s', (type, category, status, severity) => {
    const sample = prompthaSource.samples(NOW)[type];
    expect(sample, `sample for ${type}`).toBeDefined();
    expect(source.parse(request(JSON.stringify(sample)))).toMatchObject({ kind: 'event', event: { type, category, status, severity } });
  });

  test('promptha parse – the event id is data.eventId', () => {
    expect(source.parse(request(fixture('promptha', 'credits.low')))).toMatchObject({ event: { id: 'evt_lresa6o0_7' } });
  });

  test('promptha parse – without data.eventId the event id is the sha256 of the raw body', () => {
    const raw = fixture('promptha', 'fabric.completed-docs-test');
    expect(source.parse(request(raw))).toMatchObject({ event: { id: sha256Hex(raw) } });
  });

  test('promptha parse – a code result becomes a code body with its language', () => {
    expect(source.parse(request(fixture('promptha', 'fabric.completed-code')))).toMatchObject({
      event: { body: { format: 'code', language: 'python' }, usage: { total_tokens: 310 } },
    });
  });

  test('promptha parse – an unknown event is accepted as other/info', () => {
    expect(source.parse(request(fixture('promptha', 'unknown.event')))).toMatchObject({
      event: { type: 'fabric.queued', category: 'other', status: 'info', severity: 'info' },
    });
  });

  test.each([
    ['not JSON', 'event=fabric.completed', /JSON/],
    ['no event', '{"data":{}}', /^event:/],
    ['an empty eventId', '{"event":"credits.low","data":{"eventId":""}}', /^data\.eventId:/],
    ['an object eventId', '{"event":"credits.low","data":{"eventId":{}}}', /^data\.eventId:/],
  ])('promptha parse – rejects %s as invalid_payload naming the problem', (_name, body, message) => {
    expect(expectSourceError(() => source.parse(request(body)), 'invalid_payload').message).toMatch(message);
  });

  test.each([
    ['data not an object', '{"event":"credits.low","data":[]}', { field: 'data', expected: 'object', found: 'array' }, { severity: 'warning', id: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    ['a credit balance as text', '{"event":"credits.low","data":{"remaining":"50","threshold":100}}', { field: 'data.remaining', expected: 'number', found: 'string' }, { fields: [{ name: 'Remaining', kind: 'credits', value: 50 }, { name: 'Threshold', kind: 'credits', value: 100 }] }],
    ['a credit balance as words', '{"event":"credits.low","data":{"remaining":"fifty","threshold":100}}', { field: 'data.remaining', expected: 'number', found: 'string' }, { fields: [{ name: 'Threshold', kind: 'credits', value: 100 }] }],
    ['a numeric error', '{"event":"fabric.failed","data":{"error":42}}', { field: 'data.error', expected: 'string or object', found: 'number' }, { summary: '42' }],
    [
      'an error object with a numeric code',
      '{"event":"fabric.failed","data":{"error":{"type":"rate_limit","message":"Slow down","code":429}}}',
      { field: 'data.error.code', expected: 'string', found: 'number' },
      { summary: 'rate_limit: Slow down (code 429)', status: 'failed' },
    ],
  ])('promptha parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body);
    expect(drift).toEqual([drifted]);
    expect(inbound).toMatchObject({ kind: 'event', event });
  });
});
