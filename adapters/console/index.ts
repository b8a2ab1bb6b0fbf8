import type { Adapter } from '../adapter.js';
import { consoleChannelSchema, type ConsoleChannel } from './config.js';
import { renderConsole } from './render.js';
import { sendConsole } from './send.js';

export const consoleAdapter: Adapter<ConsoleChannel> = {
  platform: 'console',
  configSchema: consoleChannelSchema,
  // No platform behind it: the pace only keeps a runaway loop from flooding the terminal.
  defaultRate: { count: 10_000, perMs: 1000 },
  renderFormats: {
    console: { channel: { platform: 'console' }, what: 'the plain text printed by a `console` channel', preview: 'read it.' },
  },
  render: (event, channel, options) => renderConsole(event, channel, options),
  send: (message, _channel, ctx, followUp) => sendConsole(message, ctx, followUp),
  // "Edits" print the message again, marked as an update; a terminal has no threads.
  follows: () => ({ edit: true, thread: false }),
  limitScopes: () => ['console'],
  describe: () => 'console (stdout)',
};
