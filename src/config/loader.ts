import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { applyEnvironment } from './env.js';
import { interpolate, referencedVariables, type InterpolationError } from './interpolate.js';
import { configErrorMap, formatIssue, formatPath, shown } from './issues.js';
import { configSchemaFor, type HeraldConfig, type SchemaRegistries } from './schema.js';

export { formatPath } from './issues.js';

export const DEFAULT_CONFIG_PATH = 'config/herald.yaml';
/**
 * Larger config files are refused unread. A real config is a few kilobytes; parsing a
 * megabyte of YAML already takes seconds, during which a running server (SIGHUP) would not
 * answer.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_YAML_ERRORS = 10;

export type LoadResult = { ok: true; config: HeraldConfig; path: string } | { ok: false; errors: string[]; path: string };

/** `--config FILE`, else `HERALD_CONFIG`, else config/herald.yaml. */
export function resolveConfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  return flag ?? env.HERALD_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/**
 * Validates a config text against the schema composed from `registries`; never throws,
 * whatever the text (alias bombs, deep nesting).
 */
export function parseConfigText(text: string, env: Record<string, string | undefined>, registries: SchemaRegistries, path = '<config>'): LoadResult {
  try {
    return parseConfig(text, env, registries, path);
  } catch (err) {
    // yaml's toJS throws on an alias bomb ("Excessive alias count"); anything else thrown
    // while reading a hostile file (stack overflow on deep nesting) is reported the same way.
    return { ok: false, path, errors: [`${path}: cannot read the config: ${(err as Error).message}`] };
  }
}

function parseConfig(text: string, env: Record<string, string | undefined>, registries: SchemaRegistries, path: string): LoadResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // A hostile file (thousands of nested brackets) yields an error per level: show a few.
    const errors = doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => `${path}: YAML ${e.message.split('\n')[0]}`);
    if (doc.errors.length > MAX_YAML_ERRORS) errors.push(`${path}: … and ${doc.errors.length - MAX_YAML_ERRORS} more YAML errors`);
    return { ok: false, path, errors };
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, path, errors: [`${path}: expected a YAML mapping at the top level`] };

  const envErrors: InterpolationError[] = [];
  const expanded = interpolate(raw, env, envErrors) as Record<string, unknown>;
  const errors = applyEnvironment(expanded, env);
  errors.push(...envErrors.map((e) => `${formatPath(e.path)}: ${e.message}`));
  const disabled = takeDisabledChannels(expanded, raw as Record<string, unknown>, errors);
  const result = configSchemaFor(registries, new Set(disabled.keys())).safeParse(expanded, { error: configErrorMap });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const lines = formatIssue(issue);
      // A missing variable also fails validation of its key; report the cause once.
      if (!errors.some((e) => e.startsWith(`${lines[0]!.split(':')[0]}:`))) errors.push(...lines);
    }
  }
  if (errors.length > 0) return { ok: false, path, errors };
  return {
    ok: true,
    path,
    config: { ...result.data!, disabled_channels: [...disabled.keys()], disabled_channel_env: Object.fromEntries(disabled) },
  };
}

const CREDENTIAL_KEYS = ['webhook_url', 'token'] as const;

/**
 * A channel written with `optional: true` is left out when all of its credentials
 * (`webhook_url`, `token`) are empty — so the default config can name Slack, Discord and
 * Teams channels that light up once their environment variables are set. Returns each
 * disabled channel with the variables its credentials come from in the raw file.
 */
function takeDisabledChannels(config: Record<string, unknown>, raw: Record<string, unknown>, errors: string[]): Map<string, string[]> {
  const disabled = new Map<string, string[]>();
  const channels = config.channels;
  if (!channels || typeof channels !== 'object' || Array.isArray(channels)) return disabled;
  for (const [name, value] of Object.entries(channels as Record<string, unknown>)) {
    if (!value || typeof value !== 'object' || !('optional' in value)) continue;
    const { optional, ...rest } = value as Record<string, unknown>;
    (channels as Record<string, unknown>)[name] = rest;
    if (typeof optional !== 'boolean') errors.push(`channels.${name}.optional: expected true or false, got ${shown(optional)}`);
    if (optional !== true) continue;
    const credentials = CREDENTIAL_KEYS.map((key) => rest[key]).filter((v) => typeof v === 'string' && v !== '');
    if (credentials.length === 0) {
      const written = ((raw.channels ?? {}) as Record<string, Record<string, unknown> | undefined>)[name] ?? {};
      disabled.set(name, CREDENTIAL_KEYS.flatMap((key) => (typeof written[key] === 'string' ? referencedVariables(written[key]) : [])));
      delete (channels as Record<string, unknown>)[name];
    }
  }
  return disabled;
}

export function loadConfig(path: string, registries: SchemaRegistries, env: Record<string, string | undefined> = process.env): LoadResult {
  let text: string;
  try {
    text = readConfigFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { ok: false, path, errors: [`${path}: ${reason}`] };
  }
  return parseConfigText(text, env, registries, path);
}

/**
 * Reads a regular file of at most MAX_CONFIG_BYTES. Opened non-blocking and checked before
 * reading, so a FIFO, a device (`/dev/zero`) or a huge file can neither block nor exhaust a
 * running server on SIGHUP.
 */
function readConfigFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_CONFIG_BYTES) throw new Error(`file is ${stat.size} bytes; a config may be at most ${MAX_CONFIG_BYTES} bytes`);
    // One byte more than allowed: a file that grew since fstat is caught too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CONFIG_BYTES) throw new Error(`file is over ${MAX_CONFIG_BYTES} bytes; a config may be at most ${MAX_CONFIG_BYTES} bytes`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
