import type { z } from 'zod';
import { SOURCE_TYPES, sourceTypeFor, type AnySourceType } from '../sources/registry.js';
import type { SourceRequest } from '../sources/source.js';
import { CliError } from './context.js';

/**
 * A stand-in config for a source type, for commands that normalize a payload without a
 * config (`herald render`). Each candidate is validated by the type's own schema.
 */
export function placeholderSourceConfig(type: AnySourceType): { type: string } {
  const candidates = [
    { type: type.type, secret: 'whsec_aGVyYWxkLXJlbmRlci1wbGFjZWhvbGRlcg==' },
    { type: type.type, token: 'herald-render' },
    { type: type.type, allow_unsigned: true },
  ];
  for (const candidate of candidates) {
    const parsed = (type.configSchema as z.ZodType).safeParse(candidate);
    if (parsed.success) return parsed.data as { type: string };
  }
  throw new CliError(`cannot build a placeholder config for source type ${type.type}`);
}

/** Builds the request a provider would send for `raw`, signed with `config`. */
export function signedRequest(type: AnySourceType, config: { type: string }, raw: Buffer, now: Date): SourceRequest {
  const signed = type.sign(raw, config, now);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { raw, headers, query: { ...signed.query }, now };
}

export function knownSourceType(type: string): AnySourceType {
  try {
    return sourceTypeFor(type);
  } catch {
    throw new CliError(`unknown source type "${type}" (expected one of ${SOURCE_TYPES.map((s) => s.type).join(', ')})`);
  }
}
