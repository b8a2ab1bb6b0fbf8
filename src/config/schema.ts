import { z } from 'zod';
import { ADAPTERS } from '../../adapters/registry.js';
import { SEVERITIES } from '../events/event.js';
import { whereProblems } from '../routing/where.js';
import { SOURCE_TYPES } from '../sources/registry.js';
import { durationMs, secret, sizeBytes } from './schema-parts.js';

/** Numbers may arrive as strings after `${VAR:-8787}` interpolation. */
const intFrom = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).min(min).max(max),
  );

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const KEY_MESSAGE = 'names may use letters, digits, "-" and "_" (they appear in URLs and commands)';

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: intFrom(0, 65535).default(8787),
  body_limit: sizeBytes.default(1024 * 1024),
  /** Enables /api/* when non-empty. */
  admin_token: secret.prefault(''),
  /** Inbound connections at once; default: derived from the open-file limit (src/http/connections.ts). */
  max_connections: intFrom(1, 10_000_000).optional(),
});

const storageSchema = z.strictObject({
  driver: z.enum(['sqlite', 'memory']).default('sqlite'),
  path: z.string().min(1).default('data/herald.db'),
  sync: z.enum(['full', 'normal']).default('full'),
});

const deliverySchema = z.strictObject({
  concurrency: intFrom(1, 1000).default(8),
  max_attempts: intFrom(1, 1000).default(8),
  max_age: durationMs.default(24 * 3_600_000),
  timeout: durationMs.default(10_000),
});

const platformsSchema = z.strictObject({
  slack: z.strictObject({ api_url: z.url().default('https://slack.com/api/') }).prefault({}),
  discord: z.strictObject({ api_url: z.url().default('https://discord.com/api') }).prefault({}),
});

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const matchSchema = z.strictObject({
  source: stringOrList.optional(),
  type: stringOrList.optional(),
  severity: z.enum(SEVERITIES).optional(),
  where: z.record(z.string(), z.unknown()).optional(),
});

const routeSchema = z.strictObject({
  name: z.string().min(1).optional(),
  match: matchSchema.prefault({}),
  to: z.array(z.string().min(1)).min(1, { error: 'list at least one channel' }),
  stop: z.boolean().default(false),
  /** Opt-in mention added to messages from this route: here | channel | <user/role id>. */
  mention: z.string().min(1).optional(),
});

/** Parses each entry of a keyed map with the schema its discriminator selects. */
function registryMap<T>(
  discriminator: 'type' | 'platform',
  entries: readonly { name: string; schema: z.ZodType }[],
) {
  const names = entries.map((e) => e.name);
  return z.record(z.string(), z.unknown()).transform((map, ctx) => {
    const out: Record<string, T> = {};
    for (const [key, value] of Object.entries(map)) {
      if (!KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: KEY_MESSAGE });
      const kind = value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
      const entry = entries.find((e) => e.name === kind);
      if (!entry) {
        const got = kind === undefined ? 'nothing' : `"${String(kind)}"`;
        ctx.addIssue({ code: 'custom', path: [key, discriminator], message: `expected one of ${names.join(', ')}, got ${got}` });
        continue;
      }
      const parsed = entry.schema.safeParse(value);
      // On failure the raw entry stays in the map so routes naming it don't also report
      // "unknown channel"; the config is invalid anyway and is never used.
      out[key] = (parsed.success ? parsed.data : value) as T;
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    }
    return out;
  });
}

export type SourceConfig = { type: string } & Record<string, unknown>;
export type ChannelConfig = { platform: string } & Record<string, unknown>;

/**
 * The config schema. `disabled` names channels written with `optional: true` whose
 * credentials are empty: routes may name them, and they simply receive nothing.
 */
export function configSchemaFor(disabled: ReadonlySet<string>) {
  return z
  .strictObject({
    server: serverSchema.prefault({}),
    storage: storageSchema.prefault({}),
    delivery: deliverySchema.prefault({}),
    dedupe_window: durationMs.default(7 * 86_400_000),
    platforms: platformsSchema.prefault({}),
    sources: registryMap<SourceConfig>('type', SOURCE_TYPES.map((s) => ({ name: s.type, schema: s.configSchema as z.ZodType }))).prefault({}),
    channels: registryMap<ChannelConfig>('platform', ADAPTERS.map((a) => ({ name: a.platform, schema: a.configSchema as z.ZodType }))).prefault({}),
    routes: z.array(routeSchema).default([]),
  })
  .superRefine((config, ctx) => {
    // Runs even when other keys are invalid (`when` below) so every error is reported at
    // once; hence the defensive checks on shapes the schema has not vouched for.
    if (!Array.isArray(config.routes) || typeof config.channels !== 'object' || typeof config.sources !== 'object') return;
    config.routes.forEach((route, i) => {
      if (!route || !Array.isArray(route.to)) return;
      route.to.forEach((name, j) => {
        if (!(name in config.channels) && !disabled.has(name)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'to', j], message: `unknown channel "${name}"` });
      });
      if (!route.match || typeof route.match !== 'object') return;
      (Array.isArray(route.match.source) ? route.match.source : []).forEach((name, j) => {
        if (!(name in config.sources)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'match', 'source', j], message: `unknown source "${name}"` });
      });
      const where = route.match.where;
      for (const problem of where && typeof where === 'object' ? whereProblems(where) : []) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'match', 'where', problem.key], message: problem.message });
      }
    });
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

}

export const configSchema = configSchemaFor(new Set());

export type HeraldConfig = z.infer<typeof configSchema> & {
  /** Optional channels left out because their credentials are empty. */
  disabled_channels: string[];
};
export type RouteConfig = HeraldConfig['routes'][number];
