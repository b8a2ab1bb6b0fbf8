import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { AnyAdapter } from '../delivery/adapter.js';
import type { NormalizedEvent } from '../events/event.js';
import { loadConfig, resolveConfigPath } from '../config/loader.js';
import { findSourceType } from '../registries.js';
import { SourceError } from '../sources/source.js';
import { CliError, configuredSource, out, REGISTRIES } from './context.js';
import { knownSourceType, placeholderSourceConfig, signedRequest } from './provider-request.js';

/** A `--platform` value: an adapter and the channel config it renders for. */
export interface RenderTarget {
  adapter: AnyAdapter;
  channel: Readonly<Record<string, unknown>>;
  /** Set when the name is a platform standing for its default format. */
  aliasOf?: string;
}

/**
 * The `--platform` values: every render format each adapter declares and, for a platform
 * that has no format of its own name (teams), the platform name for its default (first)
 * format — as a channel of that platform renders without a format key.
 */
export function renderTargets(adapters: readonly AnyAdapter[]): Map<string, RenderTarget> {
  const targets = new Map<string, RenderTarget>();
  for (const adapter of adapters) {
    const formats = Object.entries(adapter.renderFormats);
    const [first] = formats;
    if (first && !(adapter.platform in adapter.renderFormats)) targets.set(adapter.platform, { adapter, channel: first[1].channel, aliasOf: first[0] });
    for (const [name, format] of formats) targets.set(name, { adapter, channel: format.channel });
  }
  return targets;
}

/** The lists `herald render --help` shows, from the registries. */
export function renderHelp(): { platforms: string; sourceTypes: string } {
  const targets = [...renderTargets(REGISTRIES.adapters)];
  const aliases = targets.flatMap(([name, t]) => (t.aliasOf ? [`${name} = ${t.aliasOf}, the default ${name} format`] : []));
  return {
    platforms: `${targets.map(([name]) => name).join(' | ')}${aliases.length ? ` (${aliases.join('; ')})` : ''}`,
    sourceTypes: REGISTRIES.sources.map((s) => s.type).join(' | '),
  };
}

export interface RenderOptions {
  platform: string;
  /** A provider type (`wp-llm`): works with no config at all. */
  sourceType?: string;
  /** A source key from the config (`wpllm`): its type is read from the config. */
  source?: string;
  config?: string;
  mention?: string;
  /** A prior event of the same job: render FILE as the edit (or thread reply) that follows it. */
  follow?: string;
}

/** Normalizes a provider payload file as the receiver would (signature checks aside). */
export function normalizeFile(sourceType: string, file: string, now = new Date()): NormalizedEvent {
  const type = knownSourceType(sourceType);
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const config = placeholderSourceConfig(type);
  const source = type.create(sourceType, config);
  let inbound;
  try {
    inbound = source.parse(signedRequest(type, config, raw, now));
  } catch (err) {
    if (err instanceof SourceError) throw new CliError(`${file}: not a valid ${sourceType} payload: ${err.message}`);
    throw err;
  }
  if (inbound.kind === 'chunk') throw new CliError(`${file}: a stream chunk is stored, not rendered; render its llm.streaming.end event`);
  if (inbound.kind === 'reply') throw new CliError(`${file}: a verification challenge is answered, not rendered`);
  return inbound.event;
}

export function renderCommand(file: string, options: RenderOptions): number {
  const targets = renderTargets(REGISTRIES.adapters);
  const target = targets.get(options.platform);
  if (!target) throw new CliError(`unknown platform "${options.platform}" (expected one of ${[...targets.keys()].join(', ')})`);
  const { type, key } = sourceOf(options);
  const event = { ...normalizeFile(type, file), source: key };
  const channel = (target.adapter.configSchema as z.ZodType).parse(target.channel) as { platform: string };
  const job = options.follow === undefined ? undefined : jobOf(normalizeFile(type, options.follow), event, options.follow, file);
  const { payload } = target.adapter.render(event, channel, { ...(options.mention ? { mention: options.mention } : {}), ...(job ? { job } : {}) });
  out(typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2));
  if (job) {
    const follows = target.adapter.follows?.(channel);
    process.stderr.write(
      follows?.edit
        ? `herald: with follow: edit this payload edits the job's message (started ${new Date(job.startedAt).toISOString()})\n`
        : `herald: ${options.platform} cannot edit a message: with follow, this payload is posted as a new message\n`,
    );
  }
  return 0;
}

/** The job `later` belongs to, started by `prior`: they must share a correlation id. */
function jobOf(prior: NormalizedEvent, later: NormalizedEvent, priorFile: string, file: string): { startedAt: number } {
  if (!prior.correlation_id || prior.correlation_id !== later.correlation_id) {
    const ids = `${prior.correlation_id ?? 'none'} and ${later.correlation_id ?? 'none'}`;
    throw new CliError(`${priorFile} and ${file} are not events of one job (correlation ids ${ids}): follow-ups edit only their own job's message`);
  }
  const started = Date.parse(prior.occurred_at ?? '');
  return { startedAt: Number.isFinite(started) ? started : Date.now() };
}

/**
 * The provider type to parse the file as: `--source-type` as given, or the type of the
 * config's `--source` key (the form `route` and `simulate` take). Never both. A source key
 * given as `--source-type` is accepted when a config defines it.
 */
function sourceOf(options: RenderOptions): { type: string; key: string } {
  if (options.sourceType !== undefined && options.source !== undefined) {
    throw new CliError('give either --source-type <type> (no config needed) or --source <key> (read from the config), not both');
  }
  if (options.source !== undefined) {
    const { key, source } = configuredSource(options.source, options.config);
    return { type: source.type, key };
  }
  if (options.sourceType === undefined) throw new CliError('missing --source-type <type> (or --source <key> with a config)');
  const type = options.sourceType;
  if (findSourceType(REGISTRIES, type)) return { type, key: type };
  const configured = loadConfig(resolveConfigPath(options.config, process.env), REGISTRIES);
  const source = configured.ok ? configured.config.sources[type] : undefined;
  // Otherwise normalizeFile reports the unknown type.
  return { type: source?.type ?? type, key: type };
}
