import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform, type RecordedRequest } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

/**
 * A real server whose SQLite file sits on a small tmpfs that fills up while the platform is
 * healthy. Mounting needs root on Linux (CI runs as root); elsewhere the test is skipped
 * and says why.
 */
const ADMIN = 'store-full-admin-token';
const dir = tempDir('herald-store-full-');
const mnt = join(dir.path, 'mnt');
const filler = join(mnt, 'filler');
let fake: FakePlatform;
let herald: HeraldProcess | undefined;
let unavailable = '';

beforeAll(async () => {
  fake = await startFakePlatform();
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    unavailable = 'needs root on Linux to mount a small tmpfs for the database';
    return;
  }
  mkdirSync(mnt);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'herald-test', mnt], { encoding: 'utf8' });
  if (mount.status !== 0) unavailable = `cannot mount a tmpfs: ${mount.stderr || mount.error?.message}`;
});
afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  if (!unavailable && spawnSync('umount', [mnt]).status !== 0) spawnSync('umount', ['-l', mnt]);
  dir.cleanup();
});

/** Writes zeros until the file system is full. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function send(id: string): Promise<Response> {
  const body = wpllmBody(id);
  return fetch(`${herald!.url}/webhooks/wpllm`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
}
const readyz = async () => (await fetch(`${herald!.url}/readyz`)).status;
const posted = () => fake.requests.filter((r) => r.path === '/services/T/B/full');
const idOf = (r: RecordedRequest) => /full-\d+/.exec(r.rawBody)?.[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('unwritable store', () => {
  it('store full – a message the platform accepted is posted once; ingest and /readyz answer 503 until the disk has room, then delivery resumes', async (ctx) => {
    if (unavailable) {
      console.warn(`store-full test skipped: ${unavailable}`);
      ctx.skip();
    }
    herald = await startHerald(
      `
server: { admin_token: ${ADMIN} }
storage: { driver: sqlite, path: ${join(mnt, 'herald.db')}, sync: full }
delivery: { timeout: 5s }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  full: { platform: slack, webhook_url: "${fake.url}/services/T/B/full", rate: 100/s }
routes:
  - to: [full]
`,
      dir.path,
    );
    expect((await send('full-1')).status).toBe(200);
    await waitFor(() => posted().length === 1, 5000, 'the first message');
    expect(await readyz()).toBe(200);

    // The platform holds its answer to full-2; meanwhile the disk fills up.
    fake.script('/services/T/B/full', [{ status: 200, body: 'ok', delayMs: 1500 }]);
    expect((await send('full-2')).status).toBe(200);
    expect((await send('full-3')).status).toBe(200);
    await waitFor(() => posted().length === 2, 5000, 'the held request');
    fillDisk(filler);

    // full-2 was accepted, but its "sent" cannot be written.
    await waitFor(async () => (await readyz()) === 503, 10_000, '/readyz to answer 503');
    const refused = await send('full-4');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: 'unavailable' });
    await sleep(3000);
    expect(posted().map(idOf)).toEqual(['full-1', 'full-2']); // nothing posted twice, full-3 waits
    expect(await readyz()).toBe(503);
    expect(herald.stdout()).toContain('could not record the delivery outcome');

    rmSync(filler);
    await waitFor(async () => (await readyz()) === 200, 10_000, '/readyz to recover');
    await waitFor(() => posted().length === 3, 10_000, 'the queued message');
    expect((await send('full-4')).status).toBe(200);
    await waitFor(() => posted().length === 4, 5000, 'the new message');
    await sleep(300);
    expect(posted().map(idOf)).toEqual(['full-1', 'full-2', 'full-3', 'full-4']);
    expect(posted().every((r) => r.status === 200)).toBe(true);
    const res = await fetch(`${herald.url}/api/deliveries?status=pending`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await res.json()) as { deliveries: unknown[] }).deliveries).toEqual([]);
  }, 60_000);
});
