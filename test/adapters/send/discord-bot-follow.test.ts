// A job's later events against the fake Discord bot API: Edit Message (PATCH), and
// replies in a thread started once on the job's message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../adapters/adapter.js';
import type { DiscordChannel } from '../../../adapters/discord/config.js';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, sendContext } from './helpers.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-bot-token';
const CHANNEL_ID = '445566778899001122';
const OWN = `discord:channel:${CHANNEL_ID}`;

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function botChannel(): DiscordChannel {
  return discordAdapter.configSchema.parse({ platform: 'discord', token: TOKEN, channel_id: CHANNEL_ID });
}

const message = (title: string, summary = title) => ({ payload: { embeds: [{ title }], allowed_mentions: { parse: [] } }, summary });

type Ref = Record<string, string>;

async function postJob(): Promise<Ref> {
  const { ref } = await discordAdapter.send(message('started'), botChannel(), sendContext(fake));
  expect(ref).toEqual({ id: expect.stringMatching(/^\d+$/), channel_id: CHANNEL_ID });
  return ref!;
}

const follow = (title: string, followUp: FollowUp, summary?: string) =>
  outcomeOf(discordAdapter.send(message(title, summary), botChannel(), sendContext(fake), followUp));

const routes = () => fake.requests.map((r) => r.route);

describe('discord bot – the job message reference', () => {
  it('is the message id and the channel id', async () => {
    const ref = await postJob();
    expect(fake.messages.get(ref.id!)).toMatchObject({ channel: CHANNEL_ID, edits: 0 });
  });

  it('follows: edits and threads', () => {
    expect(discordAdapter.follows?.(botChannel())).toEqual({ edit: true, thread: true });
  });
});

describe('discord bot – edit (PATCH /channels/:id/messages/:id)', () => {
  it('changes the message', async () => {
    const ref = await postJob();
    expect(await follow('finished', { mode: 'edit', ref })).toEqual({});
    const patch = fake.requests.find((r) => r.route === 'discord.bot.edit')!;
    expect(patch).toMatchObject({ method: 'PATCH', path: `/api/v10/channels/${CHANNEL_ID}/messages/${ref.id}` });
    expect(fake.messages.get(ref.id!)).toMatchObject({ edits: 1, body: { embeds: [{ title: 'finished' }] } });
  });

  it('a deleted message – MESSAGE_GONE', async () => {
    const ref = await postJob();
    fake.deleteMessage(ref.id!);
    checkOutcome({ name: '', expect: 'MESSAGE_GONE', status: 404 }, await follow('finished', { mode: 'edit', ref }));
  });

  it('a 429 – RATE_LIMITED on the edit bucket', async () => {
    fake.script('/api/', { status: 429, body: { message: 'rl', retry_after: 0.75, global: false } });
    const outcome = await follow('finished', { mode: 'edit', ref: { id: '1234', channel_id: CHANNEL_ID } });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 750, scope: `${OWN}:edit` }, outcome);
  });
});

describe('discord bot – thread replies', () => {
  it('the first starts a thread on the job message and posts there; the next reuse it', async () => {
    const ref = await postJob();
    const first = await follow('step 1', { mode: 'thread', ref });
    expect(first).toEqual({ ref: { ...ref, thread_id: ref.id } });
    const second = await follow('step 2', { mode: 'thread', ref: (first as { ref: Ref }).ref });
    expect(second).toEqual({ ref: { ...ref, thread_id: ref.id } });
    expect(routes()).toEqual(['discord.bot', 'discord.bot.thread', 'discord.bot', 'discord.bot']);
    const replies = [...fake.messages.values()].filter((m) => m.thread !== undefined);
    expect(replies.map((m) => [m.channel, m.body.embeds[0].title])).toEqual([
      [ref.id, 'step 1'],
      [ref.id, 'step 2'],
    ]);
    expect(fake.messages.get(ref.id!)!.edits).toBe(0);
  });

  it('names the thread after the summary, cut to 100 characters', async () => {
    const ref = await postJob();
    await follow('step', { mode: 'thread', ref }, `Build ${'x'.repeat(200)}`);
    const name = fake.requests.find((r) => r.route === 'discord.bot.thread')!.body.name as string;
    expect(name).toMatch(/^Build x+…$/);
    expect(name.length).toBe(100);
  });

  it('a thread started by an earlier attempt (160004) – posts into it: its id is the message\'s', async () => {
    const ref = await postJob();
    await follow('step 1', { mode: 'thread', ref });
    // The answer with the thread's id was lost: the reference still has none.
    expect(await follow('step 2', { mode: 'thread', ref })).toEqual({ ref: { ...ref, thread_id: ref.id } });
    expect(fake.requests.filter((r) => r.route === 'discord.bot.thread').map((r) => r.status)).toEqual([201, 400]);
    expect([...fake.messages.values()].filter((m) => m.thread === ref.id)).toHaveLength(2);
  });

  it('the job message deleted before its thread started – MESSAGE_GONE', async () => {
    const ref = await postJob();
    fake.deleteMessage(ref.id!);
    checkOutcome({ name: '', expect: 'MESSAGE_GONE', status: 404 }, await follow('step 1', { mode: 'thread', ref }));
    expect(routes()).toEqual(['discord.bot', 'discord.bot.thread']);
  });

  it.each([
    ['deleted (Unknown Channel)', 404, 10003],
    ['archived', 400, 50083],
    ['locked', 403, 160005],
  ])('the thread %s – MESSAGE_GONE (the configured channel is fine)', async (_name, status, code) => {
    fake.script(`/api/v10/channels/777/messages`, { status, body: { message: 'x', code } });
    const outcome = await follow('step', { mode: 'thread', ref: { id: '777', channel_id: CHANNEL_ID, thread_id: '777' } });
    checkOutcome({ name: '', expect: 'MESSAGE_GONE', status }, outcome);
  });

  it('a 429 in the thread – RATE_LIMITED on the thread\'s own bucket', async () => {
    fake.script('/api/v10/channels/777/messages', { status: 429, body: { message: 'rl', retry_after: 1, global: false } });
    const outcome = await follow('step', { mode: 'thread', ref: { id: '777', channel_id: CHANNEL_ID, thread_id: '777' } });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 1000, scope: 'discord:channel:777' }, outcome);
  });
});
