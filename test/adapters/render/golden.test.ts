// Golden files: every fixture × every platform/format → test/golden/<platform>/<fixture>.json
// (.txt for a text payload, the console's). Rewritten with UPDATE_GOLDEN=1; otherwise compared, so reviewers
// read payload diffs rather than inline JSON.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLimits, loadFixtures, PLATFORM_NAMES, renderAs, TEST_ROOT } from './platforms.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const fixtures = loadFixtures();

function serialize(payload: unknown): string {
  return typeof payload === 'string' ? payload : `${JSON.stringify(payload, null, 2)}\n`;
}

describe.each(PLATFORM_NAMES)('%s render goldens', (platform) => {
  it.each(fixtures.map((f) => [f.name, f] as const))(`${platform} render – %s matches its golden file and every limit`, (_name, fixture) => {
    const { payload, summary } = renderAs(platform, fixture.event);
    assertLimits(platform, payload);
    expect(summary.length).toBeGreaterThan(0);
    const file = join(TEST_ROOT, 'golden', platform, `${fixture.name}.${typeof payload === 'string' ? 'txt' : 'json'}`);
    const actual = serialize(payload);
    if (UPDATE) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    if (!existsSync(file)) throw new Error(`golden ${file} missing: run with UPDATE_GOLDEN=1 and review the new file`);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});

describe('render goldens – fixtures', () => {
  it('render goldens – cover every category and the provider events that exist', () => {
    const categories = new Set(fixtures.map((f) => f.event.category));
    for (const category of ['generation', 'analysis', 'training', 'usage', 'system', 'stream', 'conversation', 'other']) {
      expect(categories).toContain(category);
    }
  });
});
