import type { Adapter } from './adapter.js';
import { consoleAdapter } from './console/index.js';
import { discordAdapter } from './discord/index.js';
import { slackAdapter } from './slack/index.js';
import { teamsAdapter } from './teams/index.js';

/** Every outbound platform. Adding one = a folder under adapters/ + one line here. */
export const ADAPTERS = [slackAdapter, discordAdapter, teamsAdapter, consoleAdapter] as const satisfies readonly Adapter<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each adapter has its own channel type

export type AnyAdapter = Adapter<{ platform: string }>;

export function adapterFor(platform: string): AnyAdapter {
  const adapter = ADAPTERS.find((a) => a.platform === platform);
  if (!adapter) throw new Error(`unknown platform "${platform}"`);
  return adapter as unknown as AnyAdapter;
}
