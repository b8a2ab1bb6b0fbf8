import { z } from 'zod';
import { SEVERITIES, STATUSES } from '../events/event.js';
import { whereProblems } from '../routing/where.js';
import { configErrorMap, shown } from './issues.js';
import { durationMs, intFrom, secret, sizeBytes } from './schema-parts.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const KEY_MESSAGE = 'names may use letters, digits, "-" and "_" (they appear in URLs and commands)';

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: intFrom(0, 65535, 'a port number (0-65535)').default(8787),
  body_limit: sizeBytes.default(1024 * 1024),
  /** Enables /api/* when non-empty. */
  admin_token: secret.prefault(''),
  /** Inbound connections at once; default: derived from the open-file limit (src/http/connections.ts). */
  max_connections: intFrom(1, 10_000_000).optional(),
});

const POSTGRES_URL = /^postgres(ql)?:\/\//;

const storageSchema = z
  .strictObject({
    /** sqlite: one process per file; postgres: any number of replicas share the database; memory: tests and demos. */
    driver: z.enum(['sqlite', 'postgres', 'memory']).default('sqlite'),
    path: z.string().min(1).default('data/herald.db'),
    sync: z.enum(['full', 'normal']).default('full'),
    /** postgres: the database URL (a secret: it usually holds a password). */
    url: secret.optional(),
    /** postgres: how long start-up waits for the database to accept connections. */
    connect_timeout: durationMs.default(30_000),
  })
  .superRefine((storage, ctx) => {
    if (storage.driver !== 'postgres') return;
    const url = storage.url?.reveal() ?? '';
    if (url === '') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'required with driver: postgres, e.g. postgres://herald:password@db.internal:5432/herald (is its environment variable set?)' });
    } else if (!POSTGRES_URL.test(url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'expected a URL starting with postgres:// or postgresql://' });
    }
  });

/** `unlimited` (the default: `max_age` alone ends retrying) is Infinity; a number is a count of failed attempts. */
const MAX_ATTEMPTS_ERROR = 'expected a whole number of at least 1, or unlimited';
const maxAttempts = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.union(
    [z.literal('unlimited').transform(() => Infinity), z.number().int({ error: MAX_ATTEMPTS_ERROR }).min(1, { error: MAX_ATTEMPTS_ERROR })],
    { error: MAX_ATTEMPTS_ERROR },
  ),
);

const deliverySchema = z.strictObject({
  concurrency: intFrom(1, 1000).default(8),
  max_attempts: maxAttempts.prefault('unlimited'),
  max_age: durationMs.default(24 * 3_600_000),
  /** Caps the exponential backoff between a delivery's retries (src/delivery/backoff.ts). */
  backoff_max: durationMs.refine((ms) => ms >= 100, { error: 'expected at least 100ms' }).default(5 * 60_000),
  timeout: durationMs.default(10_000),
});

/**
 * What the schema needs of the registries (src/registries.ts), which the composition root
 * passes in: config knows no provider or platform by name.
 */
export interface SchemaRegistries {
  readonly sources: readonly { readonly type: string; readonly configSchema: z.ZodType }[];
  readonly adapters: readonly { readonly platform: string; readonly configSchema: z.ZodType; readonly platformSchema?: z.ZodType }[];
}

/** `platforms.<platform>`: one section per adapter that declares settings, each with defaults. */
function platformsSchema(adapters: SchemaRegistries['adapters']): z.ZodType<Record<string, unknown>> {
  const sections = adapters.flatMap((a) => (a.platformSchema ? [[a.platform, a.platformSchema.prefault({})] as const] : []));
  return z.strictObject(Object.fromEntries(sections));
}

/** A name or glob, or a list of them (an empty one is reported by the error map). */
function stringOrListMessage(input: unknown): string {
  if (Array.isArray(input)) {
    const bad = input.find((item) => typeof item !== 'string' || item === '');
    return `expected a list of non-empty strings, got a list containing ${shown(bad)}`;
  }
  return `expected a string or a list of strings, got ${shown(input)}`;
}

const stringOrList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: (iss) => stringOrListMessage(iss.input) })
  .transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * One value or a list of values from a fixed set, read as a list. Each bad entry is
 * reported at its own index with the accepted values (a union would only say "Invalid input").
 */
function oneOrListOf<const T extends readonly [string, ...string[]]>(values: T) {
  const accepted: readonly string[] = values;
  return z.unknown().transform((input, ctx): T[number][] => {
    const list: unknown[] = Array.isArray(input) ? input : [input];
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: `list at least one of ${values.join(', ')}` });
    list.forEach((value, i) => {
      if (typeof value === 'string' && accepted.includes(value)) return;
      const got = typeof value === 'string' ? `"${value.slice(0, 40)}"` : value === null ? 'null' : typeof value;
      ctx.addIssue({ code: 'custom', path: Array.isArray(input) ? [i] : [], message: `expected one of ${values.join(', ')}, got ${got}` });
    });
    return list as T[number][];
  });
}

const matchSchema = z.strictObject({
  source: stringOrList.optional(),
  type: stringOrList.optional(),
  /** The normalized event's status: PromptPal failures keep their type but have status failed. */
  status: oneOrListOf(STATUSES).optional(),
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
  /** Later events of a job (same source + correlation_id) edit its message, or reply in its thread. */
  follow: z.enum(['edit', 'thread', 'off']).default('off'),
  /** With `follow: edit`, a running stream's message is updated at most this often. */
  stream_update: durationMs.refine((ms) => ms >= 100, { error: 'expected at least 100ms' }).default(2000),
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
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `expected a mapping with a ${discriminator} key, got ${shown(value)}` });
        continue;
      }
      const kind = (value as Record<string, unknown>)[discriminator];
      const entry = entries.find((e) => e.name === kind);
      if (!entry) {
        const got = kind === undefined ? 'nothing' : `"${String(kind)}"`;
        ctx.addIssue({ code: 'custom', path: [key, discriminator], message: `expected one of ${names.join(', ')}, got ${got}` });
        continue;
      }
      const parsed = entry.schema.safeParse(value, { error: configErrorMap });
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
 * The config schema, composed from the registries: `sources.*` by each provider's schema,
 * `channels.*` and `platforms.*` by each adapter's. `disabled` names channels written with
 * `optional: true` whose credentials are empty: routes may name them, and they simply
 * receive nothing.
 */
export function configSchemaFor(registries: SchemaRegistries, disabled: ReadonlySet<string> = new Set()) {
  return z
  .strictObject({
    server: serverSchema.prefault({}),
    storage: storageSchema.prefault({}),
    delivery: deliverySchema.prefault({}),
    dedupe_window: durationMs.default(7 * 86_400_000),
    platforms: platformsSchema(registries.adapters).prefault({}),
    sources: registryMap<SourceConfig>('type', registries.sources.map((s) => ({ name: s.type, schema: s.configSchema }))).prefault({}),
    channels: registryMap<ChannelConfig>('platform', registries.adapters.map((a) => ({ name: a.platform, schema: a.configSchema }))).prefault({}),
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

export type HeraldConfig = z.output<ReturnType<typeof configSchemaFor>> & {
  /** Optional channels left out because their credentials are empty. */
  disabled_channels: string[];
  /** For each disabled channel, the environment variables its webhook_url/token come from. */
  disabled_channel_env?: Record<string, string[]>;
};
export type RouteConfig = HeraldConfig['routes'][number];
