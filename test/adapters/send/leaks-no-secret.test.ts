import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter, FollowUp, RenderedMessage } from '../../../adapters/adapter.js';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { ADAPTERS } from '../../../adapters/registry.js';
import type { DeliveryError } from '../../../adapters/http.js';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { teamsAdapter } from '../../../adapters/teams/index.js';
import { startFakePlatform, type FakePlatform, type ScriptedReply } from '../../fakes/fake-platform.mjs';
import { everyRendering, failure, refusedOrigin, sendContext } from './helpers.js';

const SLACK_HOOK = '/services/T0001/B0001/slackHookSecret0123456789';
const SLACK_TOKEN = 'xoxb-9999-8888-slackBotSecretToken';
const DISCORD_HOOK_TOKEN = 'discordWebhookSecretToken_abcdefghijklmnopqrstuvwxyz0123456789';
const DISCORD_HOOK = `/api/webhooks/123456789012345678/${DISCORD_HOOK_TOKEN}`;
const DISCORD_BOT_TOKEN = 'MTIzNDU2.discordBotSecretToken';
const TEAMS_SIG = 'teamsWorkflowSignatureSecret0123456789abcd';
const TEAMS_HOOK = `/teams/workflows/0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${TEAMS_SIG}`;

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

interface Case {
  name: string;
  adapter: Adapter<any>;
  config: (origin: string) => Record<string, unknown>;
  /** Strings that must appear nowhere. */
  secrets: (origin: string) => string[];
  prefix: string;
  message: RenderedMessage;
  /** Failing answers, each echoing the secrets back as platforms sometimes do. */
  replies: (origin: string) => ScriptedReply[];
  /** An edit or a thread reply instead of a new message. */
  followUp?: FollowUp;
}

const urlSecrets = (origin: string, path: string): string[] => {
  const url = new URL(`${origin}${path}`);
  return [url.href, url.pathname, url.search, url.pathname + url.search].filter((s) => s.length > 1);
};

const cases: Case[] = [
  {
    name: 'slack webhook',
    adapter: slackAdapter,
    config: (origin) => ({ platform: 'slack', webhook_url: `${origin}${SLACK_HOOK}` }),
    secrets: (origin) => [...urlSecrets(origin, SLACK_HOOK), 'slackHookSecret0123456789'],
    prefix: '/services/',
    message: { payload: { text: 'x' }, summary: 'x' },
    replies: (origin) => [
      { status: 400, body: `invalid_payload for ${origin}${SLACK_HOOK}` },
      { status: 500, body: `oops ${SLACK_HOOK}` },
      { status: 301, headers: { location: `${origin}${SLACK_HOOK}/moved` }, body: `moved to ${origin}${SLACK_HOOK}/moved` },
    ],
  },
  {
    name: 'slack bot',
    adapter: slackAdapter,
    config: () => ({ platform: 'slack', token: SLACK_TOKEN, channel: 'C0123ABCD' }),
    secrets: () => [SLACK_TOKEN],
    prefix: '/api/chat.postMessage',
    message: { payload: { text: 'x' }, summary: 'x' },
    replies: () => [
      { status: 200, body: { ok: false, error: 'invalid_auth', token: SLACK_TOKEN } },
      { status: 200, body: `token ${SLACK_TOKEN} is not valid` },
      { status: 500, body: { ok: false, error: `bad ${SLACK_TOKEN}` } },
      { status: 429, body: { ok: false, error: 'ratelimited' } },
    ],
  },
  {
    name: 'discord webhook',
    adapter: discordAdapter,
    config: (origin) => ({ platform: 'discord', webhook_url: `${origin}${DISCORD_HOOK}` }),
    secrets: (origin) => [...urlSecrets(origin, DISCORD_HOOK), DISCORD_HOOK_TOKEN],
    prefix: '/api/',
    message: { payload: { content: 'x' }, summary: 'x' },
    replies: (origin) => [
      { status: 401, body: { message: `Invalid Webhook Token ${DISCORD_HOOK_TOKEN}`, code: 50027 } },
      { status: 404, body: `no webhook at ${origin}${DISCORD_HOOK}` },
      { status: 429, body: { message: `slow down ${DISCORD_HOOK}`, retry_after: 1, global: false } },
    ],
  },
  {
    name: 'discord bot',
    adapter: discordAdapter,
    config: () => ({ platform: 'discord', token: DISCORD_BOT_TOKEN, channel_id: '445566778899001122' }),
    secrets: () => [DISCORD_BOT_TOKEN],
    prefix: '/api/',
    message: { payload: { content: 'x' }, summary: 'x' },
    replies: () => [{ status: 401, body: { message: `401: Unauthorized (Bot ${DISCORD_BOT_TOKEN})`, code: 0 } }],
  },
  {
    name: 'slack bot edit',
    adapter: slackAdapter,
    config: () => ({ platform: 'slack', token: SLACK_TOKEN, channel: 'C0123ABCD' }),
    secrets: () => [SLACK_TOKEN],
    prefix: '/api/chat.update',
    message: { payload: { text: 'x' }, summary: 'x' },
    replies: () => [
      { status: 200, body: { ok: false, error: 'message_not_found', token: SLACK_TOKEN } },
      { status: 500, body: { ok: false, error: `bad ${SLACK_TOKEN}` } },
    ],
    followUp: { mode: 'edit', ref: { channel: 'C0123ABCD', ts: '1700000000.000100' } },
  },
  {
    name: 'discord webhook edit',
    adapter: discordAdapter,
    config: (origin) => ({ platform: 'discord', webhook_url: `${origin}${DISCORD_HOOK}` }),
    secrets: (origin) => [...urlSecrets(origin, DISCORD_HOOK), DISCORD_HOOK_TOKEN],
    prefix: '/api/',
    message: { payload: { content: 'x' }, summary: 'x' },
    replies: (origin) => [
      { status: 404, body: { message: `Unknown Message at ${origin}${DISCORD_HOOK}/messages/1`, code: 10008 } },
      { status: 429, body: { message: `slow down ${DISCORD_HOOK}`, retry_after: 1, global: false } },
    ],
    followUp: { mode: 'edit', ref: { id: '1234567890' } },
  },
  {
    name: 'discord bot thread reply',
    adapter: discordAdapter,
    config: () => ({ platform: 'discord', token: DISCORD_BOT_TOKEN, channel_id: '445566778899001122' }),
    secrets: () => [DISCORD_BOT_TOKEN],
    prefix: '/api/',
    message: { payload: { content: 'x' }, summary: 'x' },
    replies: () => [{ status: 403, body: { message: `Missing Permissions (Bot ${DISCORD_BOT_TOKEN})`, code: 50013 } }],
    followUp: { mode: 'thread', ref: { id: '1234567890', channel_id: '445566778899001122' } },
  },
  {
    name: 'teams',
    adapter: teamsAdapter,
    config: (origin) => ({ platform: 'teams', webhook_url: `${origin}${TEAMS_HOOK}` }),
    secrets: (origin) => [...urlSecrets(origin, TEAMS_HOOK), TEAMS_SIG],
    prefix: '/teams/',
    message: { payload: { type: 'message' }, summary: 'x' },
    replies: (origin) => [
      { status: 400, body: `The request to ${origin}${TEAMS_HOOK} is invalid` },
      { status: 200, body: `Webhook message delivery failed with error: HTTP error 413 (sig=${TEAMS_SIG})` },
      { status: 401, body: `signature ${TEAMS_SIG} does not match` },
    ],
  },
];

it('leaks no secret – every registered platform that holds a credential has its cases here', () => {
  // A render format's channel carries the platform's credentials (placeholders) when it has any.
  const withCredentials = ADAPTERS.filter((a) => Object.values(a.renderFormats).some((f) => 'webhook_url' in f.channel || 'token' in f.channel));
  expect([...new Set(cases.map((c) => c.adapter.platform))].sort()).toEqual(withCredentials.map((a) => a.platform).sort());
});

function expectClean(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe.each(cases)('$name – leaks no secret', (c) => {
  it('in describe() and limitScopes()', () => {
    const channel = c.adapter.configSchema.parse(c.config(fake.url));
    expectClean(c.adapter.describe(channel), c.secrets(fake.url));
    expectClean(c.adapter.limitScopes(channel).join(' '), c.secrets(fake.url));
    expectClean(JSON.stringify(channel), c.secrets(fake.url));
  });

  it('in the error of a failing answer (message, JSON, inspect with causes, stack)', async () => {
    const channel = c.adapter.configSchema.parse(c.config(fake.url));
    for (const reply of c.replies(fake.url)) {
      fake.script(c.prefix, reply);
      const err: DeliveryError = await failure(c.adapter.send(c.message, channel, sendContext(fake), c.followUp));
      expectClean(everyRendering(err), c.secrets(fake.url));
    }
  });

  it('in the error of a refused connection and of a timeout', async () => {
    const origin = await refusedOrigin();
    const refused = await failure(
      c.adapter.send(c.message, c.adapter.configSchema.parse(c.config(origin)), sendContext({ url: origin }), c.followUp),
    );
    expect(refused.code).toBe('NETWORK');
    expectClean(everyRendering(refused), c.secrets(origin));

    fake.script(c.prefix, { status: 200, delayMs: 1000 });
    const timedOut = await failure(
      c.adapter.send(c.message, c.adapter.configSchema.parse(c.config(fake.url)), sendContext(fake, { timeoutMs: 100 }), c.followUp),
    );
    expect(timedOut.code).toBe('TIMEOUT');
    expectClean(everyRendering(timedOut), c.secrets(fake.url));
  });
});
