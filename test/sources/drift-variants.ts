// Schema drift as providers cause it: one field of a realistic sample replaced by a value
// of another JSON kind. Used by the drift tests; every variant is an authentic event.
import type { SourceType } from '../../src/sources/source.js';
import type { ProviderExpectations } from './expected.js';

/** The six JSON kinds a drifted field may take, one value each. */
export const DRIFT_VALUES: Record<string, unknown> = {
  null: null,
  number: 42,
  string: 'drifted value',
  boolean: true,
  array: [1, 'two', { three: 3 }],
  object: { unexpected: 'shape', code: 7 },
};

export interface Variant {
  sample: string;
  /** `data.issues[0].severity` */
  path: string;
  kind: string;
  payload: Record<string, unknown>;
}

type Json = Record<string, unknown> | unknown[];

/** Every path of a JSON value below its root, as segments (containers included). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

export function dotPath(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function isProtected(path: string, core: readonly string[]): boolean {
  return core.some((c) => c === path || c.startsWith(`${path}.`) || c.startsWith(`${path}[`));
}

function setAt(root: Json, segments: readonly (string | number)[], value: unknown): void {
  let parent = root as Record<string | number, unknown>;
  for (const s of segments.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>;
  parent[segments[segments.length - 1]!] = value;
}

/** Every sample of a provider with one non-core field replaced by each of the six kinds. */
export function driftVariants(type: SourceType, expected: ProviderExpectations, now: Date): Variant[] {
  const core = expected.corePaths;
  const out: Variant[] = [];
  let n = 0;
  for (const [sample, payload] of Object.entries(type.samples(now))) {
    for (const segments of paths(payload)) {
      const path = dotPath(segments);
      if (isProtected(path, core)) continue;
      for (const [kind, value] of Object.entries(DRIFT_VALUES)) {
        const copy = structuredClone(payload) as Record<string, unknown>;
        setAt(copy, segments, structuredClone(value));
        if (expected.idPath) setAt(copy, expected.idPath, `drift_${++n}`);
        out.push({ sample, path, kind, payload: copy });
      }
    }
  }
  return out;
}
