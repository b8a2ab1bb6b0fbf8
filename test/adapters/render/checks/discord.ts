import { expect } from 'vitest';
import { assertDiscordLimits } from '../limits.js';
import type { PlatformChecks } from '../platforms.js';

/** What each mention option renders as: the message `content` and the `allowed_mentions` that let it ping. */
const MENTIONS: Record<string, [string, unknown]> = {
  here: ['@here', { parse: ['everyone'] }],
  channel: ['@everyone', { parse: ['everyone'] }],
  '123456789012345678': ['<@123456789012345678>', { parse: [], users: ['123456789012345678'] }],
  'role:987654321098765432': ['<@&987654321098765432>', { parse: [], roles: ['987654321098765432'] }],
};

export const checks: PlatformChecks = {
  limits: (payload) => assertDiscordLimits(payload),
  pings(payload, mention) {
    const p = payload as Record<string, unknown>;
    if (mention === undefined) {
      expect(p.allowed_mentions).toEqual({ parse: [] });
      expect(p.content).toBeUndefined();
    } else {
      expect([p.content, p.allowed_mentions]).toEqual(MENTIONS[mention]);
    }
  },
};
