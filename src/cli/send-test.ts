import { asDeliveryError } from '../delivery/delivery-error.js';
import type { NormalizedEvent } from '../events/event.js';
import { adapterOf, configFor, CliError, howToEnable, out } from './context.js';

/** The message `herald send-test` posts: it exercises title, fields, body and link. */
export function testEvent(now: Date): NormalizedEvent {
  const at = now.toISOString();
  return {
    id: `test_${now.getTime()}`,
    source: 'herald',
    provider: 'herald',
    type: 'herald.test',
    category: 'system',
    status: 'info',
    severity: 'success',
    title: 'Herald test message',
    summary: 'If you can read this, the channel is configured correctly.',
    body: { format: 'markdown', content: 'Sent by `herald send-test`. **Bold**, _italic_ and a [link](https://example.com).' },
    fields: [
      { name: 'Sent at', value: at },
      { name: 'Host', value: process.env.HOSTNAME ?? 'herald' },
    ],
    items: [],
    links: [{ label: 'Herald', url: 'https://example.com/herald' }],
    occurred_at: at,
    received_at: at,
    data: {},
  };
}

/** `herald send-test --channel <name>`: posts a sample message to one channel, now, once. */
export async function sendTestCommand(options: { channel: string; config?: string }): Promise<number> {
  const { config } = configFor(options.config);
  const channel = config.channels[options.channel];
  if (!channel && config.disabled_channels.includes(options.channel)) {
    throw new CliError(`channel "${options.channel}" is disabled: it is optional and its webhook_url/token is empty; ${howToEnable(config, options.channel)}`);
  }
  if (!channel) throw new CliError(`unknown channel "${options.channel}" (configured: ${Object.keys(config.channels).join(', ') || 'none'})`);
  const adapter = adapterOf(channel.platform);
  const message = adapter.render(testEvent(new Date()), channel);
  try {
    await adapter.send(message, channel, {
      signal: new AbortController().signal,
      timeoutMs: config.delivery.timeout,
      platformConfig: config.platforms[adapter.platform],
      stdout: process.stdout,
    });
  } catch (err) {
    const e = asDeliveryError(err);
    throw new CliError(`send to ${options.channel} (${adapter.describe(channel)}) failed: ${e.code}: ${e.message}${e.retryable ? ' (transient: try again)' : ''}`);
  }
  out(`sent a test message to ${options.channel} (${adapter.describe(channel)})`);
  return 0;
}
