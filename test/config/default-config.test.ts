import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config/loader.js';

/** The default config's channels that light up from the environment (named like their platforms). */
const OPTIONAL_CHANNELS = ['discord', 'slack', 'teams'];

describe('config/herald.yaml', () => {
  it('default config – loads with no environment at all and routes to the console', () => {
    const result = loadConfig('config/herald.yaml', REGISTRIES, {});
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(Object.keys(result.config.sources).sort()).toEqual(['hooks', 'parrot', 'promptha', 'promptpal', 'slides', 'wpllm']);
    expect(Object.keys(result.config.channels)).toEqual(['console']);
    expect(result.config.disabled_channels.sort()).toEqual(OPTIONAL_CHANNELS);
  });

  it('default config – SLACK/DISCORD/TEAMS_WEBHOOK_URL light up their channels', () => {
    const result = loadConfig('config/herald.yaml', REGISTRIES, {
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc',
      TEAMS_WEBHOOK_URL: 'https://example.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=x',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(Object.keys(result.config.channels).sort()).toEqual(['console', ...OPTIONAL_CHANNELS]);
    expect(result.config.disabled_channels).toEqual([]);
  });

  it('example config – the full example validates with its variables set', () => {
    const env = Object.fromEntries(
      ['WPLLM_SECRET', 'PROMPTHA_SECRET', 'IHATEPPT_SECRET', 'PROMPTPAL_TOKEN', 'PARROT_SECRET', 'SLACK_BOT_TOKEN', 'DISCORD_BOT_TOKEN'].map((k) => [k, `value-of-${k}`]),
    );
    const result = loadConfig('config/examples/full.yaml', REGISTRIES, {
      ...env,
      STD_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc',
      TEAMS_WEBHOOK_URL: 'https://example.logic.azure.com/workflows/1',
      TEAMS_CONNECTOR_URL: 'https://example.webhook.office.com/webhookb2/x',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.routes.map((r) => r.name)).toEqual(['results', 'failures', 'failed-runs', 'big-spenders', 'jobs', 'everything']);
    // The optional channel stays out while its variable is unset.
    expect(result.config.disabled_channels).toEqual(['alerts']);
    expect(result.config.storage.path).toBe('data/herald.db');
  });
});
