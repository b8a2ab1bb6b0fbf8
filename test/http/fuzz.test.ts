import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

const CONFIG = `
storage: { driver: memory }
sources:
  wpllm: { type: wp-llm, secret: fuzz-secret }
  promptha: { type: promptha, secret: fuzz-secret }
  slides: { type: ihateppt, secret: fuzz-secret }
  promptpal: { type: promptpal, token: fuzz-token }
  parrot: { type: parrotrouter, secret: fuzz-secret }
  hooks: { type: standard-webhooks, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw }
channels:
  local: { platform: console }
routes:
  - to: [local]
`;

const SIGNATURE_HEADERS = [
  'x-wp-llm-signature', 'x-promptha-signature', 'x-promptha-timestamp', 'x-webhook-signature',
  'x-webhook-timestamp', 'x-webhook-event', 'x-webhook-algorithm', 'webhook-id', 'webhook-timestamp', 'webhook-signature',
];

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
        fc.constantFrom('wpllm', 'promptha', 'slides', 'promptpal', 'parrot', 'hooks'),
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
