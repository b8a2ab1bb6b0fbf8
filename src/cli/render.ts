import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { adapterFor } from '../../adapters/registry.js';
import type { NormalizedEvent } from '../events/event.js';
import { loadConfig, resolveConfigPath } from '../config/loader.js';
import { SOURCE_TYPES } from '../sources/registry.js';
import { SourceError } from '../sources/source.js';
import { CliError, configuredSource, out } from './context.js';
import { knownSourceType, placeholderSourceConfig, signedRequest } from './provider-request.js';

const TEAMS_ADAPTIVE = { platform: 'teams', webhook_url: 'https://example.invalid/workflows/render', format: 'adaptive-card' };

/** `--platform` values and the channel config each renders for (no secrets are needed to render). */
export const RENDER_TARGETS: Record<string, Record<string, unknown>> = {
  slack: { platform: 'slack', webhook_url: 'https://hooks.slack.com/services/T000/B000/render' },
  'slack-markdown': { platform: 'slack', webhook_url: 'https://hooks.slack.com/services/T000/B000/render', slack_format: 'markdown' },
  discord: { platform: 'discord', webhook_url: 'https://discord.com/api/webhooks/1/render' },
  // A Teams channel's default format, as in the config.
  teams: TEAMS_ADAPTIVE,
  'teams-adaptive': TEAMS_ADAPTIVE,
  'teams-messagecard': { platform: 'teams', webhook_url: 'https://example.invalid/webhook/render', format: 'messagecard' },
  console: { platform: 'console' },
};

export interface RenderOptions {
  platform: string;
  /** A provider type (`wp-llm`): works with no config at all. */
  sourceType?: string;
  /** A source key from the config (`wpllm`): its type is read from the config. */
  source?: string;
  config?: string;
  mention?: string;
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
  const target = RENDER_TARGETS[options.platform];
  if (!target) throw new CliError(`unknown platform "${options.platform}" (expected one of ${Object.keys(RENDER_TARGETS).join(', ')})`);
  const { type, key } = sourceOf(options);
  const event = { ...normalizeFile(type, file), source: key };
  const adapter = adapterFor(target.platform as string);
  const channel = (adapter.configSchema as z.ZodType).parse(target) as { platform: string };
  const { payload } = adapter.render(event, channel, options.mention ? { mention: options.mention } : {});
  out(typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2));
  return 0;
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
  if (SOURCE_TYPES.some((s) => s.type === type)) return { type, key: type };
  const configured = loadConfig(resolveConfigPath(options.config, process.env));
  const source = configured.ok ? configured.config.sources[type] : undefined;
  // Otherwise normalizeFile reports the unknown type.
  return { type: source?.type ?? type, key: type };
}
