// Every kind of fact on every platform: the value a reader sees, as the platform writes it.
import { describe, expect, it } from 'vitest';
import { factText, PLAIN } from '../../../adapters/render/format.js';
import type { EventField } from '../../../src/events/event.js';
import { baseEvent } from './hostile.js';
import { slackBlocksOf } from './limits.js';
import { PLATFORM_NAMES, renderAs, type PlatformName } from './platforms.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The value of the event's only fact, found where each platform shows facts. */
function shownFact(platform: PlatformName, field: EventField): string | undefined {
  const { payload } = renderAs(platform, baseEvent({ fields: [field] }));
  const p = payload as Json;
  switch (platform) {
    case 'slack': {
      const section = slackBlocksOf(p).find((b) => Array.isArray(b.fields)) as Json | undefined;
      return (section?.fields[0].text as string | undefined)?.split('\n').slice(1).join('\n');
    }
    case 'slack-markdown': {
      const block = (p.blocks as Json[]).find((b) => b.type === 'markdown');
      return /^- \*\*.*?:\*\* (.*)$/m.exec(block?.text ?? '')?.[1];
    }
    case 'discord':
      return p.embeds[0].fields?.[0]?.value;
    case 'teams-adaptive':
      return (p.attachments[0].content.body as Json[]).find((e) => e.type === 'FactSet')?.facts[0].value;
    case 'teams-messagecard':
      return p.sections[0].facts?.[0]?.value;
    case 'console':
      return /^ {2}\S[^:\n]*: +(.*)$/m.exec(payload as string)?.[1];
  }
}

// occurred_at of baseEvent: 2024-01-15T10:30:00Z = 1705314600.
const SLACK_RESET = '<!date^1705318200^{date_short_pretty} {time}|2024-01-15 11:30:00 UTC>';

const CASES: { field: EventField; all: string; on?: Partial<Record<PlatformName, string>> }[] = [
  {
    field: { name: 'Note', kind: 'text', value: 'a < b & c *d*' },
    all: 'a < b & c *d*',
    on: { slack: 'a &lt; b &amp; c *d*', 'teams-messagecard': 'a &lt; b &amp; c *d*', 'slack-markdown': 'a \\< b \\& c \\*d\\*' },
  },
  { field: { name: 'Pages', kind: 'number', value: 1_234_567 }, all: '1,234,567' },
  { field: { name: 'Duration', kind: 'duration', value: 25_500 }, all: '25.5 s' },
  {
    field: { name: 'Retry after', kind: 'delay', value: 60_000 },
    all: '1 min (at 2024-01-15 10:31:00 UTC)',
    on: {
      slack: '1 min (at <!date^1705314660^{date_short_pretty} {time}|2024-01-15 10:31:00 UTC>)',
      discord: '1 min (<t:1705314660:R>)',
    },
  },
  {
    field: { name: 'Resets at', kind: 'time', value: '2024-01-15T11:30:00.000Z' },
    all: '2024-01-15 11:30:00 UTC (in 1 h)',
    on: { slack: `${SLACK_RESET} (in 1 h)`, discord: '<t:1705318200:f> (<t:1705318200:R>)' },
  },
  { field: { name: 'Tokens', kind: 'tokens', value: 279, prompt: 45, completion: 234 }, all: '279 (45 prompt + 234 completion)' },
  { field: { name: 'Score', kind: 'score', value: 0.3, max: 1 }, all: '🔴 30%' },
  { field: { name: 'Score', kind: 'score', value: 65, max: 100 }, all: '🟡 65%' },
  { field: { name: 'Score', kind: 'score', value: 8, max: 10 }, all: '🟢 80%' },
  { field: { name: 'Usage', kind: 'percent', value: 85.25 }, all: '85.3%' },
  { field: { name: 'Remaining', kind: 'credits', value: 1250 }, all: '1,250 credits' },
  { field: { name: 'Cost', kind: 'credits', value: 1 }, all: '1 credit' },
  { field: { name: 'Current usage', kind: 'usage', value: 80, limit: 100 }, all: '80 of 100 (80%)' },
  { field: { name: 'Current usage', kind: 'usage', value: 3, limit: 0 }, all: '3 of 0' },
  { field: { name: 'Size', kind: 'bytes', value: 482_133 }, all: '470.8 KB' },
  { field: { name: 'Cached', kind: 'flag', value: false }, all: 'no' },
];

describe('fact formatting', () => {
  const rows = CASES.flatMap(({ field, all, on }) =>
    PLATFORM_NAMES.map((platform) => [platform, field.kind ?? 'text', field, on?.[platform] ?? all] as const),
  );
  it.each(rows)('%s render – a %s fact reads as the platform writes it', (platform, _kind, field, expected) => {
    expect(shownFact(platform, field)).toBe(expected);
  });

  it('factText – without the event time a delay is only its length and a time has no "in …"', () => {
    expect(factText({ name: 'Retry after', kind: 'delay', value: 90_000 }, PLAIN, undefined)).toBe('1 min 30 s');
    expect(factText({ name: 'At', kind: 'time', value: '2024-01-15T11:30:00.000Z' }, PLAIN, undefined)).toBe('2024-01-15 11:30:00 UTC');
  });

  it('slack and discord render – a time before 1970 stays UTC text (no native token for it)', () => {
    const field: EventField = { name: 'At', kind: 'time', value: '1969-07-20T20:17:00.000Z' };
    expect(shownFact('slack', field)).toMatch(/^1969-07-20 20:17:00 UTC \(\d+ d \d+ h ago\)$/);
    expect(shownFact('discord', field)).toMatch(/^1969-07-20 20:17:00 UTC \(\d+ d \d+ h ago\)$/);
  });
});
