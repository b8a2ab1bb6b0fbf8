import { expect } from 'vitest';
import { assertSlackLimits } from '../limits.js';
import type { PlatformChecks } from '../platforms.js';

/** What each mention option renders as in Slack: the one ping a payload may hold. */
const MENTION_TOKENS: Record<string, string> = {
  here: '<!here>',
  channel: '<!channel>',
  '123456789012345678': '<@123456789012345678>',
  'role:987654321098765432': '<!subteam^987654321098765432>',
};

export const checks: PlatformChecks = {
  limits: (payload, mention) => assertSlackLimits(payload, mention ? { mentionToken: MENTION_TOKENS[mention]! } : {}),
  pings(payload, mention) {
    const json = JSON.stringify(payload);
    const rest = mention ? json.split(MENTION_TOKENS[mention]!).join('') : json;
    expect(rest).not.toMatch(/<[!@#]/);
  },
};
