// Every platform stays inside every limit for any input, pings nobody unless asked, and
// never makes a non-http link clickable.
import { describe, expect, it } from 'vitest';
import { HOSTILE, MENTIONS } from './hostile.js';
import { strings, withoutSlackTokens } from './limits.js';
import { assertLimits, PLATFORM_NAMES, PLATFORMS, type PlatformName } from './platforms.js';

const SLACK_TOKENS: Record<string, string> = {
  here: '<!here>',
  channel: '<!channel>',
  '123456789012345678': '<@123456789012345678>',
  'role:987654321098765432': '<!subteam^987654321098765432>',
};

const cases = Object.entries(HOSTILE).flatMap(([name, event]) =>
  PLATFORM_NAMES.flatMap((platform) => MENTIONS.map((mention) => [platform, name, mention ?? 'none', event, mention] as const)),
);

describe('hostile input', () => {
  it.each(cases)('%s render – %s (mention: %s) stays within every platform limit', (platform, _name, _m, event, mention) => {
    const { payload, summary } = PLATFORMS[platform](event, mention ? { mention } : {});
    assertLimits(platform, payload, mention ? SLACK_TOKENS[mention] : undefined);
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.length).toBeLessThanOrEqual(200);
    assertNoPingsFromText(platform, payload, mention);
  });
});

function assertNoPingsFromText(platform: PlatformName, payload: unknown, mention: string | undefined): void {
  const p = payload as Record<string, unknown>;
  if (platform === 'discord') {
    if (mention === undefined) {
      expect(p.allowed_mentions).toEqual({ parse: [] });
      expect(p.content).toBeUndefined();
    } else {
      const expected: Record<string, [string, unknown]> = {
        here: ['@here', { parse: ['everyone'] }],
        channel: ['@everyone', { parse: ['everyone'] }],
        '123456789012345678': ['<@123456789012345678>', { parse: [], users: ['123456789012345678'] }],
        'role:987654321098765432': ['<@&987654321098765432>', { parse: [], roles: ['987654321098765432'] }],
      };
      expect([p.content, p.allowed_mentions]).toEqual(expected[mention]);
    }
  }
  if (platform === 'slack' || platform === 'slack-markdown') {
    for (const { text } of strings(p)) expect(withoutSlackTokens(text, mention ? SLACK_TOKENS[mention] : undefined)).not.toMatch(/<[!@#]/);
  }
  if (platform === 'teams-adaptive' || platform === 'teams-messagecard') {
    // No real mention: no <at> entities.
    expect(JSON.stringify(p)).not.toMatch(/"mentioned"|"entities"/);
  }
}

describe('hostile input – specifics', () => {
  it.each(PLATFORM_NAMES)('%s render – never makes a javascript:, data: or vbscript: link', (platform) => {
    const { payload } = PLATFORMS[platform](HOSTILE['javascript links']!);
    for (const { text } of strings(payload)) {
      expect(text).not.toMatch(/\]\(\s*(javascript|data|vbscript):/i);
      expect(text).not.toMatch(/<(javascript|data|vbscript):[^>]*\|/i);
      expect(text).not.toMatch(/^(javascript|data|vbscript):/i);
    }
    expect(JSON.stringify(payload)).not.toMatch(/javascript:/i);
  });

  it.each(PLATFORM_NAMES)('%s render – shows a visible "truncated" note for a 200 KB completion', (platform) => {
    for (const name of ['huge code completion', 'huge markdown completion']) {
      const { payload } = PLATFORMS[platform](HOSTILE[name]!);
      expect(JSON.stringify(payload)).toMatch(/truncated/);
    }
  });

  it.each(PLATFORM_NAMES)('%s render – collapses 500 issues into "and N more"', (platform) => {
    const { payload } = PLATFORMS[platform](HOSTILE['500 analysis issues']!);
    expect(JSON.stringify(payload)).toMatch(/and \d[\d,]* more/);
  });

  it.each(PLATFORM_NAMES)('%s render – keeps emoji and RTL text intact', (platform) => {
    const { payload } = PLATFORMS[platform](HOSTILE['emoji and RTL text']!);
    const text = JSON.stringify(payload);
    expect(text).toContain('مرحبا بالعالم 👋🏽 שלום 👨‍👩‍👧‍👦 🇺🇦');
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it.each(PLATFORM_NAMES)('%s render – strips terminal escapes and lone surrogates', (platform) => {
    const { payload } = PLATFORMS[platform](HOSTILE['control characters']!);
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    expect(text).not.toMatch(/\\u00[01][0-9a-f]/i);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it.each(PLATFORM_NAMES)('%s render – never reads event.data', (platform) => {
    for (const event of Object.values(HOSTILE)) expect(() => PLATFORMS[platform](event)).not.toThrow();
  });
});
