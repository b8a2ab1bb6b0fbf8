import type { HeraldConfig } from './config/schema.js';
import { Router } from './routing/router.js';
import type { Source } from './sources/source.js';
import { sourceTypeFor } from './sources/registry.js';

/** Everything derived from one loaded config; replaced as a whole on SIGHUP. */
export interface Runtime {
  config: HeraldConfig;
  sources: ReadonlyMap<string, Source>;
  router: Router;
}

export function buildRuntime(config: HeraldConfig): Runtime {
  const sources = new Map<string, Source>();
  for (const [key, sourceConfig] of Object.entries(config.sources)) {
    sources.set(key, sourceTypeFor(sourceConfig.type).create(key, sourceConfig));
  }
  return { config, sources, router: new Router(config.routes, config.disabled_channels) };
}
