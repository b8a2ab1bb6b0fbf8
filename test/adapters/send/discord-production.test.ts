import { describe, expect, it } from 'vitest';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { heraldVersion } from '../../../src/version.js';
import { answerOnce, goldenEvent, goldenPayload, productionContext, useProductionHosts } from './production.js';

useProductionHosts();

const WEBHOOK_ID = '112233445566778899';
const WEBHOOK_TOKEN = 'aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789-aBcDeFgHiJkLmNoPqRsTuVwXyZ';
const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
/** discord-api-docs reference "User Agent": `DiscordBot ($url, $versionNumber)`. */
const USER_AGENT = `DiscordBot (herald, ${heraldVersion()})`;
/** A created message, as Discord answers `?wait=true` and Create Message. */
const MESSAGE = { id: '1234567890123456789', channel_id: '998877665544332211', content: '', embeds: [] };

describe('discord production requests', () => {
  it('discord webhook – POSTs the embeds to discord.com/api/v10 with ?wait=true, the token only in the path', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE });
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', webhook_url: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}` });
    // `?wait=true`: Discord answers the message, whose id is the job's reference.
    await expect(discordAdapter.send(discordAdapter.render(goldenEvent(), channel), channel, productionContext('discord'))).resolves.toEqual({ ref: { id: MESSAGE.id } });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `https://discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}?wait=true`,
        headers: { host: 'discord.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT },
        body: goldenPayload('discord'),
      },
    ]);
  });

  it('discord webhook – thread_id, username and avatar_url go where Execute Webhook reads them', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE });
    const channel = discordAdapter.configSchema.parse({
      platform: 'discord',
      webhook_url: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      thread_id: '5566778899001122334',
      username: 'Herald',
      avatar_url: 'https://example.com/herald.png',
    });
    await discordAdapter.send(discordAdapter.render(goldenEvent(), channel), channel, productionContext('discord'));
    expect(seen[0]!.url).toBe(`https://discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}?wait=true&thread_id=5566778899001122334`);
    expect(seen[0]!.body).toEqual({ ...goldenPayload('discord'), username: 'Herald', avatar_url: 'https://example.com/herald.png' });
  });

  it('discord bot – Create Message on discord.com/api/v10/channels/{id}/messages with Bot auth', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE });
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', token: BOT_TOKEN, channel_id: '998877665544332211' });
    await expect(discordAdapter.send(discordAdapter.render(goldenEvent(), channel), channel, productionContext('discord'))).resolves.toEqual({
      ref: { id: MESSAGE.id, channel_id: '998877665544332211' },
    });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: 'https://discord.com/api/v10/channels/998877665544332211/messages',
        // `Bot`, not `Bearer` (a Bearer token is an OAuth2 user token).
        headers: { host: 'discord.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, authorization: `Bot ${BOT_TOKEN}` },
        body: goldenPayload('discord'),
      },
    ]);
  });

  it('discord webhook – an edit PATCHes /webhooks/{id}/{token}/messages/{message id} with the embeds, without display overrides', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE }, 'PATCH');
    const channel = discordAdapter.configSchema.parse({
      platform: 'discord',
      webhook_url: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      username: 'Herald',
      avatar_url: 'https://example.com/herald.png',
    });
    const rendered = discordAdapter.render(goldenEvent(), channel);
    await expect(discordAdapter.send(rendered, channel, productionContext('discord'), { mode: 'edit', ref: { id: MESSAGE.id } })).resolves.toEqual({});
    const { username: _username, avatar_url: _avatar, ...editable } = rendered.payload as Record<string, unknown>;
    expect(seen).toEqual([
      {
        method: 'PATCH',
        url: `https://discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}/messages/${MESSAGE.id}`,
        headers: { host: 'discord.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT },
        body: editable,
      },
    ]);
    expect(editable).toEqual(goldenPayload('discord'));
  });

  it('discord webhook – editing a message in the configured thread names it with ?thread_id', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE }, 'PATCH');
    const channel = discordAdapter.configSchema.parse({
      platform: 'discord',
      webhook_url: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      thread_id: '5566778899001122334',
    });
    await discordAdapter.send(discordAdapter.render(goldenEvent(), channel), channel, productionContext('discord'), { mode: 'edit', ref: { id: MESSAGE.id } });
    expect(seen[0]!.url).toBe(`https://discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}/messages/${MESSAGE.id}?thread_id=5566778899001122334`);
  });

  it('discord bot – an edit PATCHes /channels/{id}/messages/{message id} with Bot auth', async () => {
    const seen = answerOnce('https://discord.com', { status: 200, body: MESSAGE }, 'PATCH');
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', token: BOT_TOKEN, channel_id: '998877665544332211' });
    const ref = { id: MESSAGE.id, channel_id: '998877665544332211' };
    await expect(discordAdapter.send(discordAdapter.render(goldenEvent(), channel), channel, productionContext('discord'), { mode: 'edit', ref })).resolves.toEqual({});
    expect(seen).toEqual([
      {
        method: 'PATCH',
        url: `https://discord.com/api/v10/channels/998877665544332211/messages/${MESSAGE.id}`,
        headers: { host: 'discord.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, authorization: `Bot ${BOT_TOKEN}` },
        body: goldenPayload('discord'),
      },
    ]);
  });

  it('discord bot – a thread reply starts the thread on the job message (named by its summary), then posts into it', async () => {
    const thread = { id: MESSAGE.id, type: 11, parent_id: '998877665544332211', name: 'x' };
    const started = answerOnce('https://discord.com', { status: 201, body: thread });
    const posted = answerOnce('https://discord.com', { status: 200, body: { ...MESSAGE, id: '1234567890123456790', channel_id: MESSAGE.id } });
    const channel = discordAdapter.configSchema.parse({ platform: 'discord', token: BOT_TOKEN, channel_id: '998877665544332211' });
    const rendered = discordAdapter.render(goldenEvent(), channel);
    const ref = { id: MESSAGE.id, channel_id: '998877665544332211' };
    await expect(discordAdapter.send(rendered, channel, productionContext('discord'), { mode: 'thread', ref })).resolves.toEqual({
      ref: { ...ref, thread_id: MESSAGE.id },
    });
    const headers = { host: 'discord.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, authorization: `Bot ${BOT_TOKEN}` };
    expect(started).toEqual([
      { method: 'POST', url: `https://discord.com/api/v10/channels/998877665544332211/messages/${MESSAGE.id}/threads`, headers, body: { name: rendered.summary.slice(0, 100) } },
    ]);
    expect(rendered.summary.length).toBeLessThanOrEqual(100);
    expect(posted).toEqual([{ method: 'POST', url: `https://discord.com/api/v10/channels/${MESSAGE.id}/messages`, headers, body: goldenPayload('discord') }]);
  });
});
