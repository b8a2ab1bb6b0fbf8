// A job's later events against the fake Slack Web API: chat.update edits the job's
// message, chat.postMessage with thread_ts replies under it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../adapters/adapter.js';
import type { SlackChannel } from '../../../adapters/slack/config.js';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, sendContext } from './helpers.js';

const TOKEN = 'xoxb-1111-2222-secretTokenValue';
const CHANNEL_ID = 'C0123ABCD';

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function botChannel(extra: Record<string, unknown> = {}): SlackChannel {
  return slackAdapter.configSchema.parse({ platform: 'slack', token: TOKEN, channel: CHANNEL_ID, ...extra });
}

function message(text: string, withAttachments = true) {
  const payload: Record<string, unknown> = { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  if (withAttachments) payload.attachments = [{ color: '#2EB67D', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] }] }];
  return { payload, summary: text };
}

/** Posts the job's message and returns its reference. */
async function postJob(channel = botChannel()): Promise<{ channel: string; ts: string }> {
  const { ref } = await slackAdapter.send(message('started'), channel, sendContext(fake));
  expect(ref).toEqual({ channel: CHANNEL_ID, ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
  return ref as { channel: string; ts: string };
}

const send = (text: string, followUp: FollowUp, channel = botChannel(), withAttachments = true) =>
  outcomeOf(slackAdapter.send(message(text, withAttachments), channel, sendContext(fake), followUp));

describe('slack bot – the job message reference', () => {
  it('is the channel id and ts Slack answered, each post its own', async () => {
    const first = await postJob();
    const second = await postJob();
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.messages.get(first.ts)).toMatchObject({ platform: 'slack', channel: CHANNEL_ID, edits: 0 });
  });

  it('follows: a bot edits and replies in threads; an incoming webhook does neither', async () => {
    expect(slackAdapter.follows?.(botChannel())).toEqual({ edit: true, thread: true });
    const webhook = slackAdapter.configSchema.parse({ platform: 'slack', webhook_url: `${fake.url}/services/T/B/X` });
    expect(slackAdapter.follows?.(webhook)).toEqual({ edit: false, thread: false });
    const asked = await outcomeOf(slackAdapter.send(message('x'), webhook, sendContext(fake), { mode: 'edit', ref: { channel: CHANNEL_ID, ts: '1.000001' } }));
    checkOutcome({ name: '', expect: 'BUG' }, asked);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('slack bot – edit (chat.update)', () => {
  it('replaces the message\'s text, blocks and attachments; answers no new reference', async () => {
    const ref = await postJob(botChannel({ username: 'Herald', icon_emoji: ':robot_face:' }));
    const outcome = await send('finished', { mode: 'edit', ref }, botChannel({ username: 'Herald', icon_emoji: ':robot_face:' }));
    expect(outcome).toEqual({});
    const update = fake.requests.find((r) => r.route === 'slack.update')!;
    expect(update.body).toEqual({ channel: CHANNEL_ID, ts: ref.ts, ...message('finished').payload });
    const kept = fake.messages.get(ref.ts)!;
    expect(kept.edits).toBe(1);
    expect(kept.body).toMatchObject(message('finished').payload);
  });

  it('a rendering without attachments clears the old ones (chat.update keeps what is left out)', async () => {
    const ref = await postJob();
    await send('finished', { mode: 'edit', ref }, botChannel(), false);
    expect(fake.messages.get(ref.ts)!.body.attachments).toEqual([]);
  });

  it('a deleted message – MESSAGE_GONE (the worker posts a new one)', async () => {
    const ref = await postJob();
    expect(fake.deleteMessage(ref.ts)).toBe(true);
    checkOutcome({ name: '', expect: 'MESSAGE_GONE', status: 200 }, await send('finished', { mode: 'edit', ref }));
  });

  it.each(['cant_update_message', 'edit_window_closed'])('%s – MESSAGE_GONE', async (error) => {
    fake.script('/api/chat.update', { status: 200, body: { ok: false, error } });
    const outcome = await send('finished', { mode: 'edit', ref: { channel: CHANNEL_ID, ts: '1700000000.000100' } });
    checkOutcome({ name: '', expect: 'MESSAGE_GONE' }, outcome);
    expect((outcome as Error).message).toBe(`slack chat.update answered ${error}`);
  });

  it('a 429 – RATE_LIMITED for its Retry-After, on the channel', async () => {
    fake.script('/api/chat.update', { status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
    const outcome = await send('finished', { mode: 'edit', ref: { channel: CHANNEL_ID, ts: '1700000000.000100' } });
    checkOutcome({ name: '', expect: 'RATE_LIMITED', retryAfterMs: 3000, scope: `slack:channel:${CHANNEL_ID}` }, outcome);
  });

  it('a reference without channel and ts (another platform\'s) – MESSAGE_GONE, nothing sent', async () => {
    checkOutcome({ name: '', expect: 'MESSAGE_GONE' }, await send('finished', { mode: 'edit', ref: { id: '123' } }));
    expect(fake.requests).toHaveLength(0);
  });
});

describe('slack bot – thread replies (thread_ts)', () => {
  it('land under the job message, each reply keeping the job message as the reference', async () => {
    const ref = await postJob();
    expect(await send('step 1', { mode: 'thread', ref })).toEqual({});
    expect(await send('step 2', { mode: 'thread', ref })).toEqual({});
    const replies = [...fake.messages.values()].filter((m) => m.thread !== undefined);
    expect(replies.map((m) => [m.thread, m.channel, m.body.text])).toEqual([
      [ref.ts, CHANNEL_ID, 'step 1'],
      [ref.ts, CHANNEL_ID, 'step 2'],
    ]);
    expect(fake.messages.get(ref.ts)!.edits).toBe(0);
  });

  it('the job message deleted – MESSAGE_GONE (thread_not_found)', async () => {
    const ref = await postJob();
    fake.deleteMessage(ref.ts);
    checkOutcome({ name: '', expect: 'MESSAGE_GONE' }, await send('step 1', { mode: 'thread', ref }));
  });
});
