import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sampleEvent } from '../helpers/event.js';
import { tempDir } from '../helpers/herald-process.js';

const dir = tempDir('herald-pipe-');
afterAll(() => dir.cleanup());

/** Much more output than a pipe buffers (64 KB), so writes go on after the reader has gone. */
const ROWS = 1500;

/**
 * Runs `herald <args>` with stdout piped into a reader that closes the pipe after the
 * first chunk, like `| head -1`.
 */
function pipedIntoHead(args: string[]): Promise<{ code: number | null; firstLine: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('bin/herald.js'), ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstLine = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      firstLine = chunk.toString().split('\n')[0]!;
      child.stdout.destroy();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, firstLine, stderr }));
  });
}

function configWith(db: string, routes: number): string {
  const path = join(dir.path, `cli-${routes}.yaml`);
  const lines = Array.from({ length: routes }, (_, i) => `  - { name: route-${i}, match: { type: ["generation.*"] }, to: [local] }`);
  writeFileSync(path, `storage: { driver: sqlite, path: ${db} }
sources:
  wpllm: { type: wp-llm, secret: s3cret }
channels:
  local: { platform: console }
routes:
${lines.join('\n')}
`);
  return path;
}

describe('robustness: CLI output into a closed pipe', () => {
  it('pipe – herald validate | head -1 ends quietly with exit 0', async () => {
    const config = configWith(join(dir.path, 'validate.db'), ROWS);
    const r = await pipedIntoHead(['validate', '--config', config]);
    expect(r.firstLine).toBe(`${config}: OK`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('pipe – herald dlq list | head -1 ends quietly with exit 0', async () => {
    const db = join(dir.path, 'dlq.db');
    const store = SqliteStore.open({ path: db, sync: 'normal' });
    const now = Date.now();
    const ingested = await Promise.all(
      Array.from({ length: ROWS }, (_, i) => store.ingest({ event: sampleEvent({ id: `evt_pipe_${i}` }), targets: [{ channel: 'local' }], dedupeUntil: now + 60_000, now })),
    );
    expect(ingested.every((r) => !r.duplicate)).toBe(true);
    const pending = await store.deliveries({ status: 'pending', limit: ROWS });
    await Promise.all(pending.map((d) => store.markDead(d.id, 'REJECTED: the platform refused the message with a long enough reason', now)));
    await store.close();

    const r = await pipedIntoHead(['dlq', 'list', '--config', configWith(db, 1)]);
    expect(r.firstLine).toBe('ID\tEVENT\tCHANNEL\tATTEMPTS\tDEAD SINCE\tREASON');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
