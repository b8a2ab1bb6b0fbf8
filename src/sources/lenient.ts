import type { z } from 'zod';
import { SourceError } from './source.js';

/**
 * Lenient reading of provider payloads ("lenient reader, strict verifier").
 *
 * Providers add, drop and retype fields without notice. A payload is parsed with the
 * provider's zod schema as documented; when that fails, only the *core* fields (the event
 * type and id a provider's events cannot be told apart without) may refuse the event.
 * Every other field of an unexpected type is salvaged when its meaning survives (a number
 * where text was expected becomes its text, a numeric string where a number was expected
 * its number) and otherwise left out of what the normalizer sees — it stays in the event's
 * raw `data` — and each such field is recorded in the request's DriftCollector, which the
 * receiver turns into a warning and the `herald_payload_drift_total` counter.
 *
 * The happy path is one `safeParse`; the repair loop only runs for drifted payloads.
 */

export type JsonKind = 'null' | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'missing';

export function kindOf(value: unknown): JsonKind {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'number' || type === 'string' || type === 'boolean' ? type : 'object';
}

export interface DriftEntry {
  /** Dot path with array indexes collapsed: `data.issues[].severity`. */
  field: string;
  /** What the provider's documentation says, e.g. `string`, `number or string`. */
  expected: string;
  found: JsonKind;
}

/** The fields of one request that did not have the expected type (each field once). */
export class DriftCollector {
  /** Made on the first drift: one is allocated per request, and most requests have none. */
  #entries: Map<string, DriftEntry> | undefined;

  record(entry: DriftEntry): void {
    this.#entries ??= new Map();
    if (!this.#entries.has(entry.field)) this.#entries.set(entry.field, entry);
  }

  get entries(): DriftEntry[] {
    return [...(this.#entries?.values() ?? [])];
  }

  get size(): number {
    return this.#entries?.size ?? 0;
  }
}

export interface ReadOptions {
  /** Where drifted fields are recorded; omitted where nobody listens (`herald render`). */
  drift?: DriftCollector | undefined;
  /** The path of `value` inside the payload, e.g. `data`, so reports name the full path. */
  at?: string;
  /** Dot paths (relative to the payload root) whose problems refuse the event. */
  core?: readonly string[];
}

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

interface Fix {
  path: Path;
  expected: string[];
  message: string;
}

/** Repair rounds before giving up; each round fixes every issue zod reported. */
const MAX_ROUNDS = 8;
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Parses `value` with `schema`, reading around drifted non-core fields (see above).
 * Throws SourceError('invalid_payload') only for a problem with a core field.
 */
export function readPayload<S extends z.ZodType>(schema: S, value: unknown, options: ReadOptions = {}): z.output<S> {
  let result = schema.safeParse(value);
  if (result.success) return result.data;
  const at = options.at ? options.at.split('.') : [];
  const copy = shallowCopy(value);
  const copied = new Set<object>();
  const salvaged = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && !result.success; round++) {
    const fixes = fixesOf(result.error.issues, []);
    for (const fix of fixes) {
      const full = [...at, ...fix.path];
      if (isCore(fieldOf(full), options.core)) throw new SourceError('invalid_payload', `${formatPath(full)}: ${fix.message}`);
    }
    for (const fix of fixes) copyAlong(copy, fix.path, copied);
    if (!repair(copy, fixes, at, salvaged, options.drift)) break;
    result = schema.safeParse(copy);
  }
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new SourceError('invalid_payload', issue ? `${formatPath([...at, ...issue.path])}: ${issue.message}` : 'invalid payload');
}

/** The fields to repair, looking inside a union option the value had the right shape for. */
function fixesOf(issues: readonly Issue[], prefix: Path): Fix[] {
  const fixes: Fix[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const inner = issue.errors.find((option) => option.length > 0 && option.every((i) => i.path.length > 0));
      if (inner) {
        fixes.push(...fixesOf(inner, path));
        continue;
      }
      const expected = [...new Set(issue.errors.flatMap((option) => option.filter((i) => i.path.length === 0).map(expectedOf)))];
      fixes.push({ path, expected, message: issue.message });
      continue;
    }
    fixes.push({ path, expected: [expectedOf(issue)], message: issue.message });
  }
  return fixes;
}

function expectedOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'integer' : issue.expected;
    case 'too_small':
      return issue.origin === 'string' ? 'non-empty string' : `${issue.origin} ≥ ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin} ≤ ${String(issue.maximum)}`;
    case 'invalid_value':
      return 'a documented value';
    default:
      return issue.code;
  }
}

/**
 * Applies one round of fixes to `root` (a private copy): salvage the value when its meaning
 * survives, else drop it (array elements are removed). False when nothing could change.
 */
function repair(root: unknown, fixes: Fix[], at: string[], salvaged: Set<string>, drift: DriftCollector | undefined): boolean {
  let changed = false;
  const removals = new Map<unknown[], Set<number>>();
  for (const fix of fixes) {
    const parent = parentOf(root, fix.path);
    const key = fix.path[fix.path.length - 1];
    if (parent === undefined || key === undefined) continue;
    const found = (parent as Record<PropertyKey, unknown>)[key];
    const id = formatPath(fix.path);
    if (found === undefined) continue; // a missing required field: nothing to drop
    drift?.record({ field: fieldOf([...at, ...fix.path]), expected: fix.expected.join(' or '), found: kindOf(found) });
    const value = salvaged.has(id) ? undefined : salvage(found, fix.expected);
    if (value !== undefined) {
      salvaged.add(id);
      (parent as Record<PropertyKey, unknown>)[key] = value;
    } else if (Array.isArray(parent) && typeof key === 'number') {
      const marked = removals.get(parent) ?? new Set<number>();
      removals.set(parent, marked.add(key));
    } else {
      delete (parent as Record<PropertyKey, unknown>)[key];
    }
    changed = true;
  }
  // Highest index first, so the indexes still to remove stay valid.
  for (const [array, indexes] of removals) for (const i of [...indexes].sort((a, b) => b - a)) array.splice(i, 1);
  return changed;
}

/** A number where text was expected is its text; a numeric string where a number was, its number. */
function salvage(found: unknown, expected: string[]): unknown {
  if (typeof found === 'number' && expected.some((e) => e === 'string' || e === 'non-empty string')) return String(found);
  if (typeof found === 'string' && NUMERIC.test(found.trim()) && expected.some((e) => e === 'number' || e === 'integer')) {
    const n = Number(found);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function shallowCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice();
  return value !== null && typeof value === 'object' ? { ...value } : value;
}

/**
 * Copies the containers along `path` (not below it) into `root`, itself a copy, so repairs
 * never touch the caller's payload. Only the path is copied: a deep clone of the whole value
 * would overflow the stack on a payload nested thousands of levels deep.
 */
function copyAlong(root: unknown, path: Path, copied: Set<object>): void {
  let current = root;
  for (const key of path.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return;
    const parent = current as Record<PropertyKey, unknown>;
    let child = parent[key];
    if (child !== null && typeof child === 'object' && !copied.has(child)) {
      child = shallowCopy(child);
      copied.add(child as object);
      parent[key] = child;
    }
    current = child;
  }
}

function parentOf(root: unknown, path: Path): object | undefined {
  let current = root;
  for (const key of path.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== null && typeof current === 'object' ? current : undefined;
}

function isCore(field: string, core: readonly string[] | undefined): boolean {
  return core !== undefined && core.some((c) => field === c || field.startsWith(`${c}.`) || field.startsWith(`${c}[`));
}

/** `data.issues[].severity`: indexes collapsed, so one field is one label however long the list. */
export function fieldOf(path: Path): string {
  return joinPath(path, () => '[]');
}

/** `data.issues[0].line`, as error messages name a path. */
export function formatPath(path: Path): string {
  return joinPath(path, (i) => `[${i}]`);
}

function joinPath(path: Path, index: (i: number) => string): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? index(part) : out === '' ? String(part) : `.${String(part)}`;
  return out;
}
