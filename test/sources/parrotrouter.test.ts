import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parrotrouterSource } from '../../src/sources/parrotrouter/index.js';
import { expectSourceError, fixture, fixtures, NOW, NOW_S, parseDrifted, reformatted, request, tampered } from './helpers.js';

const SECRET = 'parrot-webhook-secret-at-least-32-chars';
const config = parrotrouterSource.configSchema.parse({ type: 'parrotrouter', secret: SECRET });
const source = parrotrouterSource.create('parrot', config);

/** The guide's generateWebhookHeaders: hex HMAC of `${timestamp}.${payload}`, algorithm header. */
function guideHeaders(raw: Buffer, options: { secret?: string; ts?: number; algorithm?: 'sha256' | 'sha512' } = {}): Record<string, string> {
  const ts = String(options.ts ?? NOW_S);
  const algorithm = options.algorithm ?? 'sha256';
  const signature = createHmac(algorithm, options.secret ?? SECRET).update(`${ts}.${raw.toString('utf8')}`).digest('hex');
  return { 'X-Webhook-Signature': signature, 'X-Webhook-Timestamp': ts, 'X-Webhook-Algorithm': algorithm };
}

describe('parrotrouter verify', () => {
  test.each(fixtures('parrotrouter'))('parrotrouter fixture $name – verifies and parses when signed as the guide signs', ({ raw }) => {
    const req = request(raw, guideHeaders(raw));
    source.verify(req);
    expect(['event', 'chunk']).toContain(source.parse(req).kind);
  });

  test('parrotrouter sign – produces the headers of the guide', () => {
    const raw = fixture('parrotrouter', 'llm.completion');
    expect(parrotrouterSource.sign(raw, config, NOW)).toEqual({ headers: guideHeaders(raw) });
  });

  test('parrotrouter verify – without X-Webhook-Algorithm assumes sha256', () => {
    const raw = fixture('parrotrouter', 'llm.completion');
    const { 'X-Webhook-Algorithm': _, ...headers } = guideHeaders(raw);
    source.verify(request(raw, headers));
  });

  test('parrotrouter verify – accepts sha512 signatures', () => {
    const raw = fixture('parrotrouter', 'llm.completion');
    source.verify(request(raw, guideHeaders(raw, { algorithm: 'sha512' })));
  });

  test('parrotrouter verify – accepts any secret of a rotation list', () => {
    const rotated = parrotrouterSource.create('parrot', parrotrouterSource.configSchema.parse({ type: 'parrotrouter', secrets: [SECRET, 'next-secret'] }));
    const raw = fixture('parrotrouter', 'llm.error');
    rotated.verify(request(raw, guideHeaders(raw, { secret: 'next-secret' })));
    rotated.verify(request(raw, guideHeaders(raw, { secret: SECRET })));
  });

  const raw = fixture('parrotrouter', 'llm.completion');
  const good = guideHeaders(raw);
  const md5 = createHmac('md5', SECRET).update(`${NOW_S}.${raw.toString('utf8')}`).digest('hex');
  test.each([
    { name: 'missing signature header', headers: { ...good, 'X-Webhook-Signature': undefined }, body: raw, code: 'missing_signature' },
    { name: 'missing timestamp header', headers: { ...good, 'X-Webhook-Timestamp': undefined }, body: raw, code: 'missing_signature' },
    { name: 'wrong secret', headers: guideHeaders(raw, { secret: 'not-the-secret' }), body: raw, code: 'invalid_signature' },
    { name: 'signature of a different length', headers: { ...good, 'X-Webhook-Signature': good['X-Webhook-Signature']!.slice(2) }, body: raw, code: 'invalid_signature' },
    { name: 'algorithm md5 with a valid md5 HMAC', headers: { ...good, 'X-Webhook-Algorithm': 'md5', 'X-Webhook-Signature': md5 }, body: raw, code: 'invalid_signature' },
    { name: 'algorithm sha1', headers: { ...good, 'X-Webhook-Algorithm': 'sha1' }, body: raw, code: 'invalid_signature' },
    { name: 'unknown algorithm name', headers: { ...good, 'X-Webhook-Algorithm': 'none' }, body: raw, code: 'invalid_signature' },
    { name: 'sha256 signature labelled sha512', headers: { ...good, 'X-Webhook-Algorithm': 'sha512' }, body: raw, code: 'invalid_signature' },
    { name: 'stale timestamp', headers: guideHeaders(raw, { ts: NOW_S - 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'future timestamp', headers: guideHeaders(raw, { ts: NOW_S + 301 }), body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'unparsable timestamp', headers: { ...good, 'X-Webhook-Timestamp': 'NaN' }, body: raw, code: 'timestamp_out_of_tolerance' },
    { name: 'tampered body', headers: good, body: tampered(raw), code: 'invalid_signature' },
    { name: 'body re-serialized with other whitespace', headers: good, body: reformatted(raw), code: 'invalid_signature' },
  ] as const)('parrotrouter verify – rejects $name with $code', ({ headers, body, code }) => {
    expectSourceError(() => source.verify(request(body, headers)), code);
  });
});

describe('parrotrouter parse', () => {
  const parse = (name: string) => source.parse(request(fixture('parrotrouter', name)));

  test.each([
    ['llm.completion', 'generation', 'completed', 'success'],
    ['llm.error', 'generation', 'failed', 'error'],
    ['llm.streaming.start', 'stream', 'started', 'info'],
    ['llm.streaming.end', 'stream', 'completed', 'success'],
  ])('parrotrouter parse – sample %s maps to %s/%s/%s', (type, category, status, severity) => {
    const sample = parrotrouterSource.samples(NOW)[type];
    expect(sample, `sample for ${type}`).toBeDefined();
    expect(source.parse(request(JSON.stringify(sample)))).toMatchObject({ kind: 'event', event: { type, category, status, severity } });
  });

  test('parrotrouter parse – a chunk is a chunk of its request’s stream, never an event', () => {
    expect(parse('llm.streaming.chunk-1')).toEqual({
      kind: 'chunk',
      id: 'evt_1705314603000_c4h5u6n7k',
      streamId: 'req_1705314600900_h7g6f5d4s',
      index: 1,
      text: 'HMAC hums in constant time —\nthe queue holds its breath.',
    });
  });

  test('parrotrouter parse – start, chunks and end share one stream id', () => {
    const start = parse('llm.streaming.start');
    const chunk = parse('llm.streaming.chunk');
    const end = parse('llm.streaming.end');
    expect(start).toMatchObject({ kind: 'event', stream: { id: 'req_1705314600900_h7g6f5d4s', role: 'start' } });
    expect(chunk).toMatchObject({ kind: 'chunk', streamId: 'req_1705314600900_h7g6f5d4s' });
    expect(end).toMatchObject({ kind: 'event', stream: { id: 'req_1705314600900_h7g6f5d4s', role: 'end' } });
  });

  test('parrotrouter parse – the sample chunk belongs to the sample stream', () => {
    const samples = parrotrouterSource.samples(NOW);
    const chunk = source.parse(request(JSON.stringify(samples['llm.streaming.chunk'])));
    const end = source.parse(request(JSON.stringify(samples['llm.streaming.end'])));
    expect(chunk.kind === 'chunk' && end.kind === 'event' && chunk.streamId === end.stream?.id).toBe(true);
  });

  test('parrotrouter parse – a stream end has no body: the receiver assembles it', () => {
    const end = parse('llm.streaming.end');
    expect(end.kind === 'event' && end.event.body).toBeUndefined();
  });

  test('parrotrouter parse – without a requestId the streamId ties a chunk to its end', () => {
    const chunk = source.parse(request('{"id":"e1","event":"llm.streaming.chunk","data":{"streamId":"s1","chunkIndex":0,"content":"a"}}'));
    const end = source.parse(request('{"id":"e2","event":"llm.streaming.end","data":{"streamId":"s1","totalChunks":1}}'));
    expect(chunk).toMatchObject({ kind: 'chunk', streamId: 's1' });
    expect(end).toMatchObject({ kind: 'event', stream: { id: 's1', role: 'end' } });
  });

  test('parrotrouter parse – a code completion becomes a TypeScript code body', () => {
    expect(parse('llm.completion-code')).toMatchObject({ event: { body: { format: 'code', language: 'typescript' }, duration_ms: 950 } });
  });

  test('parrotrouter parse – an unknown event type is accepted as other/info', () => {
    expect(parse('unknown.event')).toMatchObject({ kind: 'event', event: { type: 'llm.cache.hit', category: 'other', status: 'info', severity: 'info' } });
  });

  test.each([
    ['no id', '{"event":"llm.completion","data":{}}', /^id:/],
    ['a chunk without an index', '{"id":"e","event":"llm.streaming.chunk","data":{"streamId":"s","content":"x"}}', /^data\.chunkIndex:/],
    ['a chunk with a negative index', '{"id":"e","event":"llm.streaming.chunk","data":{"streamId":"s","chunkIndex":-1,"content":"x"}}', /^data\.chunkIndex:/],
    ['a chunk without content', '{"id":"e","event":"llm.streaming.chunk","data":{"streamId":"s","chunkIndex":0}}', /^data\.content:/],
    ['a chunk without a stream', '{"id":"e","event":"llm.streaming.chunk","data":{"chunkIndex":0,"content":"x"}}', /requestId/],
    ['a chunk whose text is not text', '{"id":"e","event":"llm.streaming.chunk","data":{"streamId":"s","chunkIndex":0,"content":{"t":"x"}}}', /^data\.content:/],
    ['a chunk whose request id is an object', '{"id":"e","event":"llm.streaming.chunk","data":{"requestId":{},"chunkIndex":0,"content":"x"}}', /^data\.requestId:/],
    ['neither event nor type', '{"id":"e","data":{}}', /^event:/],
  ])('parrotrouter parse – rejects %s as invalid_payload naming the problem', (_name, body, message) => {
    expect(expectSourceError(() => source.parse(request(body)), 'invalid_payload').message).toMatch(message);
  });

  test('parrotrouter parse – the event type may come as `type` instead of `event`', () => {
    expect(source.parse(request('{"id":"e","type":"llm.completion","data":{"completion":"hi"}}'))).toMatchObject({
      kind: 'event',
      event: { type: 'llm.completion', category: 'generation', status: 'completed' },
    });
  });

  test.each([
    ['an end without a stream', '{"id":"e","event":"llm.streaming.end","data":{"totalChunks":2}}', undefined, { type: 'llm.streaming.end' }],
    ['tokens as text', '{"id":"e","event":"llm.completion","data":{"tokens":{"total":"73"}}}', { field: 'data.tokens.total', expected: 'number', found: 'string' }, { usage: { total_tokens: 73 } }],
    ['an error as text', '{"id":"e","event":"llm.error","data":{"error":"upstream down"}}', undefined, { summary: 'upstream down' }],
    ['a total chunk count as an object', '{"id":"e","event":"llm.streaming.end","data":{"requestId":"r","totalChunks":{}}}', { field: 'data.totalChunks', expected: 'number', found: 'object' }, { type: 'llm.streaming.end' }],
  ])('parrotrouter parse – accepts %s, reading around the field and reporting it', (_name, body, drifted, event) => {
    const { inbound, drift } = parseDrifted(source, body);
    expect(drift).toEqual(drifted ? [drifted] : []);
    expect(inbound).toMatchObject({ kind: 'event', event });
    if (inbound.kind === 'event' && inbound.stream) expect(inbound.stream.totalChunks).toBeUndefined();
  });
});
