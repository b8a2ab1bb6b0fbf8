import { describe, expect, test } from 'vitest';
import { SOURCE_TYPES, sourceTypeFor } from '../../src/sources/registry.js';
import type { SourceType } from '../../src/sources/source.js';
import { expectedOf } from './expected.js';
import { request } from './helpers.js';

const now = new Date('2025-03-01T12:00:00.000Z');

describe.each(SOURCE_TYPES.map((s) => s.type))('%s samples', (name) => {
  const type: SourceType = sourceTypeFor(name);
  const config = type.configSchema.parse(type.exampleConfig);
  const source = type.create('samples', config);
  const samples = type.samples(now);

  test(`${type.type} samples – cover every documented event type`, async () => {
    const { documentedTypes } = await expectedOf(type.type);
    expect(Object.keys(samples).sort()).toEqual(expect.arrayContaining([...documentedTypes].sort()));
  });

  test.each(Object.entries(samples))(`${type.type} samples – %s signs, verifies and parses as its type`, (name, sample) => {
    const raw = Buffer.from(JSON.stringify(sample));
    const signed = type.sign(raw, config, now);
    const req = request(raw, signed.headers, { now, query: signed.query });
    source.verify(req);
    const inbound = source.parse(req);
    if (inbound.kind === 'event') {
      // A second sample of one type is named `<type>:<variant>` (onPromptFinished:failed).
      expect(inbound.event.type).toBe(name.replace(/:[^:]+$/, ''));
      expect(inbound.event.category).not.toBe('other');
      expect(Math.abs(Date.parse(inbound.event.occurred_at) - now.getTime())).toBeLessThan(60_000);
    } else {
      expect(name).toBe(inbound.kind === 'chunk' ? 'llm.streaming.chunk' : 'webhook.verification');
    }
  });

  test(`${type.type} samples – a variant's name says how the event ends`, () => {
    for (const name of Object.keys(samples).filter((n) => n.includes(':'))) {
      const raw = Buffer.from(JSON.stringify(samples[name]));
      const signed = type.sign(raw, config, now);
      const inbound = source.parse(request(raw, signed.headers, { now, query: signed.query }));
      expect(inbound.kind === 'event' && inbound.event.status).toBe(name.split(':').pop());
    }
  });

  test(`${type.type} samples – the first one, which herald simulate sends by default, is a routable event`, () => {
    const [, first] = Object.entries(samples)[0]!;
    const raw = Buffer.from(JSON.stringify(first));
    expect(source.parse(request(raw, type.sign(raw, config, now).headers, { now })).kind).toBe('event');
  });

  test(`${type.type} samples – event ids differ from one moment to the next`, () => {
    const later = type.samples(new Date(now.getTime() + 1));
    const ids = (s: Record<string, unknown>) => Object.values(s).map((v) => JSON.stringify(v));
    expect(ids(later)).not.toEqual(ids(samples));
  });
});
