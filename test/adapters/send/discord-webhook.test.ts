import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discordAdapter } from '../../../adapters/discord/index.js';
import type { DiscordChannel } from '../../../adapters/discord/config.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, refusedOrigin, sendContext, statusClassRows, type Row } from './helpers.js';

const ID = '112233445566778899';
const TOKEN = 'aSecretWebhookTokenThatMustNeverBeLogged_0123456789';
const message = { payload: { content: 'hello', embeds: [], allowed_mentions: { parse: [] } }, summary: 'hello' };

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function channelAt(origin: string, extra: Record<string, unknown> = {}): DiscordChannel {
  return discordAdapter.configSchema.parse({ platform: 'discord', webhook_url: `${origin}/api/webhooks/${ID}/${TOKEN}`, ...extra });
}

async function run(row: Row, channel?: DiscordChannel) {
  const origin = row.transport === 'refused' ? await refusedOrigin() : fake.url;
  if (row.transport === 'timeout') fake.script('/api/', { status: 204, delayMs: 1000 });
  else if (row.reply) fake.script('/api/', row.reply);
  const ctx = sendContext({ url: origin }, { timeoutMs: row.transport === 'timeout' ? 150 : 2000 });
  return outcomeOf(discordAdapter.send(message, channel ?? channelAt(origin), ctx));
}

const OWN = `discord:webhook:${ID}`;
const err = (message: string, code: number) => ({ message, code });

describe('discord webhook send – status → code → retryable', () => {
  const rows: Row[] = [
    { name: '200 (wait=true: the message)', reply: { status: 200, body: { id: '1', content: 'hello' } }, expect: 'delivered' },
    { name: '204', reply: { status: 204 }, expect: 'delivered' },
    { name: '202', reply: { status: 202 }, expect: 'delivered' },
    ...statusClassRows((status) => err(`status ${status}`, 0)),
    { name: '404 Unknown Webhook – the webhook is gone', reply: { status: 404, body: err('Unknown Webhook', 10015) }, expect: 'GONE' },
    { name: '401 Invalid Webhook Token', reply: { status: 401, body: err('Invalid Webhook Token', 50027) }, expect: 'AUTH' },
    { name: '403 Missing Permissions', reply: { status: 403, body: err('Missing Permissions', 50013) }, expect: 'AUTH' },
    { name: '400 Invalid Form Body (bad field)', reply: { status: 400, body: { ...err('Invalid Form Body', 50035), errors: { embeds: { 0: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL' }] } } } } } }, expect: 'REJECTED' },
    { name: '400 Invalid Form Body (over a length limit)', reply: { status: 400, body: { ...err('Invalid Form Body', 50035), errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } } }, expect: 'TOO_LARGE' },
    { name: '400 Cannot send an empty message', reply: { status: 400, body: err('Cannot send an empty message', 50006) }, expect: 'REJECTED' },
    { name: '400 forum channel without thread', reply: { status: 400, body: err('Webhooks posted to forum channels must have a thread_name or thread_id', 220001) }, expect: 'REJECTED' },
    { name: '503 API resource overloaded', reply: { status: 503, body: err('API resource is currently overloaded.', 130000) }, expect: 'SERVER' },
    { name: '502 Cloudflare HTML page', reply: { status: 502, body: '<html><body>Bad gateway</body></html>' }, expect: 'SERVER' },
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });
});

describe('discord webhook send – 429s', () => {
  it('body retry_after (float seconds) and Reset-After win over the rounded Retry-After', async () => {
    const outcome = await run({
      name: '',
      reply: {
        status: 429,
        headers: { 'retry-after': '2', 'x-ratelimit-reset-after': '1.234', 'x-ratelimit-bucket': 'abcd1234', 'x-ratelimit-remaining': '0', 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: 1.234, global: false },
      },
      expect: 'RATE_LIMITED',
    });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 1234, scope: OWN, status: 429 }, outcome);
    expect((outcome as Error).message).toContain('bucket abcd1234');
  });

  it('the longer of retry_after and Reset-After', async () => {
    const outcome = await run({
      name: '',
      reply: { status: 429, headers: { 'x-ratelimit-reset-after': '3.5' }, body: { message: 'x', retry_after: 0.5, global: false } },
      expect: 'RATE_LIMITED',
    });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 3500, scope: OWN }, outcome);
  });

  it('global:true in the body – scope discord:global', async () => {
    const outcome = await run({
      name: '',
      reply: { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You are being rate limited.', retry_after: 0.25, global: true } },
      expect: 'RATE_LIMITED',
    });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 250, scope: 'discord:global' }, outcome);
  });

  it('X-RateLimit-Global header – scope discord:global', async () => {
    const outcome = await run({
      name: '',
      reply: { status: 429, headers: { 'retry-after': '4', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }, body: '' },
      expect: 'RATE_LIMITED',
    });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 4000, scope: 'discord:global' }, outcome);
  });

  it('per-channel write limit (code 20028) – a rate limit whatever the status', async () => {
    const outcome = await run({
      name: '',
      reply: { status: 400, body: { message: 'The channel you are writing has hit the write rate limit', code: 20028, retry_after: 2 } },
      expect: 'RATE_LIMITED',
    });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 2000, scope: OWN }, outcome);
  });
});

describe('discord webhook send – pauses before a 429', () => {
  it('X-RateLimit-Remaining: 0 on a 2xx → a pause for Reset-After on the webhook', async () => {
    fake.script('/api/', { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '1.5', 'x-ratelimit-bucket': 'b' }, body: { id: '1' } });
    const result = await discordAdapter.send(message, channelAt(fake.url), sendContext(fake));
    expect(result.pauses).toEqual([{ scope: OWN, waitMs: 1500 }]);
  });

  it('remaining requests → no pause', async () => {
    fake.script('/api/', { status: 200, headers: { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset-after': '1.5' }, body: { id: '1' } });
    const result = await discordAdapter.send(message, channelAt(fake.url), sendContext(fake));
    expect(result.pauses ?? []).toEqual([]);
  });

  it('against a rate-limited fake, honouring the pauses never meets a 429', async () => {
    fake.limit('/api/v10/webhooks/', { count: 2, windowMs: 300 });
    let notBefore = 0;
    for (let i = 0; i < 5; i++) {
      const wait = notBefore - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const result = await discordAdapter.send(message, channelAt(fake.url), sendContext(fake));
      for (const pause of result.pauses ?? []) notBefore = Date.now() + pause.waitMs;
    }
    expect(fake.stats().rateLimited).toBe(0);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('discord webhook send – request', () => {
  it('posts to the configured origin, API v10, wait=true, with display overrides', async () => {
    const channel = channelAt(fake.url, { username: 'Herald', avatar_url: 'https://example.com/a.png', thread_id: '998877' });
    await discordAdapter.send(message, channel, sendContext(fake));
    const req = fake.requests[0]!;
    expect(req.path).toBe(`/api/v10/webhooks/${ID}/${TOKEN}`);
    expect(req.query).toEqual({ wait: 'true', thread_id: '998877' });
    expect(req.body).toEqual({ ...message.payload, username: 'Herald', avatar_url: 'https://example.com/a.png' });
    expect(req.headers.authorization).toBeUndefined();
  });

  it('keeps username and avatar_url the renderer chose', async () => {
    const rendered = { payload: { content: 'x', username: 'Renderer', avatar_url: 'https://r.example/a.png' }, summary: 'x' };
    await discordAdapter.send(rendered, channelAt(fake.url, { username: 'Herald', avatar_url: 'https://example.com/a.png' }), sendContext(fake));
    expect(fake.requests[0]!.body).toMatchObject({ username: 'Renderer', avatar_url: 'https://r.example/a.png' });
  });

  it('accepts a versioned URL and a proxy path prefix', async () => {
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', webhook_url: `${fake.url}/proxy/api/v9/webhooks/${ID}/${TOKEN}` });
    fake.script('/proxy/', { status: 204 });
    await discordAdapter.send(message, channel, sendContext(fake));
    expect(fake.requests[0]!.path).toBe(`/proxy/api/v10/webhooks/${ID}/${TOKEN}`);
  });

  it('a URL that is not a webhook – REJECTED without a request', async () => {
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', webhook_url: `${fake.url}/not-a-webhook` });
    checkOutcome({ name: '', expect: 'REJECTED' }, await outcomeOf(discordAdapter.send(message, channel, sendContext(fake))));
    expect(fake.requests).toHaveLength(0);
  });

  it('limitScopes and describe', () => {
    const channel = channelAt('https://discord.com');
    expect(discordAdapter.limitScopes(channel)).toEqual([OWN, 'discord:global']);
    expect(discordAdapter.describe(channel)).toBe(`discord webhook ${ID}/<redacted>`);
  });
});
