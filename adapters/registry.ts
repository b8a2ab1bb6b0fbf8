import type { Adapter, AnyAdapter } from './adapter.js';
import { consoleAdapter } from './console/index.js';
import { discordAdapter } from './discord/index.js';
import { slackAdapter } from './slack/index.js';
import { teamsAdapter } from './teams/index.js';

/**
 * Every outbound platform. Adding one = a folder under adapters/ + one line here; the config
 * schema, `herald render`, the gallery and the test matrices derive from this list.
 */
export const ADAPTERS: readonly AnyAdapter[] = [
  slackAdapter,
  discordAdapter,
  teamsAdapter,
  consoleAdapter,
] satisfies readonly Adapter<any, any>[] as readonly Adapter<any, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each adapter has its own channel and platform types
