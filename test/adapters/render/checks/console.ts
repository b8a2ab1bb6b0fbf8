import { expect } from 'vitest';
import type { PlatformChecks } from '../platforms.js';

export const checks: PlatformChecks = {
  // No platform limits: the console prints text, and something must be printed.
  limits(payload) {
    expect(typeof payload).toBe('string');
    expect((payload as string).length).toBeGreaterThan(0);
  },
};
