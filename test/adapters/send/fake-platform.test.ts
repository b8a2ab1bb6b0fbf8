import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('fake platform – default answers', () => {
  it.each([
    ['/services/T/B/X', 200, 'ok'],
    ['/api/webhooks/1/tok', 204, ''],
    ['/api/v10/webhooks/1/tok', 204, ''],
    ['/teams/webhookb2/x', 200, '1'],
    ['/teams/workflows/x/invoke', 202, ''],
    ['/nowhere', 404, '{"error":"no such endpoint"}'],
  ])('%s → %i', async (path, status, text) => {
    const res = await post(path);
    expect(res.status).toBe(status);
    expect(await res.text()).toBe(text);
  });

  it('Discord ?wait=true answers the message; bot route needs "Bot" auth', async () => {
    expect(await (await post('/api/v10/webhooks/1/tok?wait=true', { content: 'hi' })).json()).toMatchObject({ content: 'hi', webhook_id: '1' });
    expect((await post('/api/v10/channels/5/messages', { content: 'hi' })).status).toBe(401);
    expect((await post('/api/v10/channels/5/messages', { content: 'hi' }, { authorization: 'Bot t' })).status).toBe(200);
  });

  it('Slack chat.postMessage answers {ok, channel, ts}; without a token not_authed', async () => {
    expect(await (await post('/api/chat.postMessage', { channel: 'C1' }, { authorization: 'Bearer x' })).json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(await (await post('/api/chat.postMessage', { channel: 'C1' })).json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('records method, path, query, headers, parsed body and arrival time', async () => {
    const before = Date.now();
    await post('/api/webhooks/1/tok?wait=true', { content: 'x' }, { 'x-test': 'yes' });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/webhooks/1/tok', query: { wait: 'true' }, body: { content: 'x' }, status: 200 });
    expect(fake.requests[0]!.headers['x-test']).toBe('yes');
    expect(fake.requests[0]!.at).toBeGreaterThanOrEqual(before - 1);
  });
});

const send = (method: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('fake platform – messages: edits and threads', () => {
  const slack = { authorization: 'Bearer x' };
  const bot = { authorization: 'Bot t' };

  it('Slack: unique increasing ts; chat.update edits by channel + ts; thread_ts replies need their parent', async () => {
    const first = (await (await post('/api/chat.postMessage', { channel: 'C1', text: 'a' }, slack)).json()) as { ts: string; message: { ts: string } };
    const second = (await (await post('/api/chat.postMessage', { channel: 'C1', text: 'b' }, slack)).json()) as { ts: string };
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(first.message.ts).toBe(first.ts);
    expect(second.ts > first.ts).toBe(true);
    expect(await (await post('/api/chat.update', { channel: 'C1', ts: first.ts, text: 'a2' }, slack)).json()).toMatchObject({ ok: true, channel: 'C1', ts: first.ts });
    expect(fake.messages.get(first.ts)).toMatchObject({ platform: 'slack', channel: 'C1', edits: 1, body: { text: 'a2' } });
    expect(await (await post('/api/chat.update', { channel: 'C2', ts: first.ts, text: 'x' }, slack)).json()).toEqual({ ok: false, error: 'message_not_found' });
    const reply = (await (await post('/api/chat.postMessage', { channel: 'C1', text: 'r', thread_ts: first.ts }, slack)).json()) as { ts: string };
    expect(fake.messages.get(reply.ts)!.thread).toBe(first.ts);
    expect(fake.deleteMessage(first.ts)).toBe(true);
    expect(fake.deleteMessage(first.ts)).toBe(false);
    expect(await (await post('/api/chat.update', { channel: 'C1', ts: first.ts, text: 'x' }, slack)).json()).toEqual({ ok: false, error: 'message_not_found' });
    expect(await (await post('/api/chat.postMessage', { channel: 'C1', thread_ts: first.ts }, slack)).json()).toEqual({ ok: false, error: 'thread_not_found' });
    expect(fake.requests.map((r) => r.route)).toEqual(['slack.api', 'slack.api', 'slack.update', 'slack.update', 'slack.api', 'slack.update', 'slack.api']);
  });

  it('Discord webhook: PATCH …/messages/:id edits what the webhook posted; unknown → 404 10008; POST there → 405', async () => {
    const posted = (await (await post('/api/v10/webhooks/1/tok?wait=true', { content: 'a', embeds: [{ title: 'a' }] })).json()) as { id: string; channel_id: string };
    const edited = await send('PATCH', `/api/v10/webhooks/1/tok/messages/${posted.id}`, { embeds: [{ title: 'b' }] });
    expect(await edited.json()).toMatchObject({ id: posted.id, content: 'a', embeds: [{ title: 'b' }], webhook_id: '1' });
    expect(fake.messages.get(posted.id)).toMatchObject({ edits: 1, channel: posted.channel_id, webhookId: '1' });
    // Another webhook's message, or one in a thread without thread_id, is not found.
    expect((await send('PATCH', `/api/v10/webhooks/2/tok/messages/${posted.id}`, {})).status).toBe(404);
    fake.deleteMessage(posted.id);
    const gone = await send('PATCH', `/api/v10/webhooks/1/tok/messages/${posted.id}`, {});
    expect([gone.status, await gone.json()]).toEqual([404, { message: 'Unknown Message', code: 10008 }]);
    expect((await post(`/api/v10/webhooks/1/tok/messages/${posted.id}`)).status).toBe(405);
    expect(fake.requests.map((r) => r.route)).toEqual(['discord.webhook', 'discord.webhook.edit', 'discord.webhook.edit', 'discord.webhook.edit', 'discord.webhook.edit']);
  });

  it('Discord bot: edit, a thread started once (id = the message\'s, type 11), posting into the thread', async () => {
    const posted = (await (await post('/api/v10/channels/5/messages', { content: 'a' }, bot)).json()) as { id: string };
    expect((await send('PATCH', `/api/v10/channels/5/messages/${posted.id}`, { content: 'b' }, bot)).status).toBe(200);
    expect((await send('PATCH', `/api/v10/channels/6/messages/${posted.id}`, { content: 'b' }, bot)).status).toBe(404);
    expect((await send('PATCH', `/api/v10/channels/5/messages/${posted.id}`, { content: 'b' })).status).toBe(401);
    const thread = await post(`/api/v10/channels/5/messages/${posted.id}/threads`, { name: 'Job' }, bot);
    expect([thread.status, await thread.json()]).toEqual([201, expect.objectContaining({ id: posted.id, type: 11, parent_id: '5', name: 'Job' })]);
    const again = await post(`/api/v10/channels/5/messages/${posted.id}/threads`, { name: 'Job' }, bot);
    expect([again.status, await again.json()]).toEqual([400, { message: 'A thread has already been created for this message', code: 160004 }]);
    const reply = (await (await post(`/api/v10/channels/${posted.id}/messages`, { content: 'r' }, bot)).json()) as { id: string; channel_id: string };
    expect(reply.channel_id).toBe(posted.id);
    expect(fake.messages.get(reply.id)!.thread).toBe(posted.id);
    expect(fake.messages.get(posted.id)).toMatchObject({ edits: 1, body: { content: 'b' } });
    expect((await post('/api/v10/channels/5/messages/999/threads', { name: 'Job' }, bot)).status).toBe(404);
  });

  it('reset forgets messages and threads', async () => {
    await post('/api/v10/webhooks/1/tok?wait=true', { content: 'a' });
    fake.reset();
    expect(fake.messages.size).toBe(0);
  });
});

describe('fake platform – scripts and limits', () => {
  it('scripted replies are used in order, then the defaults', async () => {
    fake.script('/services/', [{ status: 500, body: 'x' }, { status: 404, body: 'no_service' }]);
    expect((await post('/services/a')).status).toBe(500);
    expect((await post('/services/a')).status).toBe(404);
    expect((await post('/services/a')).status).toBe(200);
  });

  it('a Discord limit answers 429 with retry_after, Retry-After and X-RateLimit-*, and counts early retries', async () => {
    fake.limit('/api/webhooks/', { count: 1, windowMs: 400 });
    const ok = await post('/api/webhooks/1/tok');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await post('/api/webhooks/1/tok');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    const body = (await limited.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(0.4);
    await post('/api/webhooks/1/tok'); // inside the announced wait
    expect(fake.earlyRetries).toBe(1);
    // Another webhook has its own bucket.
    expect((await post('/api/webhooks/2/tok')).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, body.retry_after * 1000 + 20));
    expect((await post('/api/webhooks/1/tok')).status).toBe(204);
    expect(fake.earlyRetries).toBe(1);
  });

  it('Slack and Teams limits answer in their own shapes', async () => {
    fake.limit('/api/chat.postMessage', { count: 0, windowMs: 1000 });
    fake.limit('/teams/', { count: 0, windowMs: 1000 });
    expect(await (await post('/api/chat.postMessage', {}, { authorization: 'Bearer x' })).json()).toEqual({ ok: false, error: 'ratelimited' });
    const teams = await post('/teams/x');
    expect(teams.status).toBe(429);
    expect(teams.headers.get('retry-after')).toBe('1');
  });
});

describe('fake platform – as a process', () => {
  it('prints its URL first and is driven over /_control', async () => {
    const script = fileURLToPath(new URL('../../fakes/fake-platform.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
      const { url } = JSON.parse(first) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const control = (path: string, body: unknown) =>
        fetch(`${url}/_control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await control('script', { pathPrefix: '/teams/', replies: [{ status: 503 }] });
      expect((await fetch(`${url}/teams/x`, { method: 'POST', body: '{}' })).status).toBe(503);
      const recorded = (await (await fetch(`${url}/_control/requests`)).json()) as { requests: { path: string; status: number }[] };
      expect(recorded.requests).toMatchObject([{ path: '/teams/x', status: 503 }]);
      const posted = (await (await fetch(`${url}/api/v10/webhooks/1/tok?wait=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"a"}' })).json()) as { id: string };
      const listed = (await (await fetch(`${url}/_control/messages`)).json()) as { messages: { id: string }[] };
      expect(listed.messages.map((m) => m.id)).toEqual([posted.id]);
      expect(await (await control('delete', { id: posted.id })).json()).toEqual({ ok: true });
      expect(((await (await fetch(`${url}/_control/messages`)).json()) as { messages: unknown[] }).messages).toEqual([]);
      await control('reset', {});
      expect(((await (await fetch(`${url}/_control/requests`)).json()) as { requests: unknown[] }).requests).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
