import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { parseConfigText } from '../../src/config/loader.js';
import { MINIMAL_CONFIG as BASE } from '../helpers/config.js';

function errorsOf(text: string, env: Record<string, string> = {}): string[] {
  const result = parseConfigText(text, env, REGISTRIES);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.errors;
}

describe('config loader', () => {
  it('config – a minimal config gets every documented default', () => {
    const result = parseConfigText(BASE, {}, REGISTRIES);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.config;
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 8787, body_limit: 1024 * 1024 });
    expect(c.storage).toEqual({ driver: 'sqlite', path: 'data/herald.db', sync: 'full', connect_timeout: 30_000 });
    expect(c.delivery).toEqual({ concurrency: 8, max_attempts: Infinity, max_age: 86_400_000, backoff_max: 300_000, timeout: 10_000 });
    expect(c.dedupe_window).toBe(7 * 86_400_000);
    expect(c.platforms).toEqual({ slack: { api_url: 'https://slack.com/api/' }, discord: { api_url: 'https://discord.com/api' } });
    expect(c.server.admin_token.empty).toBe(true);
  });

  it('config – an unknown route channel names its path', () => {
    const errors = errorsOf(BASE.replace('to: [local]', 'to: [local, ops]'));
    expect(errors).toContain('routes[0].to[1]: unknown channel "ops"');
  });

  it('config – an unknown source key in a route names its path', () => {
    const errors = errorsOf(BASE.replace('  - to: [local]', '  - match: { source: [nope] }\n    to: [local]'));
    expect(errors).toContain('routes[0].match.source[0]: unknown source "nope"');
  });

  it('config – an unknown platform lists the platforms', () => {
    const errors = errorsOf(BASE.replace('platform: console', 'platform: irc'));
    expect(errors).toContain(`channels.local.platform: expected one of ${REGISTRIES.adapters.map((a) => a.platform).join(', ')}, got "irc"`);
  });

  it('config – a missing secret is required', () => {
    const errors = errorsOf(BASE.replace('type: wp-llm, secret: s3cret', 'type: wp-llm'));
    expect(errors.some((e) => e.startsWith('sources.wpllm.secret: '))).toBe(true);
  });

  it('config – unknown keys are rejected at every level', () => {
    const errors = errorsOf(`${BASE}\nserver: { prot: 8080 }\ndelivery: { max_atempts: 3 }\n`);
    expect(errors).toContain('server.prot: unknown key');
    expect(errors).toContain('delivery.max_atempts: unknown key');
    expect(errorsOf(`${BASE}\nroutse: []\n`)).toContain('routse: unknown key');
  });

  it('config – delivery.max_attempts is a whole number or unlimited; backoff_max a duration of at least 100ms', () => {
    const delivery = (d: string) => {
      const result = parseConfigText(`${BASE}\ndelivery: ${d}\n`, {}, REGISTRIES);
      return result.ok ? result.config.delivery : result.errors;
    };
    expect(delivery('{ max_attempts: unlimited, backoff_max: 30s }')).toMatchObject({ max_attempts: Infinity, backoff_max: 30_000 });
    expect(delivery('{ max_attempts: 8 }')).toMatchObject({ max_attempts: 8 });
    expect(delivery('{ max_attempts: "${N:-12}" }')).toMatchObject({ max_attempts: 12 });
    for (const bad of ['0', 'forever', '2.5', '.inf']) {
      expect(delivery(`{ max_attempts: ${bad} }`)).toEqual(['delivery.max_attempts: expected a whole number of at least 1, or unlimited']);
    }
    expect(delivery('{ backoff_max: 10ms }')).toEqual(['delivery.backoff_max: expected at least 100ms']);
  });

  it('config – every error is reported at once', () => {
    const errors = errorsOf(`
sources:
  wpllm: { type: wp-llm }
channels:
  dev: { platform: irc }
delivery: { timeout: soon }
routes:
  - to: [ops]
`);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.join('\n')).toMatch(/delivery\.timeout: expected a duration/);
  });

  it('config – ${VAR} and ${VAR:-default} are replaced from the environment', () => {
    const text = BASE.replace('secret: s3cret', 'secret: "${WP_SECRET}"') + '\nserver: { port: "${P:-9000}", host: "${H:-0.0.0.0}" }\n';
    const result = parseConfigText(text, { WP_SECRET: 'from-env', H: '127.0.0.2' }, REGISTRIES);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.server.port).toBe(9000);
    expect(result.config.server.host).toBe('127.0.0.2');
    expect((result.config.sources.wpllm!.secret as { reveal(): string }).reveal()).toBe('from-env');
  });

  it('config – a ${VAR} with no value and no default names the variable and where it is used', () => {
    const errors = errorsOf(BASE.replace('secret: s3cret', 'secret: "${WPLLM_SECRET}"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^sources\.wpllm\.secret: environment variable WPLLM_SECRET is not set/);
  });

  it('config – HERALD_PORT, PORT and HERALD_HOST override the file', () => {
    const r1 = parseConfigText(BASE, { PORT: '7001' }, REGISTRIES);
    const r2 = parseConfigText(`${BASE}\nserver: { port: 1 }\n`, { HERALD_PORT: '7002', PORT: '7001', HERALD_HOST: '0.0.0.0' }, REGISTRIES);
    expect(r1.ok && r1.config.server.port).toBe(7001);
    expect(r2.ok && r2.config.server.port).toBe(7002);
    expect(r2.ok && r2.config.server.host).toBe('0.0.0.0');
  });

  it('config – postgres needs a postgres:// URL, and the URL is never echoed', () => {
    expect(errorsOf(`${BASE}\nstorage: { driver: postgres }\n`)).toContain(
      'storage.url: required with driver: postgres, e.g. postgres://herald:password@db.internal:5432/herald (is its environment variable set?)',
    );
    const errors = errorsOf(`${BASE}\nstorage: { driver: postgres, url: "mysql://root:hunter2@db/x" }\n`);
    expect(errors).toEqual(['storage.url: expected a URL starting with postgres:// or postgresql://']);
    expect(errorsOf(`${BASE}\nstorage: { driver: postgres, url: "postgres://h:hunter2@db/x", connect_timeout: soon }\n`).join()).toMatch(/^storage.connect_timeout: expected a duration/);
  });

  it('config – durations, sizes and enums are checked, never coerced to a default', () => {
    const errors = errorsOf(`${BASE}\nstorage: { driver: mysql, sync: sometimes }\nserver: { body_limit: lots }\ndedupe_window: forever\n`);
    expect(errors).toContain('storage.driver: expected one of sqlite, postgres, memory, got "mysql"');
    expect(errors).toContain('storage.sync: expected one of full, normal, got "sometimes"');
    expect(errors.some((e) => e.startsWith('server.body_limit: expected a size'))).toBe(true);
    expect(errors.some((e) => e.startsWith('dedupe_window: expected a duration'))).toBe(true);
  });

  it('config – match.status takes one status or a list, and a bad one names its path', () => {
    const one = parseConfigText(BASE.replace('  - to: [local]', '  - match: { status: failed }\n    to: [local]'), {}, REGISTRIES);
    expect(one.ok && one.config.routes[0]!.match.status).toEqual(['failed']);
    const list = parseConfigText(BASE.replace('  - to: [local]', '  - match: { status: [failed, cancelled] }\n    to: [local]'), {}, REGISTRIES);
    expect(list.ok && list.config.routes[0]!.match.status).toEqual(['failed', 'cancelled']);
    const statuses = 'started, progress, completed, failed, cancelled, alert, info';
    expect(errorsOf(BASE.replace('  - to: [local]', '  - match: { status: [failed, faild] }\n    to: [local]'))).toEqual([
      `routes[0].match.status[1]: expected one of ${statuses}, got "faild"`,
    ]);
    expect(errorsOf(BASE.replace('  - to: [local]', '  - match: { status: error }\n    to: [local]'))).toEqual([
      `routes[0].match.status: expected one of ${statuses}, got "error"`,
    ]);
    expect(errorsOf(BASE.replace('  - to: [local]', '  - match: { status: [] }\n    to: [local]'))[0]).toMatch(/^routes\[0\]\.match\.status: list at least one/);
  });

  it('config – where operators are checked at load', () => {
    const errors = errorsOf(BASE.replace('  - to: [local]', '  - match: { where: { "usage.total_tokens": { gtt: 5 }, model: { matches: "([" } } }\n    to: [local]'));
    expect(errors.some((e) => e.includes('unknown operator "gtt"'))).toBe(true);
    expect(errors.some((e) => e.includes('unsupported regular expression'))).toBe(true);
  });

  it('config – YAML syntax errors are reported, not thrown', () => {
    const errors = errorsOf('sources: [unclosed');
    expect(errors[0]).toMatch(/YAML/);
  });

  it('config – an optional channel with an empty URL is disabled, and routes may still name it', () => {
    const text = `${BASE.replace('routes:\n  - to: [local]', 'routes:\n  - to: [local, slack]')}`.replace(
      'local: { platform: console }',
      'local: { platform: console }\n  slack: { platform: slack, webhook_url: "${SLACK_WEBHOOK_URL:-}", optional: true }',
    );
    const off = parseConfigText(text, {}, REGISTRIES);
    expect(off.ok && off.config.disabled_channels).toEqual(['slack']);
    expect(off.ok && Object.keys(off.config.channels)).toEqual(['local']);
    const on = parseConfigText(text, { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' }, REGISTRIES);
    expect(on.ok && Object.keys(on.config.channels)).toEqual(['local', 'slack']);
  });

  it('config – a channel without optional and an empty URL is an error', () => {
    const text = BASE.replace('local: { platform: console }', 'local: { platform: console }\n  slack: { platform: slack, webhook_url: "${SLACK_WEBHOOK_URL:-}" }');
    expect(errorsOf(text).some((e) => e.startsWith('channels.slack.webhook_url: required'))).toBe(true);
  });

  it('config – secrets never appear in a printed config', () => {
    const text = BASE.replace('local: { platform: console }', 'local: { platform: console }\n  s: { platform: slack, webhook_url: "https://hooks.slack.com/services/T1/B1/TOPSECRET" }');
    const result = parseConfigText(text, {}, REGISTRIES);
    expect(result.ok).toBe(true);
    const printed = JSON.stringify(result.ok && result.config);
    expect(printed).not.toContain('TOPSECRET');
    expect(printed).not.toContain('s3cret');
  });
});
