import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { testApp } from '../helpers/app.js';
import { everySourceYaml, providerHeaderNames } from '../helpers/sources.js';

/** One source of every registered provider type, keyed by the type. */
const CONFIG = `
storage: { driver: memory }
sources:
${everySourceYaml()}
channels:
  local: { platform: console }
routes:
  - to: [local]
`;

const SIGNATURE_HEADERS = providerHeaderNames();

const body = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom('{"type":"webhook.verification","data":{"challenge":"c"}}', '{"id":"evt_1","type":"generation.completed","data":{}}', '[]', 'null', '{'),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
);
const headerValue = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('sha256=abc', 'v1,AAAA', 'sha512', String(Math.floor(Date.now() / 1000)), 'md5', ''));

describe('receiver under random input', () => {
  it('fuzz – random bodies and headers at every source: never a 5xx, never a stored event', async () => {
    const { app, store } = testApp({ config: CONFIG });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REGISTRIES.sources.map((s) => s.type)),
        body,
        fc.dictionary(fc.constantFrom(...SIGNATURE_HEADERS), headerValue, { maxKeys: 5 }),
        fc.option(fc.string({ maxLength: 20 })),
        async (source, payload, headers, token) => {
          const safeHeaders = Object.fromEntries(Object.entries(headers).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v)));
          const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
          const res = await app.inject({ method: 'POST', url: `/webhooks/${source}${query}`, payload, headers: { ...safeHeaders, 'content-type': 'application/json' } });
          expect(res.statusCode).toBeLessThan(500);
          expect(res.json()).toBeTypeOf('object');
          if (res.statusCode === 200) expect(res.json()).toHaveProperty('challenge');
        },
      ),
      { numRuns: 400 },
    );
    expect(await store.queueDepth()).toEqual({});
    expect(await store.eventsById('evt_1')).toEqual([]);
  });
});
