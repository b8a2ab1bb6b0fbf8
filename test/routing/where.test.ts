import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { parseConfigText } from '../../src/config/loader.js';
import { failedCondition, whereProblems } from '../../src/routing/where.js';
import { MINIMAL_CONFIG } from '../helpers/config.js';

const configWith = (where: string) => `${MINIMAL_CONFIG}  - match: { where: ${where} }\n    to: [local]\n`;

function errorsOf(text: string): string[] {
  const result = parseConfigText(text, {}, REGISTRIES);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.errors;
}

describe('where matches', () => {
  it('where matches – a pattern that backtracks exponentially runs in linear time', () => {
    // A backtracking engine (RegExp) needs about 2^40 steps here: hours, not a test run.
    const event = { model: `${'a'.repeat(40)}!` };
    expect(failedCondition(event, { model: { matches: '^(a+)+$' } })).toMatch(/does not hold/);
    expect(failedCondition({ model: 'a'.repeat(40) }, { model: { matches: '^(a+)+$' } })).toBeUndefined();
    expect(failedCondition({ model: 'x'.repeat(200_000) }, { model: { matches: '(x+x+)+y' } })).toMatch(/does not hold/);
  });

  it('where matches – searches anywhere in the value, with RE2 syntax ((?i), \\d, classes)', () => {
    expect(failedCondition({ model: 'prod-GPT-4o' }, { model: { matches: '(?i)gpt-\\d' } })).toBeUndefined();
    expect(failedCondition({ model: 'claude' }, { model: { matches: '^gpt' } })).toMatch(/does not hold for "claude"/);
    expect(failedCondition({ model: 'wp-llm-13b' }, { model: { matches: '[[:digit:]]+b$' } })).toBeUndefined();
    expect(failedCondition({ usage: 5 }, { usage: { matches: '5' } })).toMatch(/does not hold/); // only strings match
  });

  it.each([
    ['a backreference', '"(a)\\\\1"', 'invalid escape sequence'],
    ['a lookahead', '"foo(?=bar)"', 'unsupported Perl syntax'],
    ['a negative lookahead', '"^(?!test)"', 'unsupported Perl syntax'],
    ['a lookbehind', '"(?<=a)b"', 'invalid named capture'],
    ['a syntax error', '"(["', 'missing closing'],
  ])('where matches – validate refuses %s with the route path', (_what, pattern, reason) => {
    const errors = errorsOf(configWith(`{ model: { matches: ${pattern} } }`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^routes\[1\]\.match\.where\.model\.matches: unsupported regular expression /);
    expect(errors[0]).toContain(reason);
  });

  it('where matches – a pattern that is not a string is refused', () => {
    expect(whereProblems({ model: { matches: 42 } })).toEqual([{ key: 'model.matches', message: 'expected a regular expression (a string)' }]);
  });

  it('where – a deeply nested value in a failed condition is described, not serialized', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(failedCondition({ data: { x: deep } }, { 'data.x': 'leaf' })).toBe('where data.x: "leaf" does not hold for a list of 1');
    expect(failedCondition({ model: 'm'.repeat(5000) }, { model: 'x' })!.length).toBeLessThan(200);
  });
});
