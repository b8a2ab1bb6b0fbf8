import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/herald-process.js';

const dir = tempDir('herald-quiet-');
afterAll(() => dir.cleanup());

describe('herald CLI – mistakes end with a sentence, not a stack trace', () => {
  it('serve – an unknown HERALD_LOG_LEVEL is refused with the accepted levels, exit 1', async () => {
    const path = join(dir.path, 'level.yaml');
    writeFileSync(path, 'storage: { driver: memory }\nchannels:\n  local: { platform: console }\n');
    const r = await runCli(['serve', '--config', path], { HERALD_LOG_LEVEL: 'verbose' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HERALD_LOG_LEVEL=verbose: expected one of trace, debug, info, warn, error, fatal, silent');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('render | head – a reader that goes away early ends the command quietly', async () => {
    // The read end is closed before herald writes anything, so every write meets EPIPE.
    const child = spawn(process.execPath, [resolve('bin/herald.js'), 'render', '--platform', 'slack', '--source-type', 'wp-llm', 'test/fixtures/wp-llm/analysis.completed.json'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
