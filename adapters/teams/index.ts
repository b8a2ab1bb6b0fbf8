import type { Adapter } from '../adapter.js';
import { redactUrl } from '../../src/config/secret.js';
import { teamsChannelSchema, type TeamsChannel } from './config.js';
import { renderTeams } from './render.js';
import { sendTeams, teamsLimitScopes } from './send.js';

export const teamsAdapter: Adapter<TeamsChannel> = {
  platform: 'teams',
  configSchema: teamsChannelSchema,
  // Connector limits per webhook: 4 per second, 60 per 30 s, 100 per hour, 1800 per day
  // (learn.microsoft.com "Rate limiting for connectors", PLATFORMS.md). 60 per 30 s caps a
  // sustained pace at 2/s, so that is the default; the hourly and daily caps of legacy
  // connectors cannot be met by any useful pace and surface as 429 + Retry-After, honoured.
  defaultRate: { count: 2, perMs: 1000 },
  render: (event, channel, options) => renderTeams(event, channel, options),
  send: (message, channel, ctx) => sendTeams(message, channel, ctx),
  limitScopes: (channel) => teamsLimitScopes(channel),
  describe: (channel) => `teams ${channel.format} webhook ${redactUrl(channel.webhook_url.reveal())}`,
};
