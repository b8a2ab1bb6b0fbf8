// The shape of the code, read from its import statements: the core does not reach out to
// adapters (the composition root hands them over), and no two folders of src/ import each
// other, however indirectly.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The composition root: the one module of src/ that imports the registries of adapters/ and hands them to the rest. */
const COMPOSITION_ROOTS = ['src/cli/context.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (static, `import type`, re-exports and dynamic `import()`), as repository paths. */
export function importsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** The unit of the folder graph: a folder under src/ (`src/config`), a module at src/'s top (`src/main.ts`), or `adapters`. */
export function unitOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'adapters') return 'adapters';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
}

/**
 * The import loops of a directed graph: one per strongly connected component, as one cycle
 * through it (returning to its start) and every unit caught in it.
 */
export function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): { path: string[]; members: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: { path: string[]; members: string[] }[] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push({ path: pathThrough(component, edges), members: component.sort() });
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** A cycle through the members of a strongly connected component, from its first member back to it. */
function pathThrough(component: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const members = new Set(component);
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component, component[0]!];
}

function unitGraph(files: readonly string[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = unitOf(file);
    for (const target of importsOf(file)) {
      const to = unitOf(target);
      if (to === from || !(to.startsWith('src/') || to === 'adapters')) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  return edges;
}

describe('architecture', () => {
  const src = sourceFiles('src');
  const adapters = sourceFiles('adapters');

  it('architecture – no module of src/ but the composition root imports from adapters/', () => {
    const offenders = src
      .filter((file) => !COMPOSITION_ROOTS.includes(file))
      .flatMap((file) => importsOf(file).filter((target) => target.startsWith('adapters/')).map((target) => `${file} imports ${target}`));
    expect(offenders).toEqual([]);
  });

  it('architecture – the composition root does wire the adapter registry', () => {
    for (const root of COMPOSITION_ROOTS) expect(importsOf(root)).toContain('adapters/registry.ts');
  });

  it('architecture – no import cycle between the folders of src/ (and adapters/)', () => {
    const cycles = cyclesOf(unitGraph([...src, ...adapters]));
    expect(cycles.map(({ path, members }) => `${path.join(' -> ')} (the loop holds ${members.join(', ')})`)).toEqual([]);
  });

  it('architecture – the import scan sees every kind of import', () => {
    const text = [
      "import { a } from '../config/loader.js';",
      "import type {\n  B,\n  C,\n} from '../../adapters/adapter.js';",
      "export { d } from './delivery-error.js';",
      "import './side-effect.js';",
      "const m = await import('../main.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf('src/cli/x.ts', text)).toEqual([
      'src/config/loader.ts',
      'adapters/adapter.ts',
      'src/cli/delivery-error.ts',
      'src/cli/side-effect.ts',
      'src/main.ts',
    ]);
  });

  it('architecture – the cycle check finds a cycle through several folders, and none in a chain', () => {
    const graph = (pairs: [string, string][]) => {
      const edges = new Map<string, Set<string>>();
      for (const [a, b] of pairs) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      return edges;
    };
    expect(cyclesOf(graph([['src/config', 'src/sources'], ['src/sources', 'src/events'], ['src/events', 'src/config'], ['src/cli', 'src/config']]))).toEqual([
      { path: ['src/config', 'src/sources', 'src/events', 'src/config'], members: ['src/config', 'src/events', 'src/sources'] },
    ]);
    expect(cyclesOf(graph([['src/cli', 'src/config'], ['src/config', 'src/events'], ['src/cli', 'src/events']]))).toEqual([]);
  });
});
