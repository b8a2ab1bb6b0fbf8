import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { REGISTRIES } from '../../src/cli/context.js';
import { configSchemaFor } from '../../src/config/schema.js';

/**
 * config/examples/full.yaml promises every option. The keys are read from the zod schema
 * itself (and, for sources and channels, from each registered type's own schema), so a
 * new key without an example fails here.
 */
const EXAMPLE = 'config/examples/full.yaml';

/** Maps whose keys are the user's own names, and where each entry's schema comes from. */
const REGISTRY_MAPS: Record<string, { discriminator: string; schemas: Record<string, z.ZodType> }> = {
  sources: { discriminator: 'type', schemas: Object.fromEntries(REGISTRIES.sources.map((s) => [s.type, s.configSchema as z.ZodType])) },
  channels: { discriminator: 'platform', schemas: Object.fromEntries(REGISTRIES.adapters.map((a) => [a.platform, a.configSchema as z.ZodType])) },
};
/** Free-form maps: their keys are data (dot paths into the event), not options. */
const FREE_MAPS = new Set(['routes[].match.where']);
/** Read by the loader before the schema sees the channel (it decides whether the channel exists). */
const LOADER_CHANNEL_KEYS = ['optional'];

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/**
 * Every key path the schema accepts: `server.port`, `routes[].match.status`,
 * `sources<promptha>.tolerance`, `channels<slack>.icon_emoji`.
 */
function schemaPaths(schema: z.ZodType, path: string, out: Set<string>): void {
  const def = defOf(schema);
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape!)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      out.add(childPath);
      const registry = REGISTRY_MAPS[childPath];
      if (registry) {
        for (const [kind, entry] of Object.entries(registry.schemas)) schemaPaths(entry, `${childPath}<${kind}>`, out);
      } else {
        schemaPaths(child, childPath, out);
      }
    }
    return;
  }
  if (def.type === 'record' && !FREE_MAPS.has(path)) throw new Error(`${path}: a map the example test does not know how to walk`);
  if (def.type === 'array') return schemaPaths(def.element!, `${path}[]`, out);
  for (const inner of [def.innerType, def.in, def.out, ...(def.options ?? [])]) if (inner) schemaPaths(inner, path, out);
}

/** The same paths, read from a YAML document. */
function examplePaths(value: unknown, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) examplePaths(item, `${path}[]`, out);
    return;
  }
  if (value === null || typeof value !== 'object' || FREE_MAPS.has(path)) return;
  const registry = REGISTRY_MAPS[path];
  for (const [key, child] of Object.entries(value)) {
    if (registry) {
      const kind = (child as Record<string, unknown>)[registry.discriminator];
      examplePaths(child, `${path}<${String(kind)}>`, out);
      continue;
    }
    const childPath = path === '' ? key : `${path}.${key}`;
    out.add(childPath);
    examplePaths(child, childPath, out);
  }
}

/** `sources<promptha>.tolerance` → `sources`, `promptha`, `tolerance`. */
function split(path: string): { map: string; kind: string; key: string } | undefined {
  const match = /^(\w+)<([^>]+)>\.(.+)$/.exec(path);
  return match ? { map: match[1]!, kind: match[2]!, key: match[3]! } : undefined;
}

describe('config/examples/full.yaml', () => {
  const wanted = new Set<string>();
  schemaPaths(configSchemaFor(REGISTRIES) as z.ZodType, '', wanted);
  for (const platform of Object.keys(REGISTRY_MAPS.channels!.schemas)) {
    for (const key of LOADER_CHANNEL_KEYS) if (platform !== 'console') wanted.add(`channels<${platform}>.${key}`);
  }
  const shown = new Set<string>();
  examplePaths(parse(readFileSync(EXAMPLE, 'utf8')), '', shown);

  it('full example – the schema walk finds the keys of every part of the config', () => {
    for (const path of ['server.port', 'storage.sync', 'delivery.max_age', 'platforms.slack.api_url', 'routes[].match.status',
      'sources<promptpal>.allow_unsigned', 'channels<discord>.thread_id', 'channels<teams>.format']) {
      expect(wanted).toContain(path);
    }
  });

  it('full example – shows every key the schema accepts', () => {
    const shownSplit = [...shown].map(split).filter((s) => s !== undefined);
    const missing = [...wanted].filter((path) => {
      if (shown.has(path)) return false;
      const parts = split(path);
      if (!parts) return true;
      // A key several types share (secret, tolerance, webhook_url, rate, …) may be shown on one of them.
      const sharers = [...wanted].map(split).filter((s) => s?.map === parts.map && s.key === parts.key);
      return !(sharers.length > 1 && shownSplit.some((s) => s.map === parts.map && s.key === parts.key));
    });
    expect(missing).toEqual([]);
  });

  it('full example – has no key the schema does not know', () => {
    expect([...shown].filter((path) => !wanted.has(path))).toEqual([]);
  });
});
