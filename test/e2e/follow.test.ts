// Jobs in one message, end to end: a real `herald serve`, the fake platform answering like
// Slack and Discord, and a job's events signed as I Hate PPT signs them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownSourceType, signedRequest } from '../../src/cli/provider-request.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { startHerald, tempDir, waitFor } from '../helpers/herald-process.js';

let fake: FakePlatform;
const dirs: { path: string; cleanup(): void }[] = [];
beforeAll(async () => {
  fake = await startFakePlatform();
});
afterAll(async () => {
  await fake?.close();
  for (const d of dirs) d.cleanup();
});

const SECRET = 'follow-e2e-secret';
const slides = knownSourceType('ihateppt');
const slidesConfig = (slides.configSchema as { parse(v: unknown): { type: string } }).parse({ type: 'ihateppt', secret: SECRET });

const ADMIN_TOKEN = 'follow-admin-token';

function config(dir: string, follow: string): string {
  return `
server: { admin_token: ${ADMIN_TOKEN} }
storage: { driver: sqlite, path: ${dir}/herald.db }
platforms:
  slack: { api_url: ${fake.url}/api/ }
  discord: { api_url: ${fake.url}/api }
sources:
  slides: { type: ihateppt, secret: ${SECRET} }
channels:
  bot: { platform: slack, token: xoxb-follow-test, channel: C0FOLLOW, rate: 100/s }
  hook: { platform: slack, webhook_url: ${fake.url}/services/T/B/follow, rate: 100/s }
  dwh: { platform: discord, webhook_url: ${fake.url}/api/webhooks/42/follow-token, rate: 100/s }
routes:
  - name: jobs
    to: [bot, hook, dwh]
    follow: ${follow}
`;
}

/** One of the job's events, from the provider's sample, for presentation `ppt`. */
async function send(url: string, type: string, ppt: string, n: number): Promise<void> {
  const sample = JSON.parse(readFileSync(`test/fixtures/ihateppt/${type}.json`, 'utf8')) as { id: string; data: Record<string, unknown> };
  const raw = Buffer.from(JSON.stringify({ ...sample, id: `evt_${ppt}_${n}`, data: { ...sample.data, ppt_id: ppt } }));
  const req = signedRequest(slides, slidesConfig, raw, new Date());
  const res = await fetch(`${url}/webhooks/slides`, { method: 'POST', body: raw, headers: req.headers as Record<string, string> });
  expect(res.status).toBe(200);
}

const JOB = ['ppt.generation.started', 'ppt.edit.started', 'ppt.generation.completed'];
const byRoute = (route: string) => fake.requests.filter((r) => r.route === route && r.status >= 200 && r.status < 300);

async function herald(follow: string) {
  const dir = tempDir();
  dirs.push(dir);
  return { dir: dir.path, process: await startHerald(config(dir.path, follow), dir.path) };
}

describe('jobs in one message', () => {
  it('follow edit – started → progress → completed is one post and two edits on a Slack bot and a Discord webhook, three posts on a Slack incoming webhook', async () => {
    fake.reset();
    const { process: h } = await herald('edit');
    for (const [i, type] of JOB.entries()) {
      await send(h.url, type, 'ppt_edit', i);
      await waitFor(() => byRoute('slack.webhook').length === i + 1 && byRoute('discord.webhook').length + byRoute('discord.webhook.edit').length === i + 1, 10_000, `event ${i}`);
    }
    await waitFor(() => byRoute('slack.api').length + byRoute('slack.update').length === 3, 10_000, 'the Slack bot');
    expect(byRoute('slack.api')).toHaveLength(1);
    expect(byRoute('slack.update')).toHaveLength(2);
    expect(byRoute('discord.webhook')).toHaveLength(1);
    expect(byRoute('discord.webhook.edit')).toHaveLength(2);
    expect(byRoute('slack.webhook')).toHaveLength(3);
    // The edited messages show the job's last state.
    const messages = [...fake.messages.values()];
    expect(messages.filter((m) => m.platform === 'slack')).toHaveLength(1);
    expect(messages.filter((m) => m.platform === 'discord')).toHaveLength(1);
    for (const m of messages) {
      expect(m.edits).toBe(2);
      expect(JSON.stringify(m.body)).toContain('completed');
    }
    expect((await h.stop('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('follow edit – after kill -9 between the post and the edit, the edit lands on the same message', async () => {
    fake.reset();
    const first = await herald('edit');
    await send(first.process.url, JOB[0]!, 'ppt_crash', 0);
    await waitFor(() => byRoute('discord.webhook').length === 1 && byRoute('slack.api').length === 1, 10_000, 'the job messages');
    // Killed once both posts are recorded as sent (a post answered but not yet recorded is
    // the one in flight, which a crash may post again).
    await waitFor(async () => {
      const res = await fetch(`${first.process.url}/api/deliveries?status=sent`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      return ((await res.json()) as { deliveries: unknown[] }).deliveries.length === 3;
    }, 10_000, 'the posts to be recorded');
    first.process.child.kill('SIGKILL');
    await first.process.exited;
    const second = await startHerald(config(first.dir, 'edit'), first.dir);
    await send(second.url, JOB[2]!, 'ppt_crash', 2);
    await waitFor(() => byRoute('discord.webhook.edit').length === 1 && byRoute('slack.update').length === 1, 10_000, 'the edits');
    expect(byRoute('discord.webhook')).toHaveLength(1);
    expect(byRoute('slack.api')).toHaveLength(1);
    expect([...fake.messages.values()].every((m) => m.edits === 1)).toBe(true);
    expect((await second.stop('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('follow edit – an edit of a deleted message posts a new job message, which later events edit', async () => {
    fake.reset();
    const { process: h } = await herald('edit');
    await send(h.url, JOB[0]!, 'ppt_gone', 0);
    await waitFor(() => byRoute('discord.webhook').length === 1, 10_000, 'the job message');
    const [deleted] = [...fake.messages.values()].filter((m) => m.platform === 'discord');
    expect(fake.deleteMessage(deleted!.id)).toBe(true);
    await send(h.url, JOB[1]!, 'ppt_gone', 1);
    await waitFor(() => byRoute('discord.webhook').length === 2, 10_000, 'a new job message');
    await send(h.url, JOB[2]!, 'ppt_gone', 2);
    await waitFor(() => byRoute('discord.webhook.edit').length === 1, 10_000, 'the edit of the new message');
    const discord = [...fake.messages.values()].filter((m) => m.platform === 'discord');
    expect(discord).toHaveLength(1);
    expect(discord[0]!.id).not.toBe(deleted!.id);
    expect(discord[0]!.edits).toBe(1);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/herald_follow_ups_total\{platform="discord",outcome="reposted"\} 1/);
    expect(metrics).toMatch(/herald_follow_ups_total\{platform="discord",outcome="edited"\} 1/);
    expect((await h.stop('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('follow thread – later events reply in the Slack bot message’s thread', async () => {
    fake.reset();
    const { process: h } = await herald('thread');
    for (const [i, type] of JOB.entries()) await send(h.url, type, 'ppt_thread', i);
    await waitFor(() => byRoute('slack.api').length === 3, 10_000, 'three Slack bot posts');
    const [parent, ...replies] = byRoute('slack.api');
    expect(parent!.body.thread_ts).toBeUndefined();
    const parentTs = [...fake.messages.values()].find((m) => m.platform === 'slack' && !m.thread)!.id;
    expect(replies.map((r) => r.body.thread_ts)).toEqual([parentTs, parentTs]);
    expect((await h.stop('SIGTERM')).code).toBe(0);
  }, 60_000);
});

const PARROT_SECRET = 'follow-parrot-secret';
const parrot = knownSourceType('parrotrouter');
const parrotConfig = (parrot.configSchema as { parse(v: unknown): { type: string } }).parse({ type: 'parrotrouter', secret: PARROT_SECRET });

/** A ParrotRouter payload, signed as ParrotRouter signs it. */
async function sendParrot(url: string, payload: unknown): Promise<void> {
  const raw = Buffer.from(JSON.stringify(payload));
  const req = signedRequest(parrot, parrotConfig, raw, new Date());
  const res = await fetch(`${url}/webhooks/parrot`, { method: 'POST', body: raw, headers: req.headers as Record<string, string> });
  expect(res.status).toBe(200);
}

/** Herald with one ParrotRouter source and one Discord webhook channel that follows jobs by editing. */
async function parrotHerald(options: { streamWait?: string; streamUpdate: string; hook: string }) {
  fake.reset();
  const dir = tempDir();
  dirs.push(dir);
  const wait = options.streamWait ? `, stream_wait: ${options.streamWait}` : '';
  return startHerald(
    `
storage: { driver: sqlite, path: ${dir.path}/herald.db }
sources:
  parrot: { type: parrotrouter, secret: ${PARROT_SECRET}${wait} }
channels:
  dwh: { platform: discord, webhook_url: ${fake.url}/api/webhooks/${options.hook}, rate: 100/s }
routes:
  - to: [dwh]
    follow: edit
    stream_update: ${options.streamUpdate}
`,
    dir.path,
  );
}

describe('a live stream in one message', () => {
  it('follow edit – a stream of 20 chunks is one post and a bounded number of edits, ending with the whole text in order', async () => {
    const h = await parrotHerald({ streamUpdate: '1s', hook: '43/stream-token' });
    const requestId = 'req_live_1';
    const ts = () => new Date().toISOString();
    await sendParrot(h.url, { id: 'evt_live_start', timestamp: ts(), event: 'llm.streaming.start', data: { requestId, model: 'gpt-4o', prompt: 'Count to twenty' } });
    const words = Array.from({ length: 20 }, (_, i) => `word${i} `);
    for (const [i, content] of words.entries()) {
      await sendParrot(h.url, { id: `evt_live_chunk_${i}`, timestamp: ts(), event: 'llm.streaming.chunk', data: { requestId, streamId: 'stream_live_1', chunkIndex: i, content } });
      await new Promise((r) => setTimeout(r, 150));
    }
    await sendParrot(h.url, { id: 'evt_live_end', timestamp: ts(), event: 'llm.streaming.end', data: { requestId, streamId: 'stream_live_1', totalChunks: 20 } });
    const message = await waitFor(() => {
      const [m] = [...fake.messages.values()];
      return m && JSON.stringify(m.body).includes('word19') && JSON.stringify(m.body).includes('LLM stream completed') && m;
    }, 15_000, 'the final edit');
    await new Promise((r) => setTimeout(r, 300));
    expect(byRoute('discord.webhook')).toHaveLength(1);
    // 3 s of chunks at one update per second, then the final edit: a few edits, not 20.
    const edits = byRoute('discord.webhook.edit').length;
    expect(edits).toBeGreaterThanOrEqual(2);
    expect(edits).toBeLessThanOrEqual(6);
    const text = JSON.stringify(message.body);
    expect(words.map((w) => text.indexOf(w.trim()))).toEqual([...words.map((w) => text.indexOf(w.trim()))].sort((a, b) => a - b));
    expect((await h.stop('SIGTERM')).code).toBe(0);
  }, 60_000);
});

describe('a late chunk after the final edit', () => {
  it('follow edit – a chunk that comes after the stream was posted incomplete edits the message once more, now complete', async () => {
    const h = await parrotHerald({ streamWait: '500ms', streamUpdate: '10s', hook: '44/late-token' });
    const requestId = 'req_late_1';
    const ts = () => new Date().toISOString();
    const chunk = (i: number, content: string) => ({ id: `evt_late_chunk_${i}`, timestamp: ts(), event: 'llm.streaming.chunk', data: { requestId, streamId: 's_late', chunkIndex: i, content } });
    await sendParrot(h.url, chunk(0, 'alpha '));
    await sendParrot(h.url, chunk(1, 'beta '));
    await sendParrot(h.url, { id: 'evt_late_end', timestamp: ts(), event: 'llm.streaming.end', data: { requestId, streamId: 's_late', totalChunks: 3 } });
    // Released after stream_wait with 2 of 3 chunks.
    await waitFor(() => [...fake.messages.values()].some((m) => JSON.stringify(m.body).includes('2 of 3 chunks received')), 10_000, 'the incomplete message');
    const editsBefore = byRoute('discord.webhook.edit').length;
    await sendParrot(h.url, chunk(2, 'gamma'));
    const message = await waitFor(() => {
      const [m] = [...fake.messages.values()];
      return m && JSON.stringify(m.body).includes('gamma') && m;
    }, 10_000, 'the edit with the late chunk');
    const text = JSON.stringify(message.body);
    expect(text).toMatch(/alpha.*beta.*gamma/);
    expect(text).not.toContain('2 of 3 chunks received');
    expect(byRoute('discord.webhook.edit').length).toBe(editsBefore + 1);
    expect(byRoute('discord.webhook')).toHaveLength(1);
    expect((await h.stop('SIGTERM')).code).toBe(0);
  }, 60_000);
});
