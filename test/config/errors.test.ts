import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { parseConfigText } from '../../src/config/loader.js';
import { runCli, tempDir } from '../helpers/herald-process.js';

const BASE = `
sources:
  wpllm: { type: wp-llm, secret: s3cret }
channels:
  local: { platform: console }
`;

/** Every error of BASE plus `extra` (YAML appended at the top level). */
function errorsOf(extra: string, env: Record<string, string> = {}): string[] {
  const result = parseConfigText(`${BASE}${extra}\n`, env, REGISTRIES);
  return result.ok ? [] : result.errors;
}

/** Every error of BASE with one more entry under `sources:` or `channels:`. */
function entryErrors(section: 'sources' | 'channels', entry: string): string[] {
  const result = parseConfigText(BASE.replace(`${section}:\n`, `${section}:\n  ${entry}\n`), {}, REGISTRIES);
  return result.ok ? [] : result.errors;
}

describe('config errors read like the README', () => {
  // Each row: what a user wrote → the exact line Herald prints (path: what is wrong, what is expected).
  test.each([
    // durations
    ['delivery: { timeout: 10 }', 'delivery.timeout: expected a duration with a unit like 500ms, 10s, 5m, 24h or 7d, got 10 (write 10s for seconds)'],
    ['delivery: { timeout: "10" }', 'delivery.timeout: expected a duration with a unit like 500ms, 10s, 5m, 24h or 7d, got "10" (write 10s for seconds)'],
    ['delivery: { max_age: soon }', 'delivery.max_age: expected a duration like 500ms, 10s, 5m, 24h or 7d, got "soon"'],
    ['delivery: { timeout: true }', 'delivery.timeout: expected a duration like 500ms, 10s, 5m, 24h or 7d, got true'],
    ['dedupe_window: [7d]', 'dedupe_window: expected a duration like 500ms, 10s, 5m, 24h or 7d, got a list'],
    // sizes
    ['server: { body_limit: lots }', 'server.body_limit: expected a size like 1mb or 512kb (or a number of bytes), got "lots"'],
    ['server: { body_limit: true }', 'server.body_limit: expected a size like 1mb or 512kb (or a number of bytes), got true'],
    ['server: { body_limit: 0 }', 'server.body_limit: expected a size like 1mb or 512kb (or a number of bytes), got 0'],
    // whole numbers
    ['server: { port: abc }', 'server.port: expected a port number (0-65535), got "abc"'],
    ['server: { port: 70000 }', 'server.port: expected a port number (0-65535), got 70000'],
    ['delivery: { concurrency: 0 }', 'delivery.concurrency: expected a whole number from 1 to 1000, got 0'],
    ['delivery: { concurrency: 2.5 }', 'delivery.concurrency: expected a whole number from 1 to 1000, got 2.5'],
    // enums
    ['storage: { sync: sometimes }', 'storage.sync: expected one of full, normal, got "sometimes"'],
    ['routes: [{ to: [local], match: { severity: bad } }]', 'routes[0].match.severity: expected one of info, success, warning, error, critical, got "bad"'],
    // booleans
    ['routes: [{ to: [local], stop: yes }]', 'routes[0].stop: expected true or false, got "yes"'],
    ['routes: [{ to: [local], stop: 1 }]', 'routes[0].stop: expected true or false, got 1'],
    // lists
    ['routes: [{ to: local }]', 'routes[0].to: expected a list, got "local"'],
    ['routes: [{ to: [] }]', 'routes[0].to: list at least one channel'],
    ['routes: [{ to: [local], match: { type: [] } }]', 'routes[0].match.type: list at least one item'],
    ['routes: [{ to: [local], match: { source: 5 } }]', 'routes[0].match.source: expected a string or a list of strings, got 5'],
    ['routes: [{ to: [local], match: { type: ["a.*", 5] } }]', 'routes[0].match.type: expected a list of non-empty strings, got a list containing 5'],
    ['routes: 5', 'routes: expected a list, got 5'],
    // mappings, strings
    ['server: 5', 'server: expected a mapping (key: value), got 5'],
    ['routes: [{ to: [local], match: 5 }]', 'routes[0].match: expected a mapping (key: value), got 5'],
    ['server: { host: "" }', 'server.host: must not be empty'],
    ['routes: [{ to: [local], name: 5 }]', 'routes[0].name: expected a string, got 5 (write it in quotes)'],
    // URLs
    ['platforms: { slack: { api_url: slack.com/api } }', 'platforms.slack.api_url: expected a URL like https://example.com/path, got "slack.com/api"'],
  ])('config – %s', (extra, message) => {
    expect(errorsOf(extra)).toEqual([message]);
  });

  test.each([
    ['x: { type: promptha, secret: s, tolerance: 300 }', 'sources.x.tolerance: expected a duration with a unit like 500ms, 10s, 5m, 24h or 7d, got 300 (write 300s for seconds)'],
    ['x: { type: promptpal, token: t, allow_unsigned: "yes" }', 'sources.x.allow_unsigned: expected true or false, got "yes"'],
    ['x: 5', 'sources.x: expected a mapping with a type key, got 5'],
  ])('config source – %s', (entry, message) => {
    expect(entryErrors('sources', entry)).toEqual([message]);
  });

  test.each([
    ['x: { platform: slack, webhook_url: "https://h.example/x", rate: 5 }', 'channels.x.rate: expected a rate like 1/s, 30/min or 5/2s, got 5'],
    ['x: { platform: slack, webhook_url: "https://h.example/x", slack_format: html }', 'channels.x.slack_format: expected one of blocks, markdown, got "html"'],
    ['x: { platform: slack, webhook_url: "https://h.example/x", optional: yes }', 'channels.x.optional: expected true or false, got "yes"'],
    ['x: { platform: discord, token: t, channel_id: 123 }', 'channels.x.channel_id: expected a string, got 123 (write it in quotes)'],
    ['x: { platform: discord, webhook_url: "https://h.example/x", thread_id: abc }', 'channels.x.thread_id: expected a numeric thread id'],
    ['x: { platform: discord, webhook_url: "https://h.example/x", avatar_url: nope }', 'channels.x.avatar_url: expected a URL like https://example.com/path, got "nope"'],
    ['x: { platform: teams, webhook_url: "https://h.example/x", format: html }', 'channels.x.format: expected one of adaptive-card, messagecard, got "html"'],
  ])('config channel – %s', (entry, message) => {
    expect(entryErrors('channels', entry)).toEqual([message]);
  });

  it('config – a secret of the wrong type is described, never shown', () => {
    const errors = [
      ...errorsOf('server: { admin_token: 918273645 }'),
      ...entryErrors('sources', 'x: { type: promptha, secrets: "topsecret-string" }'),
      ...entryErrors('channels', 'x: { platform: slack, webhook_url: 5550123 }'),
    ];
    expect(errors).toEqual([
      'server.admin_token: expected a string, got a number (write it in quotes)',
      'sources.x.secrets: expected a list, got a string',
      'channels.x.webhook_url: expected a string, got a number (write it in quotes)',
    ]);
  });

  test.each([
    [{ HERALD_PORT: 'abc' }, 'HERALD_PORT=abc: expected a port number (0-65535)'],
    [{ PORT: '99999' }, 'PORT=99999: expected a port number (0-65535)'],
    [{ HERALD_LOG_LEVEL: 'verbose' }, 'HERALD_LOG_LEVEL=verbose: expected one of trace, debug, info, warn, error, fatal, silent'],
  ])('config env – %o names the variable', (env, message) => {
    expect(errorsOf('', env)).toEqual([message]);
  });

  it('config env – HERALD_PORT wins over PORT, and an empty HERALD_LOG_LEVEL means the default', () => {
    const result = parseConfigText(BASE, { HERALD_PORT: '7001', PORT: 'not-used', HERALD_LOG_LEVEL: '' }, REGISTRIES);
    expect(result.ok && result.config.server.port).toBe(7001);
  });
});

describe('config errors from the command line', () => {
  const dir = tempDir('herald-config-errors-');
  afterAll(() => dir.cleanup());

  it('serve – a bad environment value exits 1 naming the variable, with no stack trace', async () => {
    const path = join(dir.path, 'ok.yaml');
    writeFileSync(path, `storage: { driver: memory }\n${BASE}`);
    const level = await runCli(['serve', '--config', path], { HERALD_LOG_LEVEL: 'verbose' });
    expect(level.code).toBe(1);
    expect(level.stderr).toContain('HERALD_LOG_LEVEL=verbose: expected one of trace, debug, info, warn, error, fatal, silent');
    expect(level.stderr).not.toMatch(/\n\s+at /);
    const port = await runCli(['validate', '--config', path], { HERALD_PORT: 'abc' });
    expect(port.code).toBe(1);
    expect(port.stderr).toContain('HERALD_PORT=abc: expected a port number (0-65535)');
  });

  it('validate – a numeric timeout is explained, and every error is printed at once', async () => {
    const path = join(dir.path, 'bad.yaml');
    writeFileSync(path, `${BASE}delivery: { timeout: 10 }\nserver: { port: abc }\n`);
    const r = await runCli(['validate', '--config', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('  - delivery.timeout: expected a duration with a unit like 500ms, 10s, 5m, 24h or 7d, got 10 (write 10s for seconds)');
    expect(r.stderr).toContain('  - server.port: expected a port number (0-65535), got "abc"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
