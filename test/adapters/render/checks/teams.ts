import { expect } from 'vitest';
import { assertTeamsLimits } from '../limits.js';
import type { PlatformChecks } from '../platforms.js';

export const checks: PlatformChecks = {
  limits: (payload) => assertTeamsLimits(payload),
  // Teams webhooks cannot mention anyone: no <at> entities, whatever the route asks.
  pings: (payload) => expect(JSON.stringify(payload)).not.toMatch(/"mentioned"|"entities"/),
};
