import type { z } from 'zod';
import { findSourceType } from '../registries.js';
import type { SourceRequest, SourceType } from '../sources/source.js';
import { CliError } from './cli-error.js';
import { REGISTRIES } from './context.js';

/**
 * The provider type's example config (placeholder secrets), parsed: what commands that
 * normalize a payload without a config (`herald render`) build the source with.
 */
export function placeholderSourceConfig(type: SourceType): { type: string } {
  const parsed = (type.configSchema as z.ZodType).safeParse(type.exampleConfig);
  if (!parsed.success) throw new CliError(`the example config of source type ${type.type} is invalid: ${parsed.error.message}`);
  return parsed.data as { type: string };
}

/** Builds the request a provider would send for `raw`, signed with `config`. */
export function signedRequest(type: SourceType, config: { type: string }, raw: Buffer, now: Date): SourceRequest {
  const signed = type.sign(raw, config, now);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { raw, headers, query: { ...signed.query }, now };
}

export function knownSourceType(type: string): SourceType {
  const found = findSourceType(REGISTRIES, type);
  if (!found) throw new CliError(`unknown source type "${type}" (expected one of ${REGISTRIES.sources.map((s) => s.type).join(', ')})`);
  return found;
}
