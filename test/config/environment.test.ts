import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every environment variable README tells users to set is read somewhere: by Herald's code
 * (`env.NAME`), by a shipped config (`${NAME}`), or by the test suite (UPDATE_GOLDEN).
 */
const CODE_DIRS = ['src', 'adapters', 'bin', 'scripts', 'bench', 'test'];
const CONFIG_DIR = 'config';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'golden' ? [] : files(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** Variables README names that belong to other programs (systemd's unit examples). */
const NOT_HERALDS = new Set(['MAINPID']);

/** Names that look like environment variables: HERALD_*, *_SECRET/_TOKEN/_URL, PORT, or written `NAME=…` / `$NAME`. */
function readmeVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(HERALD_[A-Z0-9_]+|[A-Z][A-Z0-9]*_(?:SECRET|TOKEN|URL)|PORT)\b/g)) names.add(m[1]!);
  for (const m of text.matchAll(/(?:\$\{?|\b)([A-Z][A-Z0-9_]{2,})(?==\S)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/\$\{?([A-Z][A-Z0-9_]{2,})/g)) names.add(m[1]!);
  return [...names].filter((name) => !NOT_HERALDS.has(name)).sort();
}

describe('README environment variables', () => {
  const code = CODE_DIRS.flatMap((dir) => files(dir, /\.(ts|mts|js|mjs)$/)).map((f) => readFileSync(f, 'utf8')).join('\n');
  const configs = files(CONFIG_DIR, /\.ya?ml$/).map((f) => readFileSync(f, 'utf8')).join('\n');
  const names = readmeVariables(readFileSync('README.md', 'utf8'));

  it('environment – README names the variables users set', () => {
    expect(names).toEqual(expect.arrayContaining(['HERALD_CONFIG', 'HERALD_PORT', 'PORT', 'SLACK_WEBHOOK_URL', 'WPLLM_SECRET', 'UPDATE_GOLDEN']));
  });

  it.each(names)('environment – %s is read by the code or a shipped config', (name) => {
    const read = new RegExp(`env\\.${name}\\b|env\\[['"]${name}['"]\\]`).test(code) || configs.includes(`\${${name}`);
    expect(read, `${name} is mentioned in README but nothing reads it`).toBe(true);
  });
});
