import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../src/sources/crypto.js';
import { promptpalSource } from '../../src/sources/promptpal/index.js';
import { expectSourceError, fixture, fixtures, NOW, parseDrifted, request } from './helpers.js';

const TOKEN = 'pp_token_5f2c9a';
const config = promptpalSource.configSchema.parse({ type: 'promptpal', token: TOKEN });
const source = promptpalSource.create('promptpal', config);

describe('promptpal verify', () => {
  test.each(fixtures('promptpal'))('promptpal fixture $name – passes with the token in the URL and parses', ({ raw }) => {
    // PromptPal sends only Content-Type and User-Agent; the token rides in the configured URL.
    const req = request(raw, { 'User-Agent': 'PromptPal-Webhook@1.4.0' }, { query: { token: TOKEN } });
    source.verify(req);
    expect(source.parse(req).kind).toBe('event');
  });

  test('promptpal sign – puts the token in the query', () => {
    expect(promptpalSource.sign(fixture('promptpal', 'onPromptFinished'), config, NOW)).toMatchObject({ query: { token: TOKEN } });
  });

  test.each([
    { name: 'missing token', query: {}, code: 'missing_signature' },
    { name: 'empty token', query: { token: '' }, code: 'missing_signature' },
    { name: 'wrong token', query: { token: 'pp_token_5f2c9b' }, code: 'invalid_signature' },
    { name: 'token of a different length', query: { token: 'x' }, code: 'invalid_signature' },
    { name: 'token with a suffix', query: { token: `${TOKEN}0` }, code: 'invalid_signature' },
  ] as const)('promptpal verify – rejects $name with $code', ({ query, code }) => {
    expectSourceError(() => source.verify(request(fixture('promptpal', 'onPromptFinished'), {}, { query })), code);
  });

  test('promptpal verify – a token in a header does not count', () => {
    expectSourceError(() => source.verify(request(fixture('promptpal', 'onPromptFinished'), { token: TOKEN })), 'missing_signature');
  });

  test('promptpal verify – allow_unsigned without a token accepts requests without one', () => {
    const open = promptpalSource.create('promptpal', promptpalSource.configSchema.parse({ type: 'promptpal', allow_unsigned: true }));
    open.verify(request(fixture('promptpal', 'onPromptFinished')));
  });

  test('promptpal verify – a configured token is required even with allow_unsigned', () => {
    const both = promptpalSource.create('promptpal', promptpalSource.configSchema.parse({ type: 'promptpal', token: TOKEN, allow_unsigned: true }));
    expectSourceError(() => both.verify(request(fixture('promptpal', 'onPromptFinished'))), 'missing_signature');
  });
});

describe('promptpal parse', () => {
  const parse = (name: string) => {
    const inbound = source.parse(request(fixture('promptpal', name)));
    if (inbound.kind !== 'event') throw new Error('expected an event');
    return inbound.event;
  };

  test('promptpal parse – result 0 is a completed, successful generation', () => {
    expect(parse('onPromptFinished')).toMatchObject({
      type: 'onPromptFinished',
      category: 'generation',
      status: 'completed',
      severity: 'success',
      model: 'gpt-4',
      usage: { prompt_tokens: 150, completion_tokens: 300, total_tokens: 450 },
      duration_ms: 1250,
      occurred_at: '2024-01-15T10:30:00.000Z',
    });
  });

  test('promptpal parse – result 1 is a failed generation with error severity', () => {
    expect(parse('onPromptFinished-failed')).toMatchObject({ category: 'generation', status: 'failed', severity: 'error' });
  });

  test('promptpal parse – the event id is the sha256 of the raw body', () => {
    expect(parse('onPromptFinished').id).toBe(sha256Hex(fixture('promptpal', 'onPromptFinished')));
  });

  test.each(fixtures('promptpal'))('promptpal parse – $name keeps ip and userAgent in data only', ({ raw }) => {
    const inbound = source.parse(request(raw));
    if (inbound.kind !== 'event') throw new Error('expected an event');
    const { data, ...shown } = inbound.event;
    const payload = JSON.parse(raw.toString('utf8')) as { ip: string; userAgent: string };
    expect(data).toMatchObject({ ip: payload.ip, userAgent: payload.userAgent });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(payload.ip);
    expect(text).not.toContain(payload.userAgent);
    expect(text).not.toMatch(/"(ip|userAgent)"/);
  });

  test('promptpal parse – an unknown event is accepted as other/info', () => {
    expect(parse('unknown.event')).toMatchObject({ type: 'onPromptStarted', category: 'other', status: 'info', severity: 'info' });
  });

  test.each([
    ['no event', '{"result":0}', /^event:/],
    ['an empty event', '{"event":"","result":0}', /^event:/],
  ])('promptpal parse – rejects %s as invalid_payload naming the problem', (_name, body, message) => {
    expect(expectSourceError(() => source.parse(request(body)), 'invalid_payload').message).toMatch(message);
  });

  test.each([
    ['onPromptFinished without a result', '{"event":"onPromptFinished"}', undefined, { status: 'info', severity: 'info', title: 'Prompt run finished' }],
    ['a textual result', '{"event":"onPromptFinished","result":"0"}', { field: 'result', expected: 'number', found: 'string' }, { status: 'completed', severity: 'success' }],
    ['a result that is no number', '{"event":"onPromptFinished","result":{"ok":false}}', { field: 'result', expected: 'number', found: 'object' }, { title: 'Prompt run finished' }],
    ['tokens as a number', '{"event":"onPromptFinished","result":0,"tokens":450}', { field: 'tokens', expected: 'object', found: 'number' }, { status: 'completed' }],
  ])('promptpal parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body);
    expect(drift).toEqual(drifted ? [drifted] : []);
    expect(inbound).toMatchObject({ kind: 'event', event });
  });
});
