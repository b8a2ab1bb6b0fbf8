import { RE2JS } from 're2js';

/**
 * `where` conditions of a route: keys are dot paths into the normalized event; a value is
 * an equality, a list (any of), or an operator object.
 */
const OPERATORS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists'] as const;
type Operator = (typeof OPERATORS)[number];

export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) && /^\d+$/.test(key) ? current[Number(key)] : (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * `matches` runs on RE2 (re2js): matching takes time linear in the input whatever the
 * pattern, so no route can be made to freeze ingest (a backtracking engine takes seconds on
 * `^(a+)+$` against thirty characters). Patterns come only from the config; each is
 * compiled once.
 */
const compiled = new Map<string, RE2JS>();
/** Bounds the cache across many reloads with changing patterns. */
const MAX_COMPILED = 1000;

function compiledPattern(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (re === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    re = RE2JS.compile(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

/** Why a `matches` operand cannot be used, or undefined when it compiles. */
function patternProblem(operand: unknown): string | undefined {
  if (typeof operand !== 'string') return 'expected a regular expression (a string)';
  try {
    compiledPattern(operand);
    return undefined;
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '');
    return `unsupported regular expression ${JSON.stringify(operand)}: ${reason} (RE2 syntax: backreferences and lookahead/lookbehind are not available)`;
  }
}

/** A value in a "does not hold" reason: scalars as JSON (cut short), structures by kind. */
function shown(value: unknown): string {
  if (value === undefined) return 'a missing value';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function isOperatorObject(value: unknown): value is Partial<Record<Operator, unknown>> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => (OPERATORS as readonly string[]).includes(k))
  );
}

function equals(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  // YAML may give `1` where the payload has "1" and vice versa; compare scalars as text.
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  return (typeof expected === 'string' || typeof expected === 'number' || typeof expected === 'boolean') && String(actual) === String(expected);
}

function compare(actual: unknown, expected: unknown, test: (a: number, b: number) => boolean): boolean {
  const a = typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : actual;
  return typeof a === 'number' && typeof expected === 'number' && !Number.isNaN(a) && test(a, expected);
}

function applyOperator(op: Operator, actual: unknown, operand: unknown): boolean {
  switch (op) {
    case 'eq':
      return equals(actual, operand);
    case 'ne':
      return !equals(actual, operand);
    case 'in':
      return Array.isArray(operand) && operand.some((v) => equals(actual, v));
    case 'gt':
      return compare(actual, operand, (a, b) => a > b);
    case 'gte':
      return compare(actual, operand, (a, b) => a >= b);
    case 'lt':
      return compare(actual, operand, (a, b) => a < b);
    case 'lte':
      return compare(actual, operand, (a, b) => a <= b);
    case 'matches':
      return typeof actual === 'string' && typeof operand === 'string' && compiledPattern(operand).test(actual);
    case 'exists':
      return (actual !== undefined && actual !== null) === Boolean(operand);
  }
}

/** The first condition that fails, as text (for `herald route`), or undefined when all hold. */
export function failedCondition(event: unknown, where: Record<string, unknown>): string | undefined {
  for (const [path, condition] of Object.entries(where)) {
    const actual = valueAt(event, path);
    let ok: boolean;
    if (isOperatorObject(condition)) {
      ok = Object.entries(condition).every(([op, operand]) => applyOperator(op as Operator, actual, operand));
    } else if (Array.isArray(condition)) {
      ok = condition.some((v) => equals(actual, v));
    } else {
      ok = equals(actual, condition);
    }
    if (!ok) return `where ${path}: ${JSON.stringify(condition)} does not hold for ${shown(actual)}`;
  }
  return undefined;
}

/** Checks operator names and regexes at config time, so a typo is an error, not a silent miss. */
export function whereProblems(where: Record<string, unknown>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  for (const [path, condition] of Object.entries(where)) {
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) continue;
    for (const [op, operand] of Object.entries(condition)) {
      if (!(OPERATORS as readonly string[]).includes(op)) {
        problems.push({ key: `${path}.${op}`, message: `unknown operator "${op}" (expected one of ${OPERATORS.join(', ')})` });
      } else if (op === 'matches') {
        const problem = patternProblem(operand);
        if (problem) problems.push({ key: `${path}.${op}`, message: problem });
      } else if (op === 'in' && !Array.isArray(operand)) {
        problems.push({ key: `${path}.${op}`, message: 'expected a list' });
      } else if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof operand !== 'number') {
        problems.push({ key: `${path}.${op}`, message: 'expected a number' });
      }
    }
  }
  return problems;
}
