import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SOURCE_TYPES, sourceTypeFor } from '../../src/sources/registry.js';
import { SourceError, type Inbound, type Source, type SourceType } from '../../src/sources/source.js';
import { providerHeaderNames } from '../helpers/sources.js';
import { fixtures, NOW, NOW_S, request } from './helpers.js';

/**
 * Random bodies and headers thrown at every source: verify() and parse() only ever throw
 * SourceError, and nothing gets through verify() without a valid signature or token.
 */
const sources = SOURCE_TYPES.map(({ type: name }) => {
  const t: SourceType = sourceTypeFor(name);
  const config = t.configSchema.parse(t.exampleConfig);
  return { type: t, config, source: t.create('prop', config) };
});

/** The header names each provider sends (as it signs) or declares, so random requests hit real code paths. */
const HEADER_NAMES = ['content-type', ...providerHeaderNames()];
const TOP_KEYS = ['id', 'object', 'created', 'type', 'event', 'data', 'timestamp', 'projectId', 'promptId', 'userId',
  'result', 'duration', 'tokens', 'cached', 'ip', 'userAgent', 'providerDefaultModel'];
const DATA_KEYS = ['id', 'eventId', 'model', 'prompt', 'completion', 'usage', 'issues', 'score', 'recommendations',
  'limit', 'quota', 'current_usage', 'reset_time', 'retry_after', 'error', 'executionId', 'fabricId', 'result',
  'inputs', 'message', 'summary', 'remaining', 'threshold', 'lastUsage', 'pages', 'download_url', 'generation_time',
  'cost', 'challenge', 'requestId', 'streamId', 'chunkIndex', 'content', 'totalChunks', 'metadata', 'tokens',
  'start_time', 'changes', 'next_retry_at', 'size', 'training_time'];

const eventTypes = [...new Set(sources.flatMap(({ type }) => Object.keys(type.samples(NOW))))];

const signatureLike = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
  fc.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
  fc.constantFrom('sha256', 'sha512', 'md5', 'SHA256', ''),
  fc.integer({ min: NOW_S - 400, max: NOW_S + 400 }).map(String),
);
const headers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), signatureLike, { maxKeys: 6 });
/** The example configs' secrets and tokens: no error message may show one. */
const SECRET_VALUES = sources.flatMap(({ type }) => Object.entries(type.exampleConfig).flatMap(([key, value]) => (key !== 'type' && typeof value === 'string' ? [value] : [])));
/** Query parameters that carry a token, with random values and near misses of the real ones. */
const query = fc.record(
  Object.fromEntries(
    [...new Set(SOURCE_TYPES.flatMap((s) => s.signatureQuery ?? []))].map((name) => [
      name,
      fc.option(fc.oneof(fc.string(), fc.constantFrom(...SECRET_VALUES.map((v) => `${v} `))), { nil: undefined }),
    ]),
  ),
);

/** Payload-shaped JSON: real keys and event types with random values. */
const payloadLike = fc
  .record({
    top: fc.dictionary(fc.constantFrom(...TOP_KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
    data: fc.dictionary(fc.constantFrom(...DATA_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
    type: fc.oneof(fc.constantFrom(...eventTypes), fc.string()),
    id: fc.oneof(fc.string(), fc.integer()),
  })
  .map(({ top, data, type, id }) => JSON.stringify({ id, type, event: type, ...top, data }));

/** Real fixtures with one value replaced by something random. */
const allFixtures = sources.flatMap(({ type }) => fixtures(type.type).map((f) => JSON.parse(f.raw.toString('utf8')) as Record<string, unknown>));
const mutatedFixture = fc
  .record({
    base: fc.constantFrom(...allFixtures),
    inData: fc.boolean(),
    key: fc.constantFrom(...TOP_KEYS, ...DATA_KEYS),
    value: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ base, inData, key, value }) => {
    const copy = structuredClone(base);
    const target = inData && copy.data !== null && typeof copy.data === 'object' ? (copy.data as Record<string, unknown>) : copy;
    target[key] = value;
    return JSON.stringify(copy);
  });

const body = fc.oneof(
  fc.string().map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  payloadLike.map((s) => Buffer.from(s)),
  mutatedFixture.map((s) => Buffer.from(s)),
);

const VERIFY_CODES = ['missing_signature', 'invalid_signature', 'timestamp_out_of_tolerance'];

function outcome(fn: () => Inbound | void): { ok: true; value: Inbound | void } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function isChallenge(raw: Buffer): boolean {
  try {
    const value = JSON.parse(raw.toString('utf8')) as { type?: unknown; data?: { challenge?: unknown } };
    return value.type === 'webhook.verification' && typeof value.data?.challenge === 'string';
  } catch {
    return false;
  }
}

describe.each(sources)('$type.type property', ({ type, config, source }: { type: SourceType; config: unknown; source: Source }) => {
  test(`${type.type} verify – random requests throw only SourceError and never pass unsigned`, () => {
    fc.assert(
      fc.property(body, headers, query, (raw, h, q) => {
        const result = outcome(() => source.verify(request(raw, h, { query: q })));
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(SourceError);
          expect(VERIFY_CODES).toContain((result.error as SourceError).code);
          for (const secret of SECRET_VALUES) expect((result.error as SourceError).message).not.toContain(secret);
          return;
        }
        // The only unsigned request any source lets through: I Hate PPT's challenge, answered and never stored.
        expect(type.type).toBe('ihateppt');
        expect(isChallenge(raw)).toBe(true);
        expect(source.parse(request(raw, h)).kind).toBe('reply');
      }),
    );
  });

  test(`${type.type} parse – random bodies throw only invalid_payload`, () => {
    fc.assert(
      fc.property(body, headers, (raw, h) => {
        const result = outcome(() => source.parse(request(raw, h)));
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(SourceError);
          expect((result.error as SourceError).code).toBe('invalid_payload');
        }
      }),
    );
  });

  test(`${type.type} sign – signed random bodies verify, and one flipped byte does not`, () => {
    fc.assert(
      fc.property(fc.oneof(payloadLike, mutatedFixture), fc.nat(), (text, position) => {
        const raw = Buffer.from(text);
        const signed = type.sign(raw, config as never, NOW);
        source.verify(request(raw, signed.headers, { query: signed.query }));
        const result = outcome(() => source.parse(request(raw, signed.headers)));
        if (!result.ok) expect((result.error as SourceError).code).toBe('invalid_payload');

        if (type.signatureHeaders.length === 0) return; // a token in the URL does not cover the body
        const flipped = Buffer.from(raw);
        const i = position % flipped.length;
        flipped[i] = flipped[i]! ^ 0x01;
        expect(() => source.verify(request(flipped, signed.headers, { query: signed.query }))).toThrow(SourceError);
      }),
    );
  });
});
