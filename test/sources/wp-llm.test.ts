import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { wpLlmSource, type WpLlmConfig } from '../../src/sources/wp-llm/index.js';
import { expectSourceError, fixture, fixtures, parseDrifted, reformatted, request, tampered } from './helpers.js';

const SECRET = 'your-webhook-secret';
const config = wpLlmSource.configSchema.parse({ type: 'wp-llm', secret: SECRET }) as WpLlmConfig;
const source = wpLlmSource.create('wpllm', config);

/** The docs' own formula (Python: hmac.new(secret, payload, sha256).hexdigest()). */
function docsSignature(raw: Buffer, secret = SECRET): string {
  return createHmac('sha256', secret).update(raw.toString('utf8')).digest('hex');
}

describe('wp-llm verify', () => {
  test.each(fixtures('wp-llm'))('wp-llm fixture $name – verifies and parses when signed as the docs sign', ({ raw }) => {
    const req = request(raw, { 'X-WP-LLM-Signature': docsSignature(raw) });
    source.verify(req);
    const inbound = source.parse(req);
    expect(inbound.kind).toBe('event');
  });

  test('wp-llm sign – produces the header the docs compute', () => {
    const raw = fixture('wp-llm', 'generation.completed');
    expect(wpLlmSource.sign(raw, config, new Date())).toEqual({ headers: { 'X-WP-LLM-Signature': docsSignature(raw) } });
  });

  test('wp-llm verify – accepts a sha256= prefix', () => {
    const raw = fixture('wp-llm', 'analysis.completed');
    source.verify(request(raw, { 'x-wp-llm-signature': `sha256=${docsSignature(raw)}` }));
  });

  test('wp-llm verify – accepts an upper-case hex signature', () => {
    const raw = fixture('wp-llm', 'analysis.completed');
    source.verify(request(raw, { 'x-wp-llm-signature': docsSignature(raw).toUpperCase() }));
  });

  test('wp-llm verify – accepts any secret of a rotation list', () => {
    const rotated = wpLlmSource.create('wpllm', wpLlmSource.configSchema.parse({ type: 'wp-llm', secrets: ['new-secret', '', SECRET] }));
    const raw = fixture('wp-llm', 'usage.limit_exceeded');
    rotated.verify(request(raw, { 'x-wp-llm-signature': docsSignature(raw, SECRET) }));
    rotated.verify(request(raw, { 'x-wp-llm-signature': docsSignature(raw, 'new-secret') }));
  });

  const raw = fixture('wp-llm', 'generation.completed');
  const good = docsSignature(raw);
  test.each([
    { name: 'missing header', body: raw, headers: {}, code: 'missing_signature' },
    { name: 'empty header', body: raw, headers: { 'x-wp-llm-signature': '' }, code: 'missing_signature' },
    { name: 'wrong secret', body: raw, headers: { 'x-wp-llm-signature': docsSignature(raw, 'other') }, code: 'invalid_signature' },
    { name: 'signature of a different length', body: raw, headers: { 'x-wp-llm-signature': good.slice(0, 10) }, code: 'invalid_signature' },
    { name: 'non-hex signature', body: raw, headers: { 'x-wp-llm-signature': 'not hex at all ✓' }, code: 'invalid_signature' },
    { name: 'wrong prefix', body: raw, headers: { 'x-wp-llm-signature': `sha512=${good}` }, code: 'invalid_signature' },
    { name: 'tampered body', body: tampered(raw), headers: { 'x-wp-llm-signature': good }, code: 'invalid_signature' },
    { name: 'body re-serialized with other whitespace', body: reformatted(raw), headers: { 'x-wp-llm-signature': good }, code: 'invalid_signature' },
  ] as const)('wp-llm verify – rejects $name with $code', ({ body, headers, code }) => {
    expectSourceError(() => source.verify(request(body, headers)), code);
  });
});

describe('wp-llm parse', () => {
  test('wp-llm parse – generation.completed becomes a PHP code body with usage and model', () => {
    const { event } = source.parse(request(fixture('wp-llm', 'generation.completed'))) as { event: import('../../src/events/event.js').NormalizedEvent };
    expect(event).toMatchObject({
      id: 'evt_123456789',
      source: 'wpllm',
      provider: 'wp-llm',
      type: 'generation.completed',
      category: 'generation',
      status: 'completed',
      severity: 'success',
      title: 'Code generation completed',
      model: 'wp-llm-13b',
      prompt: 'Create a custom post type for testimonials',
      usage: { prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 },
      body: { format: 'code', language: 'php' },
      correlation_id: 'gen_123456789',
      occurred_at: '2022-01-01T00:00:00.000Z',
      received_at: '2024-01-15T10:30:05.000Z',
    });
  });

  test('wp-llm parse – analysis.completed takes the worst issue severity and lists issues as items', () => {
    const parse = (name: string) => (source.parse(request(fixture('wp-llm', name))) as { event: import('../../src/events/event.js').NormalizedEvent }).event;
    expect(parse('analysis.completed').severity).toBe('error');
    expect(parse('analysis.completed').items).toEqual([
      { severity: 'error', title: 'Unsanitized user input detected', detail: 'Use wp_kses_post() or sanitize_text_field()', location: 'line 3' },
    ]);
    expect(parse('analysis.completed-critical').severity).toBe('critical');
    expect(parse('analysis.completed-clean').severity).toBe('success');
  });

  test.each([
    ['generation.started', 'generation', 'started', 'info'],
    ['generation.completed', 'generation', 'completed', 'success'],
    ['generation.failed', 'generation', 'failed', 'error'],
    ['analysis.completed', 'analysis', 'completed', 'error'],
    ['analysis.failed', 'analysis', 'failed', 'error'],
    ['model.training.started', 'training', 'started', 'info'],
    ['model.training.completed', 'training', 'completed', 'success'],
    ['model.training.failed', 'training', 'failed', 'error'],
    ['usage.limit_exceeded', 'usage', 'alert', 'error'],
    ['usage.quota_exceeded', 'usage', 'alert', 'critical'],
    ['usage.warning', 'usage', 'alert', 'warning'],
    ['system.maintenance', 'system', 'info', 'warning'],
    ['system.update', 'system', 'info', 'info'],
  ])('wp-llm parse – sample %s maps to %s/%s/%s', (type, category, status, severity) => {
    const sample = wpLlmSource.samples(new Date())[type];
    expect(sample, `sample for ${type}`).toBeDefined();
    const inbound = source.parse(request(JSON.stringify(sample)));
    expect(inbound).toMatchObject({ kind: 'event', event: { type, category, status, severity } });
  });

  test('wp-llm parse – an unknown event type is accepted as other/info', () => {
    const inbound = source.parse(request(fixture('wp-llm', 'unknown.event')));
    expect(inbound).toMatchObject({ kind: 'event', event: { type: 'webhook.ping', category: 'other', status: 'info', severity: 'info' } });
  });

  test.each([
    ['not JSON', '{"id":', /JSON/],
    ['a JSON array', '[]', /object/],
    ['no id', '{"type":"generation.completed","data":{}}', /^id:/],
    ['a numeric type', '{"id":"evt_1","type":5,"data":{}}', /^type:/],
    ['an empty id', '{"id":"","type":"generation.completed","data":{}}', /^id:/],
  ])('wp-llm parse – rejects %s as invalid_payload naming the problem', (_name, body, message) => {
    const error = expectSourceError(() => source.parse(request(body)), 'invalid_payload');
    expect(error.message).toMatch(message);
  });

  test.each([
    ['data not an object', '{"id":"evt_1","type":"usage.warning","data":"x"}', { field: 'data', expected: 'object', found: 'string' }, { severity: 'warning', data: { data: 'x' } }],
    ['issues not a list', '{"id":"evt_1","type":"analysis.completed","data":{"issues":{}}}', { field: 'data.issues', expected: 'array', found: 'object' }, { items: [], fields: [{ name: 'Issues', kind: 'number', value: 0 }] }],
    ['an issue that is not an object', '{"id":"evt_1","type":"analysis.completed","data":{"issues":["x",{"message":"m","severity":"high"}]}}', { field: 'data.issues[]', expected: 'object', found: 'string' }, { items: [{ title: 'm', severity: 'error' }] }],
    ['an issue line as text', '{"id":"evt_1","type":"analysis.completed","data":{"issues":[{"line":"3","message":"m"}]}}', { field: 'data.issues[].line', expected: 'number', found: 'string' }, { items: [{ title: 'm', location: 'line 3' }] }],
    ['a numeric model', '{"id":"evt_1","type":"generation.completed","data":{"model":13}}', { field: 'data.model', expected: 'string', found: 'number' }, { model: '13' }],
    ['an object error code', '{"id":"evt_1","type":"generation.failed","data":{"error":{"code":{"a":1},"message":"boom"}}}', { field: 'data.error.code', expected: 'string', found: 'object' }, { summary: 'boom' }],
  ])('wp-llm parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body);
    expect(drift).toEqual([drifted]);
    expect(inbound).toMatchObject({ kind: 'event', event });
  });
});
