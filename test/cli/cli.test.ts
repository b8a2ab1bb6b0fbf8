import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { runCli, startHerald, tempDir } from '../helpers/herald-process.js';

const dir = tempDir('herald-cli-');
afterAll(() => dir.cleanup());

function writeConfig(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

const GOOD = (db: string) => `
storage: { driver: sqlite, path: ${db} }
sources:
  wpllm: { type: wp-llm, secret: "\${WPLLM_SECRET:-cli-secret}" }
channels:
  local: { platform: console }
  ops: { platform: slack, webhook_url: "https://hooks.slack.com/services/T1/B1/SUPERSECRET" }
routes:
  - name: failures
    match: { type: ["*.failed"], severity: error }
    to: [ops]
  - name: everything
    to: [local]
`;

describe('herald CLI', () => {
  it('validate – prints a summary and exits 0 without showing secrets', async () => {
    const path = writeConfig('good.yaml', GOOD(join(dir.path, 'v.db')));
    const r = await runCli(['validate', '--config', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wpllm: wp-llm  POST /webhooks/wpllm');
    expect(r.stdout).toMatch(/failures: type \*\.failed, severity >= error -> ops/);
    expect(r.stdout).not.toContain('SUPERSECRET');
    expect(r.stdout).not.toContain('cli-secret');
  });

  it('validate – prints every error with its path and exits 1, with no stack trace', async () => {
    const path = writeConfig('bad.yaml', `sources:\n  wpllm: { type: wp-llm }\nchannels:\n  dev: { platform: irc }\nroutes:\n  - to: [ops]\n`);
    const r = await runCli(['validate', '--config', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sources.wpllm.secret: required');
    expect(r.stderr).toContain(`channels.dev.platform: expected one of ${REGISTRIES.adapters.map((a) => a.platform).join(', ')}`);
    expect(r.stderr).toContain('routes[0].to[0]: unknown channel "ops"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate – a PostgreSQL store is shown with its password hidden', async () => {
    const path = writeConfig('pg.yaml', GOOD('unused').replace(/storage: .*/, 'storage: { driver: postgres, url: "${HERALD_DATABASE_URL}" }'));
    const r = await runCli(['validate', '--config', path], { HERALD_DATABASE_URL: 'postgres://herald:pg-hunter2@db.internal:5432/herald' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('storage: postgres postgres://herald:***@db.internal:5432/herald');
    expect(r.stdout + r.stderr).not.toContain('pg-hunter2');
  });

  it('serve – a PostgreSQL that never answers: exit 1 after connect_timeout, naming the target without its password', async () => {
    const path = writeConfig('pg-down.yaml', GOOD('unused').replace(/storage: .*/, 'storage: { driver: postgres, url: "postgres://herald:pg-hunter2@127.0.0.1:1/herald", connect_timeout: 1s }'));
    const r = await runCli(['serve', '--config', path], { HERALD_PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('127.0.0.1:1/herald');
    expect(r.stdout + r.stderr).not.toContain('pg-hunter2');
  });

  it('render --follow – prints the edit that follows a job’s earlier event, with the job’s start and duration', async () => {
    const started = JSON.parse(readFileSync('test/fixtures/ihateppt/ppt.generation.started.json', 'utf8')) as { created: string; data: Record<string, unknown> };
    const prior = writeConfig('started.json', JSON.stringify({ ...started, created: '2024-01-15T10:29:10.000Z', data: { ...started.data, ppt_id: 'ppt_123456' } }));
    const later = 'test/fixtures/ihateppt/ppt.generation.completed.json';
    const r = await runCli(['render', '--platform', 'discord', '--source-type', 'ihateppt', '--follow', prior, later]);
    expect(r.code).toBe(0);
    const fields = (JSON.parse(r.stdout) as { embeds: { fields: { name: string; value: string }[] }[] }).embeds[0]!.fields;
    expect(fields.find((f) => f.name === 'Job')?.value).toBe('Started <t:1705314550:f> · 50 s');
    expect(r.stderr).toContain("this payload edits the job's message");
    const teams = await runCli(['render', '--platform', 'teams', '--source-type', 'ihateppt', '--follow', prior, later]);
    expect(teams.stderr).toContain('teams cannot edit a message');
    const other = await runCli(['render', '--platform', 'discord', '--source-type', 'ihateppt', '--follow', 'test/fixtures/ihateppt/ppt.generation.started.json', later]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('not events of one job (correlation ids ppt_lresa6o0 and ppt_123456)');
  });

  it('validate – HERALD_CONFIG is used when --config is absent', async () => {
    const path = writeConfig('env.yaml', GOOD(join(dir.path, 'e.db')));
    const r = await runCli(['validate'], { HERALD_CONFIG: path });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path);
  });

  it('serve – an invalid config exits 1 listing the errors, without a stack trace', async () => {
    const path = writeConfig('bad-serve.yaml', `sources:\n  wpllm: { type: wp-llm, secret: "\${NOPE}" }\n`);
    const r = await runCli(['serve', '--config', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sources.wpllm.secret: environment variable NOPE is not set');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('render – prints the exact platform payload for a provider file, for every platform', async () => {
    const fixture = 'test/fixtures/wp-llm/generation.completed.json';
    for (const platform of ['slack', 'discord', 'teams-messagecard', 'teams-adaptive']) {
      const r = await runCli(['render', '--platform', platform, '--source-type', 'wp-llm', fixture]);
      expect(r.code, r.stderr).toBe(0);
      const payload = JSON.parse(r.stdout);
      if (platform === 'slack') expect(payload.text).toBeTruthy();
      if (platform === 'discord') expect(payload.allowed_mentions).toEqual({ parse: [] });
      if (platform === 'teams-adaptive') expect(payload.attachments[0].content.type).toBe('AdaptiveCard');
      if (platform === 'teams-messagecard') expect(payload['@type']).toBe('MessageCard');
    }
    const text = await runCli(['render', '--platform', 'console', '--source-type', 'wp-llm', fixture]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('wp-llm-13b');
  });

  it('render – bad arguments are clear errors with exit 1', async () => {
    const badPlatform = await runCli(['render', '--platform', 'irc', '--source-type', 'wp-llm', 'test/fixtures/wp-llm/generation.completed.json']);
    expect(badPlatform.code).toBe(1);
    expect(badPlatform.stderr).toContain('unknown platform "irc"');
    const missing = await runCli(['render', '--platform', 'slack', '--source-type', 'wp-llm', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read nope.json');
  });

  it('route – shows which routes match, which channels receive, and why a route did not match', async () => {
    const path = writeConfig('route.yaml', GOOD(join(dir.path, 'r.db')));
    const ok = await runCli(['route', '--config', path, '--source', 'wpllm', 'test/fixtures/wp-llm/generation.completed.json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/skip\s+failures — type "generation.completed" matches none of \*\.failed/);
    expect(ok.stdout).toMatch(/match\s+everything/);
    expect(ok.stdout).toContain('channels: local');
    const failed = await runCli(['route', '--config', path, '--source', 'wpllm', 'test/fixtures/wp-llm/generation.failed.json']);
    expect(failed.stdout).toContain('channels: ops, local');
  });

  it('--help – every command has help', async () => {
    for (const cmd of [[], ['serve'], ['validate'], ['route'], ['render'], ['simulate'], ['send-test'], ['dlq'], ['dlq', 'list'], ['dlq', 'retry'], ['dlq', 'purge']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: herald');
    }
  });

  it('simulate + dlq – a simulated event is accepted; dead letters are listed, retried and purged', async () => {
    const db = join(dir.path, 'sim.db');
    const config = `
storage: { driver: sqlite, path: ${db} }
delivery: { timeout: 1s }
sources:
  wpllm: { type: wp-llm, secret: sim-secret }
channels:
  broken: { platform: slack, webhook_url: "http://127.0.0.1:9/services/T/B/unreachable-secret" }
routes:
  - to: [broken]
`;
    const configPath = writeConfig('sim.yaml', config);
    const herald = await startHerald(config, dir.path);
    try {
      const port = new URL(herald.url).port;
      const r = await runCli(['simulate', '--config', configPath, '--source', 'wpllm', '--event', 'usage.quota_exceeded', '--url', herald.url]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/POST \/webhooks\/wpllm usage.quota_exceeded -> 200 \{"received":true/);
      const list = await runCli(['simulate', '--config', configPath, '--source', 'wpllm', '--list']);
      expect(list.stdout.split('\n')).toContain('generation.completed');
      expect(port).toBeTruthy();
    } finally {
      await herald.stop();
    }
    // Make the pending delivery a dead letter the way an operator would see one.
    const { SqliteStore } = await import('../../src/store/sqlite/sqlite-store.js');
    const store = SqliteStore.open({ path: db, sync: 'full' });
    const [pending] = await store.deliveries({ status: 'pending' });
    await store.markDead(pending!.id, 'GONE: slack answered 404: no_service', Date.now());
    await store.close();

    const list = await runCli(['dlq', 'list', '--config', configPath]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${pending!.id}\\t\\S+\\tbroken\\t\\d+\\t\\S+\\tGONE: slack answered 404: no_service`));
    expect(list.stdout).not.toContain('unreachable-secret');
    const json = JSON.parse((await runCli(['dlq', 'list', '--json', '--config', configPath])).stdout);
    expect(json.deliveries[0]).toMatchObject({ id: pending!.id, channel: 'broken', status: 'dead' });
    const retry = await runCli(['dlq', 'retry', String(pending!.id), '--config', configPath]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('1 dead letter queued again');
    expect((await runCli(['dlq', 'retry', '--config', configPath])).code).toBe(1);
    expect((await runCli(['dlq', 'purge', '--older-than', 'soon', '--config', configPath])).stderr).toContain('--older-than');
    const purge = await runCli(['dlq', 'purge', '--yes', '--config', configPath]);
    expect(purge.stdout).toContain('0 dead letters purged');
  });
});

describe('herald send-test', () => {
  it('send-test – posts a sample message to one channel now; failures are explained with exit 1', async () => {
    const { startFakePlatform } = await import('../fakes/fake-platform.mjs');
    const fake = await startFakePlatform();
    try {
      const path = writeConfig(
        'send-test.yaml',
        `storage: { driver: memory }
channels:
  ok: { platform: slack, webhook_url: "${fake.url}/services/T/B/sendtest" }
  broken: { platform: discord, webhook_url: "${fake.url}/api/webhooks/1/BROKENTOKEN" }
`,
      );
      const ok = await runCli(['send-test', '--config', path, '--channel', 'ok']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('sent a test message to ok');
      expect(fake.requests.filter((r) => r.path === '/services/T/B/sendtest')).toHaveLength(1);
      expect(JSON.stringify(fake.requests[0]!.body)).toContain('Herald test message');

      fake.script('/api/v10/webhooks/1', [{ status: 404, body: { message: 'Unknown Webhook', code: 10015 } }]);
      const broken = await runCli(['send-test', '--config', path, '--channel', 'broken']);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/send to broken .* failed: GONE/);
      expect(broken.stderr).not.toContain('BROKENTOKEN');

      const unknown = await runCli(['send-test', '--config', path, '--channel', 'nope']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('unknown channel "nope" (configured: ok, broken)');
    } finally {
      await fake.close();
    }
  });
});

describe('herald send-test on an optional channel that is off', () => {
  it('send-test – says the channel is disabled and which variable enables it', async () => {
    // The default config with no environment: slack is optional and SLACK_WEBHOOK_URL is unset.
    const slack = await runCli(['send-test', '--config', 'config/herald.yaml', '--channel', 'slack']);
    expect(slack.code).toBe(1);
    expect(slack.stderr).toBe('herald: channel "slack" is disabled: it is optional and its webhook_url/token is empty; set SLACK_WEBHOOK_URL to enable it\n');

    const path = writeConfig(
      'optional.yaml',
      `storage: { driver: memory }
channels:
  local: { platform: console }
  bot: { platform: slack, token: "\${SLACK_BOT_TOKEN:-}", channel: C1, optional: true }
  blank: { platform: teams, webhook_url: "", optional: true }
`,
    );
    const bot = await runCli(['send-test', '--config', path, '--channel', 'bot']);
    expect(bot.stderr).toContain('set SLACK_BOT_TOKEN to enable it');
    const blank = await runCli(['send-test', '--config', path, '--channel', 'blank']);
    expect(blank.stderr).toContain('channel "blank" is disabled: it is optional and its webhook_url/token is empty; give it a webhook_url or token to enable it');
    const validate = await runCli(['validate', '--config', path]);
    expect(validate.stdout).toContain('bot: disabled (optional, and its webhook_url/token is empty: set SLACK_BOT_TOKEN to enable it)');
  });
});
