import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sampleEvent } from '../helpers/event.js';
import { runCli, tempDir } from '../helpers/herald-process.js';

const dir = tempDir('herald-purge-');
afterAll(() => dir.cleanup());
const db = join(dir.path, 'herald.db');
const config = join(dir.path, 'herald.yaml');
writeFileSync(config, `storage: { driver: sqlite, path: ${db} }\nchannels:\n  local: { platform: console }\n`);

async function deadLetters(): Promise<number> {
  const store = SqliteStore.open({ path: db, sync: 'normal' });
  try {
    return (await store.deliveries({ status: 'dead' })).length;
  } finally {
    await store.close();
  }
}

/** Two fresh dead letters in the store, as an operator would find them. */
beforeEach(async () => {
  const store = SqliteStore.open({ path: db, sync: 'normal' });
  await store.purgeDead(Date.now() + 1);
  const now = Date.now() - 1000;
  for (const id of ['evt_a', 'evt_b']) await store.ingest({ event: sampleEvent({ id }), targets: [{ channel: 'local' }], dedupeUntil: now, now });
  for (const d of await store.deliveries({ status: 'pending' })) await store.markDead(d.id, 'GONE: test', now);
  await store.close();
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt. */
function onTerminal(args: string[], answer: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, resolve('bin/herald.js'), ...args].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stdin.write(answer);
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('herald dlq purge', () => {
  it('dlq purge – without --yes or --older-than, a script (stdin not a terminal) fails and deletes nothing', async () => {
    const r = await runCli(['dlq', 'purge', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'herald: dlq purge: stdin is not a terminal, so nothing was deleted; add --yes to delete every dead letter, or --older-than <duration> (e.g. 7d) to keep recent ones\n',
    );
    expect(await deadLetters()).toBe(2);
  });

  it('dlq purge – --older-than needs no confirmation and keeps recent dead letters; --yes deletes them all', async () => {
    const old = await runCli(['dlq', 'purge', '--older-than', '1h', '--config', config]);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toBe('0 dead letters purged\n');
    expect(await deadLetters()).toBe(2);
    const all = await runCli(['dlq', 'purge', '--yes', '--config', config]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe('2 dead letters purged\n');
    expect(await deadLetters()).toBe(0);
  });

  it.skipIf(!hasScript)('dlq purge – on a terminal it asks first; only "y" deletes', async () => {
    const no = await onTerminal(['dlq', 'purge', '--config', config], 'n\n');
    expect(no.output).toContain('Delete all 2 dead letters? This cannot be undone. [y/N]');
    expect(no.output).toContain('nothing was deleted');
    expect(no.code).toBe(1);
    expect(await deadLetters()).toBe(2);
    const yes = await onTerminal(['dlq', 'purge', '--config', config], 'y\n');
    expect(yes.output).toContain('2 dead letters purged');
    expect(yes.code).toBe(0);
    expect(await deadLetters()).toBe(0);
  });
});
