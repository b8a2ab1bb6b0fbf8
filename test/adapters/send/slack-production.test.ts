import { describe, expect, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { answerOnce, goldenEvent, goldenPayload, productionContext, useProductionHosts } from './production.js';

useProductionHosts();

const WEBHOOK_PATH = '/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX';
const TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';

describe('slack production requests', () => {
  it('slack webhook – POSTs the Block Kit payload as JSON to the hooks.slack.com URL, nothing else', async () => {
    const seen = answerOnce('https://hooks.slack.com', { status: 200, body: 'ok' });
    const channel = slackAdapter.configSchema.parse({ platform: 'slack', webhook_url: `https://hooks.slack.com${WEBHOOK_PATH}` });
    await expect(slackAdapter.send(slackAdapter.render(goldenEvent(), channel), channel, productionContext('slack'))).resolves.toEqual({});
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `https://hooks.slack.com${WEBHOOK_PATH}`,
        // The URL is the credential: no Authorization header.
        headers: { host: 'hooks.slack.com', 'content-type': 'application/json; charset=utf-8' },
        body: goldenPayload('slack'),
      },
    ]);
  });

  it('slack bot – chat.postMessage on slack.com/api with a Bearer token, the blocks and the channel', async () => {
    const seen = answerOnce('https://slack.com', { status: 200, body: { ok: true, channel: 'C0123ABCD', ts: '1700000000.000100' } });
    const channel = slackAdapter.configSchema.parse({ platform: 'slack', token: TOKEN, channel: 'C0123ABCD' });
    // The answer's channel id and ts are the job's reference.
    await expect(slackAdapter.send(slackAdapter.render(goldenEvent(), channel), channel, productionContext('slack'))).resolves.toEqual({
      ref: { channel: 'C0123ABCD', ts: '1700000000.000100' },
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://slack.com/api/chat.postMessage');
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The Web API takes form fields, with objects (blocks) as JSON text (docs.slack.dev "Using the Slack Web API").
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers['user-agent']).toMatch(/^@slack:web-api\/7\.\d+\.\d+ /);
    const form = new URLSearchParams(String(request!.body));
    const golden = goldenPayload('slack');
    expect([...form.keys()].sort()).toEqual(['attachments', 'blocks', 'channel', 'text']);
    expect(form.get('channel')).toBe('C0123ABCD');
    expect(form.get('text')).toBe(golden.text);
    expect(JSON.parse(form.get('blocks')!)).toEqual(golden.blocks);
    expect(JSON.parse(form.get('attachments')!)).toEqual(golden.attachments);
  });

  it('slack bot – an edit is chat.update with channel, ts, text, blocks and attachments (no display overrides)', async () => {
    const seen = answerOnce('https://slack.com', { status: 200, body: { ok: true, channel: 'C0123ABCD', ts: '1700000000.000100', text: 'x' } });
    const channel = slackAdapter.configSchema.parse({ platform: 'slack', token: TOKEN, channel: 'team-alerts', username: 'Herald', icon_emoji: ':robot_face:' });
    const ref = { channel: 'C0123ABCD', ts: '1700000000.000100' };
    await expect(slackAdapter.send(slackAdapter.render(goldenEvent(), channel), channel, productionContext('slack'), { mode: 'edit', ref })).resolves.toEqual({});
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://slack.com/api/chat.update');
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(String(request!.body));
    const golden = goldenPayload('slack');
    expect([...form.keys()].sort()).toEqual(['attachments', 'blocks', 'channel', 'text', 'ts']);
    // The channel id from the reference: chat.update takes no channel name.
    expect(form.get('channel')).toBe('C0123ABCD');
    expect(form.get('ts')).toBe('1700000000.000100');
    expect(form.get('text')).toBe(golden.text);
    expect(JSON.parse(form.get('blocks')!)).toEqual(golden.blocks);
    expect(JSON.parse(form.get('attachments')!)).toEqual(golden.attachments);
  });

  it('slack bot – a thread reply is chat.postMessage with thread_ts, in the job message\'s channel', async () => {
    const seen = answerOnce('https://slack.com', { status: 200, body: { ok: true, channel: 'C0123ABCD', ts: '1700000000.000200' } });
    const channel = slackAdapter.configSchema.parse({ platform: 'slack', token: TOKEN, channel: 'team-alerts' });
    const ref = { channel: 'C0123ABCD', ts: '1700000000.000100' };
    // The reply's own ts is not kept: later replies go under the job's message too.
    await expect(slackAdapter.send(slackAdapter.render(goldenEvent(), channel), channel, productionContext('slack'), { mode: 'thread', ref })).resolves.toEqual({});
    const form = new URLSearchParams(String(seen[0]!.body));
    expect(seen[0]!.url).toBe('https://slack.com/api/chat.postMessage');
    expect([...form.keys()].sort()).toEqual(['attachments', 'blocks', 'channel', 'text', 'thread_ts']);
    expect(form.get('channel')).toBe('C0123ABCD');
    expect(form.get('thread_ts')).toBe('1700000000.000100');
  });
});
