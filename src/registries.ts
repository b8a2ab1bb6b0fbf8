import type { AnyAdapter } from './delivery/adapter.js';
import type { SourceType } from './sources/source.js';

/**
 * The providers and platforms this process knows, handed from the composition root
 * (`src/main.ts`, the CLI's `src/cli/context.ts`) to everything that needs them: the config
 * schema, the runtime, the delivery worker, the logger's redaction. Core modules take them
 * as a parameter; only the composition root imports the registries themselves
 * (src/sources/registry.ts, adapters/registry.ts).
 */
export interface Registries {
  readonly sources: readonly SourceType<{ type: string }>[];
  readonly adapters: readonly AnyAdapter[];
}

/** The provider type named `type`, if registered. */
export function findSourceType(registries: Pick<Registries, 'sources'>, type: string): SourceType<{ type: string }> | undefined {
  return registries.sources.find((s) => s.type === type);
}

/** The adapter of `platform`, if registered. */
export function findAdapter(registries: Pick<Registries, 'adapters'>, platform: string): AnyAdapter | undefined {
  return registries.adapters.find((a) => a.platform === platform);
}

/** Every header (lower case) and query parameter that carries a provider's signature or token. */
export function signatureCarriers(registries: Pick<Registries, 'sources'>): { headers: string[]; query: string[] } {
  const headers = new Set(registries.sources.flatMap((s) => s.signatureHeaders.map((h) => h.toLowerCase())));
  const query = new Set(registries.sources.flatMap((s) => s.signatureQuery ?? []));
  return { headers: [...headers].sort(), query: [...query].sort() };
}
