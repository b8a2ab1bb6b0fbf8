import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.js';
import type { SlackChannel } from '../../../adapters/slack/config.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, refusedOrigin, sendContext, statusClassRows, type Row } from './helpers.js';

const HOOK_PATH = '/services/T0001/B0001/aVeryLongSecretPart123456';
const message = { payload: { text: 'hello', blocks: [] }, summary: 'hello' };

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function channelAt(origin: string): SlackChannel {
  return slackAdapter.configSchema.parse({ platform: 'slack', webhook_url: `${origin}${HOOK_PATH}` });
}

async function run(row: Row) {
  const origin = row.transport === 'refused' ? await refusedOrigin() : fake.url;
  if (row.transport === 'timeout') fake.script('/services/', { status: 200, body: 'ok', delayMs: 1000 });
  else if (row.reply) fake.script('/services/', row.reply);
  const timeoutMs = row.transport === 'timeout' ? 150 : 2000;
  return outcomeOf(slackAdapter.send(message, channelAt(origin), sendContext(fake, { timeoutMs })));
}

const scope = () => slackAdapter.limitScopes(channelAt(fake.url))[0];

describe('slack webhook send – status → code → retryable', () => {
  const rows: Row[] = [
    { name: '200 ok', reply: { status: 200, body: 'ok' }, expect: 'delivered' },
    // Success is documented as exactly 200 + "ok"; anything else is not assumed posted.
    { name: '200 with an unexpected body', reply: { status: 200, body: 'something else' }, expect: 'REJECTED' },
    { name: '204 (not Slack\'s success)', reply: { status: 204 }, expect: 'REJECTED' },
    { name: '202 (not Slack\'s success)', reply: { status: 202 }, expect: 'REJECTED' },
    ...statusClassRows(() => 'some_unknown_failure'),
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });

  it('429 – scoped to this webhook', async () => {
    const err = await run({ name: '', reply: { status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' }, expect: 'RATE_LIMITED' });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 2000, scope: scope()! }, err);
  });
});

describe('slack webhook send – error bodies (docs/platform-limits.md#slack-incoming-webhooks)', () => {
  const rows: Row[] = [
    { name: '400 invalid_payload', reply: { status: 400, body: 'invalid_payload' }, expect: 'REJECTED' },
    { name: '400 user_not_found', reply: { status: 400, body: 'user_not_found' }, expect: 'GONE' },
    { name: '403 action_prohibited', reply: { status: 403, body: 'action_prohibited' }, expect: 'AUTH' },
    { name: '403 invalid_token', reply: { status: 403, body: 'invalid_token' }, expect: 'AUTH' },
    { name: '404 channel_not_found', reply: { status: 404, body: 'channel_not_found' }, expect: 'GONE' },
    { name: '404 no_service', reply: { status: 404, body: 'no_service' }, expect: 'GONE' },
    { name: '404 no_active_hooks', reply: { status: 404, body: 'no_active_hooks' }, expect: 'GONE' },
    { name: '410 channel_is_archived', reply: { status: 410, body: 'channel_is_archived' }, expect: 'GONE' },
    { name: '500 rollup_error', reply: { status: 500, body: 'rollup_error' }, expect: 'SERVER' },
    { name: '400 msg_too_long', reply: { status: 400, body: 'msg_too_long' }, expect: 'TOO_LARGE' },
    { name: '400 no_text', reply: { status: 400, body: 'no_text' }, expect: 'REJECTED' },
    { name: '429 rate_limited', reply: { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, expect: 'RATE_LIMITED', retryAfterMs: 1000 },
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });

  it('error message names the code', async () => {
    const err = await run({ name: '', reply: { status: 404, body: 'no_service' }, expect: 'GONE' });
    expect((err as Error).message).toBe('slack webhook answered no_service');
  });
});

describe('slack webhook send – request', () => {
  it('posts the rendered payload as JSON to the configured URL', async () => {
    await slackAdapter.send(message, channelAt(fake.url), sendContext(fake));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: HOOK_PATH, body: message.payload });
    expect(fake.requests[0]!.headers['content-type']).toMatch(/^application\/json/);
  });

  it('follows no redirect (the URL is a secret; the payload must not go elsewhere)', async () => {
    fake.script('/services/', { status: 301, headers: { location: `${fake.url}/services/elsewhere` } });
    const outcome = await outcomeOf(slackAdapter.send(message, channelAt(fake.url), sendContext(fake)));
    checkOutcome({ name: '', expect: 'REJECTED', status: 301 }, outcome);
    expect(fake.requests).toHaveLength(1);
  });
});
