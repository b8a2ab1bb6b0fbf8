import type { HeraldConfig } from './config/schema.js';
import { Router } from './routing/router.js';
import type { Source, SourceType } from './sources/source.js';

/** Everything derived from one loaded config; replaced as a whole on SIGHUP. */
export interface Runtime {
  config: HeraldConfig;
  sources: ReadonlyMap<string, Source>;
  router: Router;
}

/**
 * Builds each configured source with its provider type from `sourceTypes` (the source
 * registry, handed over by the composition root; the config was validated against it).
 */
export function buildRuntime(config: HeraldConfig, sourceTypes: readonly SourceType<{ type: string }>[]): Runtime {
  const sources = new Map<string, Source>();
  for (const [key, sourceConfig] of Object.entries(config.sources)) {
    const type = sourceTypes.find((t) => t.type === sourceConfig.type);
    if (!type) throw new Error(`unknown source type "${sourceConfig.type}"`);
    sources.set(key, type.create(key, sourceConfig));
  }
  return { config, sources, router: new Router(config.routes, config.disabled_channels) };
}
