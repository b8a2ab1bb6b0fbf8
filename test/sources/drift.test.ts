// Exhaustive schema drift: every non-core field of every realistic sample of every provider,
// replaced by each of the six JSON kinds and signed as the provider signs, is accepted
// (200), routed without error, and renders within every platform's limits.
import { describe, expect, test } from 'vitest';
import type { NormalizedEvent } from '../../src/events/event.js';
import { SOURCE_TYPES, sourceTypeFor } from '../../src/sources/registry.js';
import type { SourceType } from '../../src/sources/source.js';
import { assertLimits, PLATFORM_NAMES, renderAs } from '../adapters/render/platforms.js';
import { testApp } from '../helpers/app.js';
import { driftVariants } from './drift-variants.js';
import { expectedOf } from './expected.js';
import { fixture, request } from './helpers.js';

/** Routes whose `where` filters read fields that drift: routing must never throw on them. */
const config = (type: SourceType) => `
storage: { driver: memory }
sources:
  src: ${JSON.stringify(type.exampleConfig)}
channels:
  local: { platform: console }
  alerts: { platform: console }
routes:
  - match: { where: { "usage.total_tokens": { gt: 10 }, model: { matches: "^gpt" }, "data.data.error.code": { in: [429, "x"] } } }
    to: [alerts]
  - match: { severity: warning, where: { "fields.0.value": { exists: true }, "items.0.severity": { ne: info }, duration_ms: { lte: 5000 } } }
    to: [alerts]
  - match: { where: { summary: { matches: "limit" }, "data.data.totalChunks": { gte: 0 } } }
    to: [alerts]
  - to: [local]
`;

/** Keys whose text picks a rendering path; other texts only matter by being there or empty. */
const LAYOUT_KEYS = new Set(['format', 'language', 'severity', 'status', 'category', 'name']);

/**
 * Events of the same shape render alike (the drifted values are short texts), so each
 * distinct shape is rendered once: texts reduced to empty/non-empty, ids and data left out.
 */
function renderKey(event: NormalizedEvent): string {
  const { id: _id, data: _data, received_at: _r, occurred_at: _o, ...rest } = event;
  return JSON.stringify(rest, (key, value: unknown) => (typeof value === 'string' && !LAYOUT_KEYS.has(key) ? value !== '' : value));
}

describe.each(SOURCE_TYPES.map((s) => s.type))('%s schema drift', (name) => {
  test(`${name} drift – every non-core field in each of six JSON kinds is accepted, routed and renders within every limit`, async () => {
    const type = sourceTypeFor(name);
    const { app, store } = testApp({ config: config(type) });
    const sourceConfig = type.configSchema.parse(type.exampleConfig);
    const now = new Date();
    const variants = driftVariants(type, await expectedOf(name), now);
    expect(variants.length).toBeGreaterThan(50);
    const events = new Map<string, NormalizedEvent>();
    for (const variant of variants) {
      const raw = Buffer.from(JSON.stringify(variant.payload));
      const signed = type.sign(raw, sourceConfig as never, now);
      const query = signed.query ? `?${new URLSearchParams(signed.query).toString()}` : '';
      const res = await app.inject({
        method: 'POST',
        url: `/webhooks/src${query}`,
        payload: raw,
        headers: { ...signed.headers, 'content-type': 'application/json' },
      });
      expect(res.statusCode, `${variant.sample} ${variant.path} as ${variant.kind}: ${res.body}`).toBe(200);
      const id = (res.json() as { id?: string }).id;
      const stored = id === undefined ? [] : await store.eventsById(id);
      for (const { event } of stored) events.set(renderKey(event), event);
    }
    expect(events.size).toBeGreaterThan(0);
    for (const event of events.values()) {
      for (const platform of PLATFORM_NAMES) {
        const { payload } = renderAs(platform, event);
        assertLimits(platform, payload);
      }
    }
  });
});

/** A value nested 10,000 levels deep: reading it must not recurse (no stack overflow → 500). */
const DEEP = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const PLACEHOLDER = '"__deeply_nested__"';

describe.each(SOURCE_TYPES.map((s) => s.type))('%s deep drift', (name) => {
  test(`${name} drift – any non-core field nested 10,000 levels deep is accepted and renders within every limit`, async () => {
    const type = sourceTypeFor(name);
    const { app, store } = testApp({ config: config(type) });
    const sourceConfig = type.configSchema.parse(type.exampleConfig);
    const now = new Date();
    // One variant per field: the 'string' ones carry a placeholder that becomes the deep value.
    const variants = driftVariants(type, await expectedOf(name), now).filter((v) => v.kind === 'string');
    for (const variant of variants) {
      const text = JSON.stringify(variant.payload).replace(JSON.stringify('drifted value'), PLACEHOLDER).replace(PLACEHOLDER, DEEP);
      const raw = Buffer.from(text);
      const signed = type.sign(raw, sourceConfig as never, now);
      const query = signed.query ? `?${new URLSearchParams(signed.query).toString()}` : '';
      const res = await app.inject({
        method: 'POST',
        url: `/webhooks/src${query}`,
        payload: raw,
        headers: { ...signed.headers, 'content-type': 'application/json' },
      });
      expect(res.statusCode, `${variant.sample} ${variant.path} nested deep: ${res.body}`).toBe(200);
      const id = (res.json() as { id?: string }).id;
      for (const { event } of id === undefined ? [] : await store.eventsById(id)) {
        for (const platform of PLATFORM_NAMES) assertLimits(platform, renderAs(platform, event).payload);
      }
    }
  });
});

describe('drifted error objects', () => {
  test('promptha fabric.failed – an error object with a numeric code shows its type, message and code on every platform', () => {
    const type = sourceTypeFor('promptha');
    const source = type.create('promptha', type.configSchema.parse({ type: 'promptha', secret: 's' }));
    const inbound = source.parse(request(fixture('promptha', 'fabric.failed-error-object')));
    if (inbound.kind !== 'event') throw new Error('expected an event');
    for (const platform of PLATFORM_NAMES) {
      const text = JSON.stringify(renderAs(platform, inbound.event).payload);
      expect(text, platform).toContain('Upstream model rate limit reached, retry in 30 seconds');
      expect(text, platform).toContain('rate_limit');
      expect(text, platform).toContain('429');
    }
  });
});
