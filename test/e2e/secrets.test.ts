import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { wpllmBody, wpllmSign } from '../helpers/app.js';
import { runCli, startHerald, tempDir, waitFor } from '../helpers/herald-process.js';

/** Every configured secret, each distinctive enough to be found anywhere it leaks. */
const SECRETS = {
  wpllm: 'wpllm-SECRET-a1b2c3',
  promptpal: 'promptpal-TOKEN-d4e5f6',
  admin: 'admin-TOKEN-g7h8i9',
  slackPath: 'SLACKHOOK-j1k2l3',
  slackBot: 'xoxb-BOTTOKEN-m4n5o6',
  discordToken: 'DISCORDHOOK-p7q8r9',
  discordBot: 'DISCORDBOT-s1t2u3',
  teamsSig: 'TEAMSSIG-v4w5x6',
};

let fake: FakePlatform;
const dir = tempDir('herald-secrets-');
let configPath: string;

function config(url: string): string {
  return `
server: { admin_token: ${SECRETS.admin} }
storage: { driver: sqlite, path: ${join(dir.path, 'herald.db')} }
delivery: { max_attempts: 2, timeout: 2s }
platforms:
  slack: { api_url: ${url}/api/ }
  discord: { api_url: ${url}/api }
sources:
  wpllm: { type: wp-llm, secret: ${SECRETS.wpllm} }
  promptpal: { type: promptpal, token: ${SECRETS.promptpal} }
channels:
  slack: { platform: slack, webhook_url: "${url}/services/T1/B1/${SECRETS.slackPath}" }
  slack-bot: { platform: slack, token: ${SECRETS.slackBot}, channel: C1 }
  discord: { platform: discord, webhook_url: "${url}/api/webhooks/42/${SECRETS.discordToken}" }
  discord-bot: { platform: discord, token: ${SECRETS.discordBot}, channel_id: "77" }
  teams: { platform: teams, webhook_url: "${url}/teams/workflows/x?api-version=1&sig=${SECRETS.teamsSig}" }
routes:
  - to: [slack, slack-bot, discord, discord-bot, teams]
`;
}

beforeAll(async () => {
  fake = await startFakePlatform();
  configPath = join(dir.path, 'secrets.yaml');
  writeFileSync(configPath, config(fake.url));
});
afterAll(async () => {
  await fake?.close();
  dir.cleanup();
});

describe('secrets', () => {
  it('no configured secret appears in logs, errors, metrics, API answers or CLI output of a failing scenario', async () => {
    // Every destination fails: auth errors, a gone webhook, server errors, a network error.
    fake.script('/services/', [{ status: 403, body: 'invalid_token' }]);
    fake.script('/api/chat.postMessage', [{ status: 200, body: { ok: false, error: 'invalid_auth' } }]);
    fake.script('/api/v10/webhooks/', [{ status: 404, body: { message: 'Unknown Webhook', code: 10015 } }]);
    fake.script('/api/v10/channels/', Array.from({ length: 5 }, () => ({ destroy: true })));
    fake.script('/teams/', Array.from({ length: 5 }, () => ({ status: 500, body: 'boom' })));
    const herald = await startHerald(config(fake.url), dir.path);
    const outputs: string[] = [];
    try {
      const body = wpllmBody('evt_secret_1');
      const post = (headers: Record<string, string>, path = '/webhooks/wpllm') =>
        fetch(`${herald.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      expect((await post({ 'x-wp-llm-signature': wpllmSign(body, SECRETS.wpllm) })).status).toBe(200);
      outputs.push(await (await post({ 'x-wp-llm-signature': wpllmSign(body, 'wrong') })).text());
      outputs.push(await (await post({}, `/webhooks/promptpal?token=${SECRETS.promptpal}x`)).text());
      const auth = { authorization: `Bearer ${SECRETS.admin}` };
      await waitFor(async () => {
        const res = await fetch(`${herald.url}/api/deliveries?status=dead`, { headers: auth });
        const text = await res.text();
        return (JSON.parse(text) as { deliveries: unknown[] }).deliveries.length === 5 && text;
      }, 20_000, 'five dead letters').then((text) => outputs.push(text));
      outputs.push(await (await fetch(`${herald.url}/api/events/evt_secret_1`, { headers: auth })).text());
      outputs.push(await (await fetch(`${herald.url}/metrics`)).text());
    } finally {
      await herald.stop();
    }
    outputs.push(herald.stdout(), herald.stderr());
    for (const args of [['validate'], ['dlq', 'list'], ['dlq', 'list', '--json']]) {
      const r = await runCli([...args, '--config', configPath]);
      expect(r.code).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    const all = outputs.join('\n');
    expect(all).toContain('evt_secret_1');
    for (const [name, secret] of Object.entries(SECRETS)) expect(all.includes(secret), `${name} leaked`).toBe(false);
  }, 60_000);
});
