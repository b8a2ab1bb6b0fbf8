import { loadConfig } from './config/loader.js';
import type { HeraldConfig } from './config/schema.js';
import type { Logger } from './log.js';
import type { Registries } from './registries.js';
import { buildRuntime, type Runtime } from './runtime.js';

/**
 * Settings read once at start: the listening socket, fastify's body limit and the open
 * store. A reload that changes one of them is applied except for these, with a warning.
 */
const RESTART_KEYS = [
  ['server', 'host'],
  ['server', 'port'],
  ['server', 'body_limit'],
  ['storage', 'driver'],
  ['storage', 'path'],
  ['storage', 'sync'],
] as const;

/** The restart-only keys whose value differs between the running config and a new one. */
export function restartKeysChanged(running: HeraldConfig, next: HeraldConfig): string[] {
  return RESTART_KEYS.filter(([section, key]) => {
    const before = (running[section] as Record<string, unknown>)[key];
    const after = (next[section] as Record<string, unknown>)[key];
    return before !== after;
  }).map(([section, key]) => `${section}.${key}`);
}

/**
 * SIGHUP: reads the config file again and builds the runtime that replaces the current one.
 * Never throws. Any failure (unreadable or huge file, invalid YAML, an alias bomb, schema
 * errors, an exception while building the runtime) is logged and undefined is returned:
 * the previous config stays in force. `running` is the config the process started with.
 */
export function reloadRuntime(
  path: string,
  running: HeraldConfig,
  log: Logger,
  registries: Registries,
  build: (config: HeraldConfig) => Runtime = (config) => buildRuntime(config, registries.sources),
): Runtime | undefined {
  try {
    const loaded = loadConfig(path, registries);
    if (!loaded.ok) {
      log.error({ errors: loaded.errors }, 'config reload failed; keeping the previous config');
      return undefined;
    }
    const runtime = build(loaded.config);
    const pending = restartKeysChanged(running, loaded.config);
    if (pending.length > 0) {
      const verb = pending.length === 1 ? 'takes' : 'take';
      log.warn({ keys: pending }, `config reloaded; ${pending.join(', ')} ${verb} effect only after a restart (the running value stays)`);
    }
    return runtime;
  } catch (err) {
    log.error({ err }, 'config reload failed; keeping the previous config');
    return undefined;
  }
}
