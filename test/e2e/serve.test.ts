import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { STD_SECRET, WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

function configFor(fake: string, dbPath: string): string {
  return `
storage: { driver: sqlite, path: ${dbPath} }
delivery: { timeout: 2s }
platforms:
  slack: { api_url: ${fake}/api/ }
  discord: { api_url: ${fake}/api }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
  hooks: { type: standard-webhooks, secret: ${STD_SECRET} }
channels:
  slack-hook: { platform: slack, webhook_url: ${fake}/services/T000/B000/XXXX }
  slack-bot:  { platform: slack, token: xoxb-test-token, channel: C0123ABCD }
  discord-hook: { platform: discord, webhook_url: ${fake}/api/webhooks/111/hooktoken, username: Herald }
  discord-bot:  { platform: discord, token: bot-test-token, channel_id: "222" }
  teams-cards:  { platform: teams, webhook_url: ${fake}/teams/workflows/abc?sig=s3cret }
  teams-legacy: { platform: teams, webhook_url: ${fake}/teams/legacy/abc, format: messagecard }
  local: { platform: console }
routes:
  - to: [slack-hook, slack-bot, discord-hook, discord-bot, teams-cards, teams-legacy, local]
`;
}

let fake: FakePlatform;
let herald: HeraldProcess;
const dir = tempDir();

beforeAll(async () => {
  fake = await startFakePlatform();
  herald = await startHerald(configFor(fake.url, `${dir.path}/herald.db`), dir.path);
});

afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  dir.cleanup();
});

async function postSigned(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${herald.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: await res.json() };
}

describe('herald serve end to end', () => {
  it('e2e – a signed wp-llm event reaches Slack (both kinds), Discord (both kinds), Teams (both formats) and the console', async () => {
    const body = wpllmBody('evt_e2e_1');
    const res = await postSigned('/webhooks/wpllm', body, { 'x-wp-llm-signature': wpllmSign(body) });
    expect(res).toEqual({ status: 200, json: { received: true, id: 'evt_e2e_1', deliveries: 7 } });

    const seen = await waitFor(() => {
      const ok = fake.requests.filter((r) => r.status >= 200 && r.status < 300);
      return ok.length >= 6 && ok;
    }, 15_000, 'six platform requests');
    const byRoute = Object.fromEntries(seen.map((r) => [r.route, r]));

    const slackHook = byRoute['slack.webhook']!;
    expect(slackHook.path).toBe('/services/T000/B000/XXXX');
    expect(typeof slackHook.body.text).toBe('string');
    expect(slackHook.body.text.length).toBeGreaterThan(0);
    expect(JSON.stringify(slackHook.body)).toContain('wp-llm-13b');

    const slackBot = byRoute['slack.api']!;
    expect(slackBot.path).toBe('/api/chat.postMessage');
    expect(slackBot.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(slackBot.body.channel).toBe('C0123ABCD');
    expect(typeof slackBot.body.text).toBe('string');

    const discordHook = byRoute['discord.webhook']!;
    expect(discordHook.path).toMatch(/\/webhooks\/111\/hooktoken$/);
    expect(discordHook.body.allowed_mentions).toEqual({ parse: [] });
    expect(discordHook.body.embeds.length).toBeGreaterThan(0);
    expect(discordHook.body.username).toBe('Herald');

    const discordBot = byRoute['discord.bot']!;
    expect(discordBot.path).toMatch(/\/channels\/222\/messages$/);
    expect(discordBot.headers.authorization).toBe('Bot bot-test-token');
    expect(discordBot.body.allowed_mentions).toEqual({ parse: [] });

    const cards = byRoute['teams.workflows']!;
    expect(cards.body.type).toBe('message');
    expect(cards.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cards.body.attachments[0].content.type).toBe('AdaptiveCard');
    expect(Buffer.byteLength(cards.rawBody)).toBeLessThan(28 * 1024);

    const legacy = byRoute['teams.legacy']!;
    expect(legacy.body['@type']).toBe('MessageCard');
    expect(legacy.body['@context']).toBe('https://schema.org/extensions');

    await waitFor(() => herald.stdout().includes('evt_e2e_1') && herald.stdout(), 5000, 'console output');
  });

  it('e2e – a Standard Webhooks event is delivered; its duplicate is acknowledged and not delivered again', async () => {
    fake.reset();
    const body = JSON.stringify({ type: 'job.completed', timestamp: new Date().toISOString(), data: { job: 'nightly-eval' } });
    const now = new Date();
    const headers = {
      'webhook-id': 'msg_e2e_std',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(STD_SECRET).sign('msg_e2e_std', now, body),
    };
    expect((await postSigned('/webhooks/hooks', body, headers)).json).toEqual({ received: true, id: 'msg_e2e_std', deliveries: 7 });
    expect((await postSigned('/webhooks/hooks', body, headers)).json).toEqual({ received: true, id: 'msg_e2e_std', duplicate: true });
    await waitFor(() => fake.requests.filter((r) => r.status < 300).length >= 6, 15_000, 'deliveries');
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.requests.filter((r) => r.status < 300)).toHaveLength(6);
  });

  it('e2e – readyz is 200 and logs are JSON lines that carry no secret', async () => {
    expect((await fetch(`${herald.url}/readyz`)).status).toBe(200);
    const logs = herald.stdout() + herald.stderr();
    for (const secret of [WPLLM_SECRET, 'xoxb-test-token', 'bot-test-token', 'hooktoken', 's3cret', STD_SECRET]) expect(logs).not.toContain(secret);
    expect(logs).toMatch(/"msg":"event accepted"/);
    // The listening address is not a secret: the ready line shows it.
    expect(logs).toContain(`"url":"${herald.url}"`);
  });

  it('e2e – SIGTERM stops the server cleanly with exit code 0', async () => {
    const result = await herald.stop('SIGTERM');
    expect(result.code).toBe(0);
  });
});
