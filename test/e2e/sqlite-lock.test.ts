import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIMAL_CONFIG } from '../helpers/config.js';
import { freePort, runCli, startHerald, tempDir, type HeraldProcess } from '../helpers/herald-process.js';

const dir = tempDir('herald-sqlock-');
const running: HeraldProcess[] = [];
afterAll(async () => {
  for (const herald of running) await herald.stop('SIGKILL');
  dir.cleanup();
});

const db = join(dir.path, 'data', 'herald.db');
const configPath = join(dir.path, 'herald.yaml');
const config = `storage: { driver: sqlite, path: ${db} }\n${MINIMAL_CONFIG}`;

async function serve(): Promise<HeraldProcess> {
  const herald = await startHerald(config, dir.path);
  running.push(herald);
  return herald;
}

/** A second `herald serve` on the same config, on another port; killed if it is still running after 10 s. */
async function serveAgain(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [resolve('bin/herald.js'), 'serve', '--config', configPath], {
    env: { PATH: process.env.PATH ?? '', HERALD_PORT: String(await freePort()) },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, stderr })));
}

describe('one herald serve per SQLite file', () => {
  it('a second server on the same file exits 1 naming the first; the first keeps serving and herald dlq still works', async () => {
    const first = await serve();
    const second = await serveAgain();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`herald: ${db} is in use by another herald serve (pid ${first.child.pid} on host `);
    expect(second.stderr).toContain('for several replicas use storage.driver: postgres');
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    const dlq = await runCli(['dlq', 'list', '--config', configPath]);
    expect(dlq).toMatchObject({ code: 0, stdout: 'no dead letters\n' });

    expect((await first.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(`${db}-lock.json`)).toBe(false);
  });

  it('kill -9 of the server never blocks a restart on the same file', async () => {
    const first = await serve();
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const restarted = await serve();
    expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
    expect(JSON.parse(readFileSync(`${db}-lock.json`, 'utf8')).pid).toBe(restarted.child.pid);
    expect((await serveAgain()).stderr).toContain(`(pid ${restarted.child.pid} on host `);
    expect((await restarted.stop('SIGTERM')).code).toBe(0);
  });

  it('an in-memory SQLite store takes no lock: two servers run side by side', async () => {
    const memory = `storage: { driver: sqlite, path: ':memory:' }\n${MINIMAL_CONFIG}`;
    const dirs = ['m1', 'm2'].map((name) => join(dir.path, name));
    for (const d of dirs) mkdirSync(d);
    const servers = [await startHerald(memory, dirs[0]!), await startHerald(memory, dirs[1]!)];
    running.push(...servers);
    for (const server of servers) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (const server of servers) expect((await server.stop('SIGTERM')).code).toBe(0);
    for (const d of dirs) expect(readdirSync(d)).toEqual(['herald.yaml']);
  });
});
