import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { runCli, tempDir } from '../helpers/herald-process.js';

/**
 * `render` is keyed by provider type (it needs no config); `route` and `simulate` by source
 * key. Each accepts the other form where the config makes it unambiguous.
 */
const dir = tempDir('herald-forms-');
afterAll(() => dir.cleanup());

const FIXTURE = 'test/fixtures/wp-llm/generation.completed.json';
const CONFIG = join(dir.path, 'forms.yaml');
writeFileSync(
  CONFIG,
  `storage: { driver: memory }
sources:
  wpllm: { type: wp-llm, secret: forms-secret }
  hooks-a: { type: standard-webhooks, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw }
  hooks-b: { type: standard-webhooks, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw }
channels:
  local: { platform: console }
routes:
  - name: from-wpllm
    match: { source: [wpllm] }
    to: [local]
`,
);

/** The console rendering's footer names the source: `— wpllm (wp-llm) · generation.completed · …`. */
const footer = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('— '));

describe('herald render – source forms', () => {
  it('render --source-type – works with no config at all', async () => {
    const r = await runCli(['render', '--platform', 'console', '--source-type', 'wp-llm', FIXTURE], { HERALD_CONFIG: join(dir.path, 'missing.yaml') });
    expect(r.code, r.stderr).toBe(0);
    expect(footer(r.stdout)).toMatch(/^— wp-llm · generation\.completed · /);
  });

  it('render --source – reads the type of a configured source key', async () => {
    const r = await runCli(['render', '--platform', 'console', '--source', 'wpllm', '--config', CONFIG, FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    expect(footer(r.stdout)).toMatch(/^— wpllm \(wp-llm\) · generation\.completed · /);
    const slack = JSON.parse((await runCli(['render', '--platform', 'slack', '--source', 'wpllm', '--config', CONFIG, FIXTURE])).stdout);
    // The context line (source key first) is in the attachment that draws the severity bar.
    expect(JSON.stringify(slack.attachments)).toContain('wpllm');
  });

  it('render --source-type <key> – a source key is accepted when the config defines it', async () => {
    const r = await runCli(['render', '--platform', 'console', '--source-type', 'wpllm', '--config', CONFIG, FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    expect(footer(r.stdout)).toMatch(/^— wpllm \(wp-llm\) · /);
  });

  it('render – a missing, doubled or unknown source is a clear error', async () => {
    const none = await runCli(['render', '--platform', 'console', FIXTURE]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('missing --source-type <type> (or --source <key> with a config)');
    const both = await runCli(['render', '--platform', 'console', '--source', 'wpllm', '--source-type', 'wp-llm', '--config', CONFIG, FIXTURE]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('either --source-type <type>');
    const unknown = await runCli(['render', '--platform', 'console', '--source-type', 'wp_llm', '--config', CONFIG, FIXTURE]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`unknown source type "wp_llm" (expected one of ${REGISTRIES.sources.map((s) => s.type).join(', ')})`);
  });

  it('render --platform teams – the default Teams format, the Workflows Adaptive Card', async () => {
    const teams = await runCli(['render', '--platform', 'teams', '--source-type', 'wp-llm', FIXTURE]);
    const adaptive = await runCli(['render', '--platform', 'teams-adaptive', '--source-type', 'wp-llm', FIXTURE]);
    expect(teams.code, teams.stderr).toBe(0);
    expect(JSON.parse(teams.stdout).attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.stdout).toBe(adaptive.stdout);
    expect((await runCli(['render', '--help'])).stdout).toMatch(/teams\s+=\s+teams-adaptive/);
  });
});

describe('herald route – source forms', () => {
  it('route --source <type> – a provider type with exactly one source stands for its key', async () => {
    const r = await runCli(['route', '--config', CONFIG, '--source', 'wp-llm', FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/match\s+from-wpllm/);
    expect(r.stdout).toContain('channels: local');
  });

  it('route --source <type> – a type with several sources names them', async () => {
    const r = await runCli(['route', '--config', CONFIG, '--source', 'standard-webhooks', 'test/fixtures/standard-webhooks/generation.completed.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"standard-webhooks" is a provider type, not a source key; sources of that type: hooks-a, hooks-b');
  });
});
