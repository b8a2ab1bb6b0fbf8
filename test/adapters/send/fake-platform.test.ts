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
      await control('reset', {});
      expect(((await (await fetch(`${url}/_control/requests`)).json()) as { requests: unknown[] }).requests).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
