// Property: for any text in any field, every platform stays inside its limits, keeps fences
// balanced and pings nobody without a mention option.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/events/event.js';
import { SEVERITIES } from '../../../src/events/event.js';
import { baseEvent } from './hostile.js';
import { assertLimits, PLATFORM_NAMES, renderAs } from './platforms.js';

// Text built from the pieces that break renderers, plus arbitrary unicode.
const piece = fc.oneof(
  fc.constantFrom('```', '```php', '~~~', '`', '\n', '\n\n', '<!channel>', '<@U1>', '@everyone', '&amp;', '<', '>', '&', '*', '_', '#', '> ', '- ', '[x](javascript:alert(1))', '[y](https://ok.example)', '😀', '👨‍👩‍👧‍👦', 'שלום', '\u0000', '\u001b[31m', '\ud800'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 400 }).map((s) => s.repeat(5)),
);
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

// Typed facts with any number (huge, tiny, negative, fractional) and any text.
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const field = fc.oneof(
  fc.record({ name: text, value: text }),
  fc.record({ name: text, kind: fc.constantFrom('number', 'duration', 'delay', 'percent', 'credits', 'bytes' as const), value: number }),
  fc.record({ name: text, kind: fc.constant('time' as const), value: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }),
  fc.record({ name: text, kind: fc.constant('tokens' as const), value: number, prompt: number, completion: number }),
  fc.record({ name: text, kind: fc.constant('score' as const), value: number, max: number }),
  fc.record({ name: text, kind: fc.constant('usage' as const), value: number, limit: number }),
  fc.record({ name: text, kind: fc.constant('flag' as const), value: fc.boolean() }),
  fc.record({ name: text, kind: fc.constant('list' as const), value: fc.array(text, { maxLength: 15 }) }),
) as fc.Arbitrary<NormalizedEvent['fields'][number]>;

const event: fc.Arbitrary<NormalizedEvent> = fc
  .record({
    title: text,
    summary: fc.option(text, { nil: undefined }),
    prompt: fc.option(text, { nil: undefined }),
    model: fc.option(text, { nil: undefined }),
    body: fc.option(fc.record({ format: fc.constantFrom('markdown', 'code', 'text' as const), content: text, language: fc.option(text, { nil: undefined }) }), { nil: undefined }),
    fields: fc.array(field, { maxLength: 30 }),
    error: fc.option(fc.record({ code: fc.option(text, { nil: undefined }), message: fc.option(text, { nil: undefined }) }), { nil: undefined }),
    items: fc.array(fc.record({ severity: fc.constantFrom(...SEVERITIES), title: text, detail: fc.option(text, { nil: undefined }), location: fc.option(text, { nil: undefined }) }), { maxLength: 80 }),
    links: fc.array(fc.record({ label: text, url: fc.oneof(fc.webUrl(), text) }), { maxLength: 8 }),
    severity: fc.constantFrom(...SEVERITIES),
    status: fc.constantFrom('started', 'progress', 'completed', 'failed', 'cancelled', 'alert', 'info' as const),
  })
  .map((parts) => {
    const overrides: Partial<NormalizedEvent> = { ...parts, body: parts.body && { ...parts.body, language: parts.body.language } };
    for (const key of Object.keys(overrides) as (keyof NormalizedEvent)[]) if (overrides[key] === undefined) delete overrides[key];
    return baseEvent(overrides, false);
  });

describe('render properties', () => {
  it.each(PLATFORM_NAMES)('%s render – any event stays within every limit and pings nobody', (platform) => {
    fc.assert(
      fc.property(event, (e) => {
        const { payload } = renderAs(platform, e);
        assertLimits(platform, payload);
      }),
      { numRuns: Number(process.env.RENDER_PROPERTY_RUNS ?? 60) },
    );
  });
});
