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
    await expect(slackAdapter.send(slackAdapter.render(goldenEvent(), channel), channel, productionContext('slack'))).resolves.toEqual({});
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
});
