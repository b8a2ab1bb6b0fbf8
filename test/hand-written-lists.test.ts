// A registry is the only list: no array, object or union type outside the registries names
// every provider type, every platform, every render format or every provider's signature
// header. Such a list
// is the one a new provider or platform would have to be added to by hand (and the one
// somebody forgets).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../src/cli/context.js';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['src', 'adapters', 'test', 'scripts', 'bench'];
/**
 * Payload and golden files, not code; and the gallery's HTML look-alikes of each platform
 * (and their test), which are per-platform code by nature: a platform without a look-alike
 * is shown as its JSON payload, so a new platform needs no entry there.
 */
const SKIPPED = new Set(['test/fixtures', 'test/golden', 'scripts/gallery/html/page.mjs', 'test/gallery/layouts.test.ts']);

function codeFiles(dir: string): string[] {
  if (SKIPPED.has(dir)) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (SKIPPED.has(path)) return [];
    if (entry.isDirectory()) return codeFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const text = (n: ts.Node | undefined) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isIdentifier(n)) ? n.text : undefined);

/** An array element's texts: a string, or the string values of an object's properties (`{ type: 'wp-llm', … }`). */
function elementTexts(element: ts.Expression): string[] {
  if (ts.isIdentifier(element)) return [];
  if (!ts.isObjectLiteralExpression(element)) return [text(element)].filter((t) => t !== undefined);
  return element.properties.flatMap((p) => (ts.isPropertyAssignment(p) && !ts.isIdentifier(p.initializer) ? [text(p.initializer)].filter((t) => t !== undefined) : []));
}

/** The texts a list literal holds directly: elements, property names, literal union members, or a string's words. */
function entriesOf(node: ts.Node): string[] | undefined {
  // A string that spells the list out: "expected one of slack, discord, teams, console".
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
    return node.text.split(/[\s,|()"'`[\]{}:;]+/);
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(elementTexts);
  if (ts.isObjectLiteralExpression(node)) return node.properties.map((p) => text(p.name)).filter((t) => t !== undefined);
  if (ts.isUnionTypeNode(node)) return node.types.map((t) => (ts.isLiteralTypeNode(t) ? text(t.literal) : undefined)).filter((t) => t !== undefined);
  return undefined;
}

export interface NameSet {
  what: string;
  names: readonly string[];
  /** Headers are matched inside entries too (`req.headers["x-…-signature"]`). */
  match: 'exact' | 'within';
}

/** Every list in `source` that names all of a set's names, as `file:line`. */
export function handWrittenLists(file: string, source: string, sets: readonly NameSet[]): string[] {
  const kind = /\.(mjs|js)$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const entries = entriesOf(node);
    if (entries) {
      for (const set of sets) {
        const named = (name: string) => entries.some((e) => (set.match === 'exact' ? e === name : e.includes(name)));
        if (set.names.length > 1 && set.names.every(named)) {
          found.push(`${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1} names every ${set.what}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const SETS: NameSet[] = [
  { what: 'provider type', names: REGISTRIES.sources.map((s) => s.type), match: 'exact' },
  { what: 'platform', names: REGISTRIES.adapters.map((a) => a.platform), match: 'exact' },
  { what: 'render format', names: REGISTRIES.adapters.flatMap((a) => Object.keys(a.renderFormats)), match: 'exact' },
  { what: 'signature header', names: [...new Set(REGISTRIES.sources.flatMap((s) => s.signatureHeaders))], match: 'within' },
];

describe('a registry is the only list', () => {
  it('hand-written lists – nothing outside the registries enumerates every provider, platform, render format or signature header', () => {
    const offenders = SCANNED.flatMap(codeFiles).flatMap((file) => handWrittenLists(file, readFileSync(join(ROOT, file), 'utf8'), SETS));
    expect(offenders).toEqual([]);
  });

  it('hand-written lists – the scan finds arrays (of names or of objects naming them), object keys and union types, and not registry-built lists', () => {
    const sets: NameSet[] = [{ what: 'platform', names: ['slack', 'discord', 'teams'], match: 'exact' }];
    const source = [
      "const a = ['slack', 'discord', 'teams'];",
      'const b = {',
      '  slack: 1,',
      "  'discord': 2,",
      '  teams: 3,',
      '};',
      "type C = 'slack' | 'discord' | 'teams';",
      "const d = ['slack', 'discord'];",
      'const e = ADAPTERS.map((x) => x.platform);',
      'const f = `slack discord teams`;',
      "const g = [{ platform: 'slack', n: 1 }, { platform: 'discord' }, { platform: 'teams' }];",
      "expect(err).toBe('channels.x.platform: expected one of slack, discord, teams, got \"irc\"');",
      "const h = 'Slack, Discord and Teams messages';",
    ].join('\n');
    expect(handWrittenLists('x.ts', source, sets)).toEqual([
      'x.ts:1 names every platform',
      'x.ts:2 names every platform',
      'x.ts:7 names every platform',
      'x.ts:10 names every platform',
      'x.ts:11 names every platform',
      'x.ts:12 names every platform',
    ]);
    const headers: NameSet[] = [{ what: 'signature header', names: ['x-a-signature', 'x-b-signature'], match: 'within' }];
    expect(handWrittenLists('y.mjs', "export const P = ['req.headers[\"x-a-signature\"]', 'req.headers[\"x-b-signature\"]'];", headers)).toEqual([
      'y.mjs:1 names every signature header',
    ]);
  });
});
