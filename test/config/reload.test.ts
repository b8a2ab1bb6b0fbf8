import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { loadConfig, MAX_CONFIG_BYTES } from '../../src/config/loader.js';
import type { HeraldConfig } from '../../src/config/schema.js';
import { reloadRuntime } from '../../src/reload.js';
import { ALIAS_BOMB, MINIMAL_CONFIG } from '../helpers/config.js';
import { tempDir } from '../helpers/herald-process.js';

const GOOD = `server: { port: 8787 }\n${MINIMAL_CONFIG}`;

const dir = tempDir('herald-reload-');
afterAll(() => dir.cleanup());

function running(): HeraldConfig {
  const loaded = loadConfig(writeConfig('running.yaml', GOOD), REGISTRIES, {});
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
}

function writeConfig(name: string, text: string | Buffer): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

function capture() {
  const lines: { level: number; msg: string; errors?: string[]; keys?: string[]; err?: { message: string } }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

function mkfifo(name: string): string {
  const path = join(dir.path, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('config reload', () => {
  it.each<[string, () => string, RegExp]>([
    ['invalid YAML', () => writeConfig('bad.yaml', 'sources: [unclosed'), /YAML/],
    ['an alias bomb', () => writeConfig('bomb.yaml', ALIAS_BOMB), /Excessive alias count/],
    ['a file over the size limit', () => writeConfig('huge.yaml', Buffer.alloc(MAX_CONFIG_BYTES + 1, '#')), /at most 1048576 bytes/],
    ['a missing file', () => join(dir.path, 'missing.yaml'), /file not found/],
    ['a directory', () => (mkdirSync(join(dir.path, 'adir'), { recursive: true }), join(dir.path, 'adir')), /not a regular file/],
    ['a FIFO nobody writes to', () => mkfifo('fifo.yaml'), /not a regular file/],
    ['a device', () => '/dev/zero', /not a regular file/],
    ['schema errors', () => writeConfig('schema.yaml', GOOD.replace('to: [local]', 'to: [nowhere]')), /routes\[0\]\.to\[0\]: unknown channel "nowhere"/],
    ['deep nesting', () => writeConfig('deep.yaml', `a: ${'['.repeat(3000)}`), /Maximum call stack size exceeded[^]*more YAML errors/],
  ])('reload – %s is logged and the previous config stays', (_what, path, reason) => {
    const { log, lines } = capture();
    expect(reloadRuntime(path(), running(), log, REGISTRIES)).toBeUndefined();
    const failure = lines.find((l) => l.msg === 'config reload failed; keeping the previous config');
    expect(failure?.level).toBe(50);
    expect(failure!.errors!.join('\n')).toMatch(reason);
  });

  it('reload – an exception while building the new runtime is logged and the previous config stays', () => {
    const { log, lines } = capture();
    const build = () => {
      throw new Error('cannot build');
    };
    expect(reloadRuntime(writeConfig('ok.yaml', GOOD), running(), log, REGISTRIES, build)).toBeUndefined();
    const failure = lines.find((l) => l.msg === 'config reload failed; keeping the previous config');
    expect(failure?.err?.message).toBe('cannot build');
  });

  it('reload – a valid file gives the new runtime', () => {
    const { log, lines } = capture();
    const next = reloadRuntime(writeConfig('next.yaml', GOOD.replace('  local:', '  other: { platform: console }\n  local:')), running(), log, REGISTRIES);
    expect(Object.keys(next!.config.channels)).toEqual(['other', 'local']);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('reload – keys that need a restart are named in a warning; the rest applies', () => {
    const { log, lines } = capture();
    const changed = GOOD.replace('server: { port: 8787 }', 'server: { port: 9999, host: 0.0.0.0, admin_token: t }\nstorage: { path: elsewhere.db }');
    const next = reloadRuntime(writeConfig('restart.yaml', changed), running(), log, REGISTRIES);
    expect(next!.config.server.admin_token.empty).toBe(false);
    const warning = lines.find((l) => l.level === 40)!;
    expect(warning.keys).toEqual(['server.host', 'server.port', 'storage.path']);
    expect(warning.msg).toContain('server.host, server.port, storage.path take effect only after a restart');
  });
});
