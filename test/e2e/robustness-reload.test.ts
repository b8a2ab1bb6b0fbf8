import { symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { ALIAS_BOMB } from '../helpers/config.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

const dir = tempDir('herald-reload-e2e-');
const configPath = join(dir.path, 'herald.yaml');
const CONFIG = `
storage: { driver: sqlite, path: ${dir.path}/reload.db }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  local: { platform: console }
routes:
  - to: [local]
`;

let herald: HeraldProcess;
beforeAll(async () => {
  herald = await startHerald(CONFIG, dir.path);
});
afterAll(async () => {
  await herald?.stop();
  dir.cleanup();
});

async function accepted(id: string): Promise<boolean> {
  const body = wpllmBody(id);
  const res = await fetch(`${herald.url}/webhooks/wpllm`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
  return res.status === 200 && ((await res.json()) as { id: string }).id === id;
}

/** Sends SIGHUP and waits for the log line that ends a reload; returns the lines it logged. */
async function reload(): Promise<string[]> {
  const before = herald.stdout().length;
  herald.child.kill('SIGHUP');
  return waitFor(() => {
    if (herald.child.exitCode !== null || herald.child.signalCode !== null) throw new Error(`herald exited on SIGHUP:\n${herald.stderr()}`);
    const lines = herald.stdout().slice(before).split('\n');
    return lines.some((l) => /"msg":"config (reloaded|reload failed; keeping the previous config)"/.test(l)) && lines;
  }, 10_000, 'the reload to be logged');
}

describe('robustness: config reload', () => {
  it.each([
    ['an alias bomb', () => writeFileSync(configPath, ALIAS_BOMB), 'Excessive alias count'],
    ['a file over 1 MB', () => writeFileSync(configPath, `# ${'x'.repeat(2 * 1024 * 1024)}\n${CONFIG}`), 'a config may be at most'],
    ['a link to /dev/zero', () => (unlinkSync(configPath), symlinkSync('/dev/zero', configPath)), 'not a regular file'],
  ])('reload – %s is logged, the process stays up and the old config serves', async (_what, write, reason) => {
    write();
    const failure = (await reload()).find((l) => l.includes('config reload failed'));
    expect(failure).toContain(reason);
    expect(herald.child.exitCode).toBeNull();
    expect((await fetch(`${herald.url}/healthz`)).status).toBe(200);
    expect(await accepted(`evt_reload_${reason.length}`)).toBe(true);
    expect(herald.stderr()).toBe('');
  });

  it('reload – a change that needs a restart is applied except for that key, which a warning names', async () => {
    unlinkSync(configPath);
    writeFileSync(configPath, `server: { host: 0.0.0.0, body_limit: 2mb }\n${CONFIG.replace('local: { platform: console }', 'local: { platform: console }\n  other: { platform: console }')}`);
    const lines = await reload();
    const warning = JSON.parse(lines.find((l) => l.includes('only after a restart'))!) as { level: number; keys: string[]; msg: string };
    expect(warning).toMatchObject({ level: 40, keys: ['server.host', 'server.body_limit'] });
    expect(warning.msg).toContain('server.host, server.body_limit take effect only after a restart');
    expect(lines.find((l) => l.includes('"msg":"config reloaded"'))).toContain('"channels":2');
    expect(await accepted('evt_reload_restart')).toBe(true); // still on the old address
  });
});
