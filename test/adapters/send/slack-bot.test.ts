import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.js';
import type { SlackChannel } from '../../../adapters/slack/config.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, refusedOrigin, sendContext, statusClassRows, type Row } from './helpers.js';

const TOKEN = 'xoxb-1111-2222-secretTokenValue';
const message = { payload: { text: 'hello', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] }, summary: 'hello' };

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function botChannel(extra: Record<string, unknown> = {}): SlackChannel {
  return slackAdapter.configSchema.parse({ platform: 'slack', token: TOKEN, channel: 'C0123ABCD', ...extra });
}

async function run(row: Row) {
  const origin = row.transport === 'refused' ? await refusedOrigin() : fake.url;
  if (row.transport === 'timeout') fake.script('/api/chat.postMessage', { status: 200, body: { ok: true }, delayMs: 1000 });
  else if (row.reply) fake.script('/api/chat.postMessage', row.reply);
  const ctx = sendContext({ url: origin }, { timeoutMs: row.transport === 'timeout' ? 150 : 2000 });
  return outcomeOf(slackAdapter.send(message, botChannel(), ctx));
}

const CHANNEL_SCOPE = 'slack:channel:C0123ABCD';

describe('slack chat.postMessage send – status → code → retryable', () => {
  const rows: Row[] = [
    { name: '200 ok:true', reply: { status: 200, body: { ok: true, channel: 'C0123ABCD', ts: '1.000001' } }, expect: 'delivered' },
    ...statusClassRows(() => '<html>proxy error</html>').map((row) =>
      row.name.startsWith('429') ? { ...row, reply: { ...row.reply, body: { ok: false, error: 'ratelimited' } }, scope: CHANNEL_SCOPE } : row,
    ),
    { name: '429 without Retry-After', reply: { status: 429, body: { ok: false, error: 'ratelimited' } }, expect: 'RATE_LIMITED', scope: CHANNEL_SCOPE },
    { name: '400 with an ok:false body', reply: { status: 400, body: { ok: false, error: 'invalid_arguments' } }, expect: 'REJECTED' },
    { name: '200 without "ok" (not Slack\'s answer)', reply: { status: 200, body: 'not json' }, expect: 'REJECTED' },
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });
});

describe('slack chat.postMessage send – ok:false codes', () => {
  const permanent: [string, string][] = [
    ['channel_not_found', 'GONE'],
    ['not_in_channel', 'AUTH'],
    ['is_archived', 'GONE'],
    ['invalid_auth', 'AUTH'],
    ['not_authed', 'AUTH'],
    ['account_inactive', 'AUTH'],
    ['token_revoked', 'AUTH'],
    ['missing_scope', 'AUTH'],
    ['no_permission', 'AUTH'],
    ['msg_too_long', 'TOO_LARGE'],
    ['msg_blocks_too_long', 'TOO_LARGE'],
    ['invalid_blocks', 'REJECTED'],
    ['invalid_blocks_format', 'REJECTED'],
    ['too_many_attachments', 'REJECTED'],
    ['no_text', 'REJECTED'],
    ['invalid_arguments', 'REJECTED'],
    // May have partly succeeded: not retried, so no duplicate; dead-lettered with a hint.
    ['fatal_error', 'REJECTED'],
    ['an_error_slack_adds_later', 'REJECTED'],
  ];
  const transient: [string, string][] = [
    ['ratelimited', 'RATE_LIMITED'],
    ['internal_error', 'SERVER'],
    ['service_unavailable', 'SERVER'],
    ['request_timeout', 'SERVER'],
  ];
  it.each([...permanent, ...transient])('%s → %s', async (error, code) => {
    const row: Row = { name: error, reply: { status: 200, body: { ok: false, error } }, expect: code as Row['expect'] };
    const outcome = await run(row);
    checkOutcome(row, outcome);
    expect((outcome as Error).message).toContain(error);
  });

  it('fatal_error – says why it is not retried', async () => {
    const outcome = await run({ name: '', reply: { status: 200, body: { ok: false, error: 'fatal_error' } }, expect: 'REJECTED' });
    expect((outcome as Error).message).toMatch(/not retried to avoid a duplicate/);
  });

  it('ratelimited in a 200 body – scoped to the channel', async () => {
    const outcome = await run({ name: '', reply: { status: 200, body: { ok: false, error: 'ratelimited' } }, expect: 'RATE_LIMITED' });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', scope: CHANNEL_SCOPE }, outcome);
  });
});

describe('slack chat.postMessage send – request', () => {
  it('posts the payload plus channel with the bot token, to platforms.slack.api_url', async () => {
    await slackAdapter.send(message, botChannel({ username: 'Herald', icon_emoji: ':robot_face:' }), sendContext(fake));
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.path).toBe('/api/chat.postMessage');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.body).toMatchObject({ channel: 'C0123ABCD', text: 'hello', blocks: message.payload.blocks, username: 'Herald', icon_emoji: ':robot_face:' });
  });

  it('keeps a username the renderer chose', async () => {
    const rendered = { payload: { text: 'x', username: 'Renderer' }, summary: 'x' };
    await slackAdapter.send(rendered, botChannel({ username: 'Herald' }), sendContext(fake));
    expect(fake.requests[0]!.body.username).toBe('Renderer');
  });

  it('works without a trailing slash on the API URL', async () => {
    const ctx = sendContext(fake);
    ctx.platformConfig = { api_url: `${fake.url}/api` };
    await slackAdapter.send(message, botChannel(), ctx);
    expect(fake.requests[0]!.path).toBe('/api/chat.postMessage');
  });

  it('never retries inside the SDK (the worker owns retrying)', async () => {
    await run({ name: '', reply: { status: 503 }, expect: 'SERVER' });
    await run({ name: '', reply: { status: 429, headers: { 'retry-after': '1' } }, expect: 'RATE_LIMITED' });
    expect(fake.requests).toHaveLength(2);
  });

  it('stops waiting when the worker aborts', async () => {
    fake.script('/api/chat.postMessage', { status: 200, body: { ok: true }, delayMs: 500 });
    const controller = new AbortController();
    const pending = outcomeOf(slackAdapter.send(message, botChannel(), sendContext(fake, { signal: controller.signal })));
    setTimeout(() => controller.abort(), 50);
    checkOutcome({ name: '', expect: 'NETWORK' }, await pending);
  });
});

describe('slack chat.postMessage send – unexpected answers', () => {
  it.each([
    { name: '200 JSON without ok', reply: { status: 200, body: {} } },
    { name: '204', reply: { status: 204 } },
    { name: '202', reply: { status: 202 } },
  ])('$name – REJECTED (not assumed posted)', async ({ reply }) => {
    checkOutcome({ name: '', expect: 'REJECTED' }, await run({ name: '', reply, expect: 'REJECTED' }));
  });
});
