import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startHerald, tempDir, waitFor } from '../helpers/herald-process.js';

const dir = tempDir('herald-status-');
afterAll(() => dir.cleanup());

/** PromptPal failures keep the type onPromptFinished: only `match.status` tells them apart. */
const CONFIG = (db: string) => `
storage: { driver: sqlite, path: ${db} }
sources:
  promptpal: { type: promptpal, token: status-token }
channels:
  failures: { platform: console }
  everything: { platform: console }
routes:
  - name: failed-runs
    match: { status: [failed] }
    to: [failures]
  - name: all
    to: [everything]
`;

describe('herald simulate and route – PromptPal failures', () => {
  it('simulate --list – offers the failure sample next to the success; validate shows the status route', async () => {
    const path = join(dir.path, 'list.yaml');
    writeFileSync(path, CONFIG(join(dir.path, 'list.db')));
    const list = await runCli(['simulate', '--config', path, '--source', 'promptpal', '--list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean)).toEqual(['onPromptFinished', 'onPromptFinished:failed']);
    const validate = await runCli(['validate', '--config', path]);
    expect(validate.stdout).toContain('failed-runs: status failed -> failures');
  });

  it('route – a result: 1 payload matches a status route; a success is skipped with the reason', async () => {
    const path = join(dir.path, 'route.yaml');
    writeFileSync(path, CONFIG(join(dir.path, 'route.db')));
    const failed = await runCli(['route', '--config', path, '--source', 'promptpal', 'test/fixtures/promptpal/onPromptFinished-failed.json']);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stdout).toContain('onPromptFinished (category generation, status failed, severity error)');
    expect(failed.stdout).toMatch(/match\s+failed-runs/);
    expect(failed.stdout).toContain('channels: failures, everything');
    const ok = await runCli(['route', '--config', path, '--source', 'promptpal', 'test/fixtures/promptpal/onPromptFinished.json']);
    expect(ok.stdout).toMatch(/skip\s+failed-runs — status completed is not one of failed/);
    expect(ok.stdout).toContain('channels: everything');
  });

  it('simulate --event onPromptFinished:failed – the server routes it by status', async () => {
    const config = CONFIG(join(dir.path, 'serve.db'));
    const path = join(dir.path, 'serve.yaml');
    writeFileSync(path, config);
    const herald = await startHerald(config, dir.path);
    try {
      const failed = await runCli(['simulate', '--config', path, '--source', 'promptpal', '--event', 'onPromptFinished:failed', '--url', herald.url]);
      expect(failed.code, failed.stderr).toBe(0);
      expect(failed.stdout).toMatch(/POST \/webhooks\/promptpal onPromptFinished:failed -> 200 \{"received":true,"id":"[^"]+","deliveries":2\}/);
      const ok = await runCli(['simulate', '--config', path, '--source', 'promptpal', '--event', 'onPromptFinished', '--url', herald.url]);
      expect(ok.stdout).toMatch(/-> 200 \{"received":true,"id":"[^"]+","deliveries":1\}/);
      // Both consoles print the failure; only `everything` prints the success.
      await waitFor(() => (herald.stdout().match(/Prompt run (failed|completed)/g) ?? []).length >= 3, 10_000, 'three console messages');
      expect(herald.stdout().match(/Prompt run failed/g)).toHaveLength(2);
      expect(herald.stdout().match(/Prompt run completed/g)).toHaveLength(1);
    } finally {
      await herald.stop();
    }
  });
});
