import { expect } from 'vitest';
import { assertSlackLimits, strings, withoutSlackTokens } from '../limits.js';
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
  // Herald's own `<!date^…>` tokens are the one other `<!` a payload may hold.
  pings(payload, mention) {
    for (const { key, text } of strings(payload)) {
      expect(withoutSlackTokens(text, mention ? MENTION_TOKENS[mention] : undefined), `ping syntax in "${key}"`).not.toMatch(/<[!@#]/);
    }
  },
};
