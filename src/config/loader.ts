import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { interpolate, type InterpolationError } from './interpolate.js';
import { configSchemaFor, type HeraldConfig } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/herald.yaml';
/**
 * Larger config files are refused unread. A real config is a few kilobytes; parsing a
 * megabyte of YAML already takes seconds, during which a running server (SIGHUP) would not
 * answer.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_YAML_ERRORS = 10;

export type LoadResult = { ok: true; config: HeraldConfig; path: string } | { ok: false; errors: string[]; path: string };

/** `--config FILE`, else `HERALD_CONFIG`, else config/herald.yaml (SPEC §2). */
export function resolveConfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  return flag ?? env.HERALD_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/** `routes[2].to[0]`, `channels.dev.platform`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

function formatIssue(issue: z.core.$ZodIssue): string {
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'required';
  else if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`).join('\n');
  } else if (issue.code === 'invalid_value' && 'values' in issue) {
    message = `expected one of ${issue.values.map(String).join(', ')}`;
  }
  return `${formatPath(issue.path)}: ${message}`;
}

/** Validates a config text; never throws, whatever the text (alias bombs, deep nesting). */
export function parseConfigText(text: string, env: Record<string, string | undefined>, path = '<config>'): LoadResult {
  try {
    return parseConfig(text, env, path);
  } catch (err) {
    // yaml's toJS throws on an alias bomb ("Excessive alias count"); anything else thrown
    // while reading a hostile file (stack overflow on deep nesting) is reported the same way.
    return { ok: false, path, errors: [`${path}: cannot read the config: ${(err as Error).message}`] };
  }
}

function parseConfig(text: string, env: Record<string, string | undefined>, path: string): LoadResult {
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
  applyEnvOverrides(expanded, env);
  const disabled = takeDisabledChannels(expanded);
  const result = configSchemaFor(disabled).safeParse(expanded);
  const errors = envErrors.map((e) => `${formatPath(e.path)}: ${e.message}`);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const line = formatIssue(issue);
      // A missing variable also fails validation of its key; report the cause once.
      if (!errors.some((e) => e.startsWith(`${line.split(':')[0]}:`))) errors.push(...line.split('\n'));
    }
  }
  if (errors.length > 0) return { ok: false, path, errors };
  return { ok: true, path, config: { ...result.data!, disabled_channels: [...disabled] } };
}

/**
 * A channel written with `optional: true` is left out when all of its credentials
 * (`webhook_url`, `token`) are empty — so the default config can name Slack, Discord and
 * Teams channels that light up once their environment variables are set.
 */
function takeDisabledChannels(config: Record<string, unknown>): Set<string> {
  const disabled = new Set<string>();
  const channels = config.channels;
  if (!channels || typeof channels !== 'object' || Array.isArray(channels)) return disabled;
  for (const [name, value] of Object.entries(channels as Record<string, unknown>)) {
    if (!value || typeof value !== 'object' || !('optional' in value)) continue;
    const { optional, ...rest } = value as Record<string, unknown>;
    (channels as Record<string, unknown>)[name] = rest;
    if (optional !== true) continue;
    const credentials = [rest.webhook_url, rest.token].filter((v) => typeof v === 'string' && v !== '');
    if (credentials.length === 0) {
      disabled.add(name);
      delete (channels as Record<string, unknown>)[name];
    }
  }
  return disabled;
}

export function loadConfig(path: string, env: Record<string, string | undefined> = process.env): LoadResult {
  let text: string;
  try {
    text = readConfigFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { ok: false, path, errors: [`${path}: ${reason}`] };
  }
  return parseConfigText(text, env, path);
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

/** HERALD_HOST, HERALD_PORT and PORT override the file (SPEC §2). */
function applyEnvOverrides(config: Record<string, unknown>, env: Record<string, string | undefined>): void {
  const server = (config.server && typeof config.server === 'object' ? config.server : {}) as Record<string, unknown>;
  if (env.HERALD_HOST) server.host = env.HERALD_HOST;
  const port = env.HERALD_PORT || env.PORT;
  if (port) server.port = port;
  if (Object.keys(server).length > 0 || config.server !== undefined) config.server = server;
}
