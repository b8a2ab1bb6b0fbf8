import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { applyEnvironment } from './env.js';
import { interpolate, referencedVariables, type InterpolationError } from './interpolate.js';
import { configErrorMap, formatIssue, formatPath, shown } from './issues.js';
import { configSchemaFor, type HeraldConfig } from './schema.js';

export { formatPath } from './issues.js';

export const DEFAULT_CONFIG_PATH = 'config/herald.yaml';

export type LoadResult = { ok: true; config: HeraldConfig; path: string } | { ok: false; errors: string[]; path: string };

/** `--config FILE`, else `HERALD_CONFIG`, else config/herald.yaml (SPEC §2). */
export function resolveConfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  return flag ?? env.HERALD_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/** Validates a config text; never throws on bad input. */
export function parseConfigText(text: string, env: Record<string, string | undefined>, path = '<config>'): LoadResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, path, errors: doc.errors.map((e) => `${path}: YAML ${e.message.split('\n')[0]}`) };
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, path, errors: [`${path}: expected a YAML mapping at the top level`] };

  const envErrors: InterpolationError[] = [];
  const expanded = interpolate(raw, env, envErrors) as Record<string, unknown>;
  const errors = applyEnvironment(expanded, env);
  errors.push(...envErrors.map((e) => `${formatPath(e.path)}: ${e.message}`));
  const disabled = takeDisabledChannels(expanded, raw as Record<string, unknown>, errors);
  const result = configSchemaFor(new Set(disabled.keys())).safeParse(expanded, { error: configErrorMap });
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

export function loadConfig(path: string, env: Record<string, string | undefined> = process.env): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { ok: false, path, errors: [`${path}: ${reason}`] };
  }
  return parseConfigText(text, env, path);
}
