import type { Adapter } from '../adapter.js';
import { redactUrl } from '../../src/config/secret.js';
import { teamsChannelSchema, type TeamsChannel } from './config.js';
import { renderTeams } from './render.js';
import { sendTeams, teamsLimitScopes } from './send.js';

/** Rendering never reads the credentials: a placeholder webhook selects the format. */
const RENDER_CHANNEL = { platform: 'teams', webhook_url: 'https://example.invalid/workflows/render' };

export const teamsAdapter: Adapter<TeamsChannel> = {
  platform: 'teams',
  configSchema: teamsChannelSchema,
  // Connector limits per webhook: 4 per second, 60 per 30 s, 100 per hour, 1800 per day
  // (docs/platform-limits.md#teams-rate-limits). 60 per 30 s caps a
  // sustained pace at 2/s, so that is the default; the hourly and daily caps of legacy
  // connectors cannot be met by any useful pace and surface as 429 + Retry-After, honoured.
  defaultRate: { count: 2, perMs: 1000 },
  // The first is the default, as in the config: Workflows take Adaptive Cards.
  renderFormats: {
    'teams-adaptive': {
      channel: { ...RENDER_CHANNEL, format: 'adaptive-card' },
      what: '`*.json`: the whole Workflows envelope that is posted; `*.card.json`: just the Adaptive Card',
      preview: '[Adaptive Cards designer](https://adaptivecards.microsoft.com/designer): set the host app to *Microsoft Teams*, then paste a `*.card.json` into the *Card Payload Editor*.',
      // The designer takes the card itself, not the Workflows envelope around it.
      previewPart: { suffix: 'card', pick: (payload) => (payload as { attachments: { content: unknown }[] }).attachments[0]?.content },
    },
    'teams-messagecard': {
      channel: { ...RENDER_CHANNEL, format: 'messagecard' },
      what: 'legacy Office 365 connector MessageCard',
      preview: 'the [MessageCard playground](https://messagecardplayground.azurewebsites.net) (while it lasts), or post to a connector / Workflows flow that accepts MessageCards.',
    },
  },
  render: (event, channel, options) => renderTeams(event, channel, options),
  send: (message, channel, ctx) => sendTeams(message, channel, ctx),
  limitScopes: (channel) => teamsLimitScopes(channel),
  describe: (channel) => `teams ${channel.format} webhook ${redactUrl(channel.webhook_url.reveal())}`,
};
