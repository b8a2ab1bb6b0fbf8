// A job's later events against the fake Discord webhook API: Execute Webhook with
// ?wait=true answers the message whose id is the job's reference; Edit Webhook Message
// (PATCH) edits it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../adapters/adapter.js';
import type { DiscordChannel } from '../../../adapters/discord/config.js';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, sendContext } from './helpers.js';

const ID = '112233445566778899';
const TOKEN = 'aSecretWebhookTokenThatMustNeverBeLogged_0123456789';
const OWN = `discord:webhook:${ID}`;

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function channelAt(extra: Record<string, unknown> = {}): DiscordChannel {
  return discordAdapter.configSchema.parse({ platform: 'discord', webhook_url: `${fake.url}/api/webhooks/${ID}/${TOKEN}`, ...extra });
}

const message = (title: string) => ({
  payload: { embeds: [{ title }], allowed_mentions: { parse: [] }, username: 'Herald', avatar_url: 'https://example.com/a.png' },
  summary: title,
});

async function postJob(channel = channelAt()): Promise<{ id: string }> {
  const { ref } = await discordAdapter.send(message('started'), channel, sendContext(fake));
  expect(ref).toEqual({ id: expect.stringMatching(/^\d+$/) });
  return ref as { id: string };
}

const edit = (ref: Record<string, string>, channel = channelAt()) =>
  outcomeOf(discordAdapter.send(message('finished'), channel, sendContext(fake), { mode: 'edit', ref } satisfies FollowUp));

describe('discord webhook – the job message reference', () => {
  it('is the id of the message ?wait=true answered', async () => {
    const ref = await postJob();
    expect(fake.requests[0]!.query).toMatchObject({ wait: 'true' });
    expect(fake.messages.get(ref.id)).toMatchObject({ platform: 'discord', webhookId: ID, edits: 0 });
  });

  it('none when the answer is no message (a proxy that answers 204)', async () => {
    fake.script('/api/', { status: 204 });
    expect(await discordAdapter.send(message('x'), channelAt(), sendContext(fake))).toEqual({});
  });

  it('follows: edits, no threads (a webhook cannot start one)', async () => {
    expect(discordAdapter.follows?.(channelAt())).toEqual({ edit: true, thread: false });
    const outcome = await outcomeOf(discordAdapter.send(message('x'), channelAt(), sendContext(fake), { mode: 'thread', ref: { id: '1' } }));
    checkOutcome({ name: '', expect: 'BUG' }, outcome);
  });
});

describe('discord webhook – edit (PATCH …/messages/:id)', () => {
  it('changes the message\'s embeds; sends only what an edit takes', async () => {
    const ref = await postJob();
    expect(await edit(ref)).toEqual({});
    const patch = fake.requests.find((r) => r.route === 'discord.webhook.edit')!;
    expect(patch).toMatchObject({ method: 'PATCH', path: `/api/v10/webhooks/${ID}/${TOKEN}/messages/${ref.id}`, query: {} });
    expect(patch.body).toEqual({ embeds: [{ title: 'finished' }], allowed_mentions: { parse: [] } });
    const kept = fake.messages.get(ref.id)!;
    expect(kept.edits).toBe(1);
    expect(kept.body.embeds).toEqual([{ title: 'finished' }]);
  });

  it('a message in the configured thread is edited there (thread_id)', async () => {
    const channel = channelAt({ thread_id: '998877' });
    const ref = await postJob(channel);
    expect(await edit(ref, channel)).toEqual({});
    expect(fake.messages.get(ref.id)).toMatchObject({ thread: '998877', edits: 1 });
  });

  it('a deleted message – 404 Unknown Message (10008): MESSAGE_GONE', async () => {
    const ref = await postJob();
    fake.deleteMessage(ref.id);
    checkOutcome({ name: '', expect: 'MESSAGE_GONE', status: 404 }, await edit(ref));
  });

  it('404 Unknown Webhook (10015) – GONE: the webhook itself is gone', async () => {
    fake.script('/api/', { status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    checkOutcome({ name: '', expect: 'GONE', status: 404 }, await edit({ id: '1234' }));
  });

  it('a 429 – RATE_LIMITED on the edit bucket, not the webhook\'s posts', async () => {
    fake.script('/api/', { status: 429, headers: { 'x-ratelimit-bucket': 'edit' }, body: { message: 'rl', retry_after: 1.5, global: false } });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 1500, scope: `${OWN}:edit` }, await edit({ id: '1234' }));
  });

  it('a global 429 – RATE_LIMITED on discord:global', async () => {
    fake.script('/api/', { status: 429, body: { message: 'rl', retry_after: 0.5, global: true } });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 500, scope: 'discord:global' }, await edit({ id: '1234' }));
  });

  it('a spent edit bucket pauses edits only', async () => {
    const ref = await postJob();
    fake.script('/api/', { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2' }, body: { id: ref.id } });
    expect(await edit(ref)).toEqual({ pauses: [{ scope: `${OWN}:edit`, waitMs: 2000 }] });
    expect(discordAdapter.limitScopes(channelAt())).not.toContain(`${OWN}:edit`);
  });

  it('a reference without a message id – MESSAGE_GONE, nothing sent', async () => {
    checkOutcome({ name: '', expect: 'MESSAGE_GONE' }, await edit({ channel: 'C1', ts: '1.2' }));
    expect(fake.requests).toHaveLength(0);
  });
});
