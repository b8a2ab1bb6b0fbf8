import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discordAdapter } from '../../../adapters/discord/index.js';
import type { DiscordChannel } from '../../../adapters/discord/config.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, refusedOrigin, sendContext, statusClassRows, type Row } from './helpers.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-bot-token';
const CHANNEL_ID = '445566778899001122';
const message = { payload: { content: 'hello', allowed_mentions: { parse: [] } }, summary: 'hello' };

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function botChannel(extra: Record<string, unknown> = {}): DiscordChannel {
  return discordAdapter.configSchema.parse({ platform: 'discord', token: TOKEN, channel_id: CHANNEL_ID, ...extra });
}

async function run(row: Row) {
  const origin = row.transport === 'refused' ? await refusedOrigin() : fake.url;
  if (row.transport === 'timeout') fake.script('/api/', { status: 200, body: { id: '1' }, delayMs: 1000 });
  else if (row.reply) fake.script('/api/', row.reply);
  const ctx = sendContext({ url: origin }, { timeoutMs: row.transport === 'timeout' ? 150 : 2000 });
  return outcomeOf(discordAdapter.send(message, botChannel(), ctx));
}

const OWN = `discord:channel:${CHANNEL_ID}`;

describe('discord bot send – status → code → retryable', () => {
  const rows: Row[] = [
    { name: '200 (the message)', reply: { status: 200, body: { id: '1' } }, expect: 'delivered' },
    ...statusClassRows((status) => ({ message: `status ${status}`, code: 0 })),
    { name: '404 Unknown Channel', reply: { status: 404, body: { message: 'Unknown Channel', code: 10003 } }, expect: 'GONE' },
    { name: '403 Missing Access', reply: { status: 403, body: { message: 'Missing Access', code: 50001 } }, expect: 'AUTH' },
    { name: '429 bucket – scoped to the channel', reply: { status: 429, headers: { 'x-ratelimit-bucket': 'h' }, body: { message: 'rl', retry_after: 0.8, global: false } }, expect: 'RATE_LIMITED', retryAfterMs: 800, scope: OWN },
    { name: '429 global', reply: { status: 429, body: { message: 'rl', retry_after: 0.8, global: true } }, expect: 'RATE_LIMITED', retryAfterMs: 800, scope: 'discord:global' },
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });
});

describe('discord bot send – request', () => {
  it('POSTs {discordApiUrl}/v10/channels/:id/messages with "Authorization: Bot <token>"', async () => {
    await discordAdapter.send(message, botChannel(), sendContext(fake));
    const req = fake.requests[0]!;
    expect(req.path).toBe(`/api/v10/channels/${CHANNEL_ID}/messages`);
    expect(req.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(req.body).toEqual(message.payload);
  });

  it('Remaining: 0 on success → a pause on the channel bucket', async () => {
    fake.script('/api/', { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.75' }, body: { id: '1' } });
    const result = await discordAdapter.send(message, botChannel(), sendContext(fake));
    expect(result.pauses).toEqual([{ scope: OWN, waitMs: 750 }]);
  });

  it('limitScopes and describe', () => {
    expect(discordAdapter.limitScopes(botChannel())).toEqual([OWN, 'discord:global']);
    expect(discordAdapter.describe(botChannel())).toBe(`discord channel ${CHANNEL_ID} via bot`);
  });
});
