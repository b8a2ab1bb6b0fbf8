import type { z } from 'zod';

/**
 * Config error messages. Every error reads `path: what is wrong, what is expected`, in the
 * words of the YAML file (a list, a mapping, true or false), never zod's own wording.
 */

/** Keys whose values are secrets or may embed one (a database URL): never echoed. */
const SECRET_KEY = /^(token|secrets?|webhook_url|admin_token|url|password)$/;

/** `routes[2].to[0]`, `channels.dev.platform`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

export function isSecretPath(path: readonly PropertyKey[] | undefined): boolean {
  return (path ?? []).some((part) => typeof part === 'string' && SECRET_KEY.test(part));
}

/** How a value appears in an error: short, and only its kind when it may be a secret. */
export function shown(value: unknown, secret = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (secret) return value === '' ? 'an empty string' : `a ${typeof value === 'string' ? 'string' : typeof value}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

function typeMessage(expected: string, input: unknown, secret: boolean): string {
  if (input === undefined) return 'required';
  const hint = expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? ' (write it in quotes)' : '';
  return `expected ${EXPECTED[expected] ?? expected}, got ${shown(input, secret)}${hint}`;
}

function sizeMessage(iss: { origin?: string; minimum?: unknown; maximum?: unknown; input?: unknown }, secret: boolean): string | undefined {
  const input = iss.input;
  if (iss.origin === 'string' && iss.minimum === 1) return 'must not be empty';
  if (iss.origin === 'string' && iss.maximum !== undefined) {
    return `expected at most ${String(iss.maximum)} characters, got ${typeof input === 'string' ? input.length : '?'}`;
  }
  if (iss.origin === 'array') {
    const n = Number(iss.minimum ?? iss.maximum);
    return `${iss.minimum !== undefined ? 'list at least' : 'list at most'} ${n === 1 ? 'one item' : `${n} items`}`;
  }
  if (iss.minimum !== undefined) return `expected at least ${String(iss.minimum)}, got ${shown(input, secret)}`;
  if (iss.maximum !== undefined) return `expected at most ${String(iss.maximum)}, got ${shown(input, secret)}`;
  return undefined;
}

/** The root types a union accepts, from the first issue of each option: "a string or a list". */
function unionMessage(iss: { errors?: readonly (readonly { code: string; path: readonly PropertyKey[]; expected?: string }[])[] }, input: unknown, secret: boolean): string {
  const expected = (iss.errors ?? [])
    .map((option) => option.find((e) => e.code === 'invalid_type' && e.path.length === 0)?.expected)
    .filter((e): e is string => e !== undefined)
    .map((e) => EXPECTED[e] ?? e);
  return expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}, got ${shown(input, secret)}` : `unexpected value ${shown(input, secret)}`;
}

/**
 * The per-parse zod error map of the config schema: messages for every issue a schema did
 * not word itself (a schema's own `error` wins over this map).
 */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  const secret = isSecretPath(iss.path);
  switch (iss.code) {
    case 'invalid_type':
      return typeMessage(iss.expected, iss.input, secret);
    case 'too_small':
    case 'too_big':
      return sizeMessage(iss as never, secret);
    case 'invalid_format':
      if (iss.format === 'url') return `expected a URL like https://example.com/path, got ${shown(iss.input, secret)}`;
      if (iss.format === 'regex' && 'pattern' in iss) return `expected text matching ${String(iss.pattern)}, got ${shown(iss.input, secret)}`;
      return `expected ${iss.format}, got ${shown(iss.input, secret)}`;
    case 'invalid_value':
      return `expected one of ${iss.values.map(String).join(', ')}, got ${shown(iss.input, secret)}`;
    case 'invalid_union':
      return unionMessage(iss as never, iss.input, secret);
    default:
      return undefined;
  }
};

/** One printed line per problem (an unknown-keys issue becomes one line per key). */
export function formatIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
  return [`${formatPath(issue.path)}: ${issue.message}`];
}
