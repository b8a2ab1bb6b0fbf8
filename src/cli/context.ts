import { createInterface } from 'node:readline';
import { ADAPTERS } from '../../adapters/registry.js';
import { loadConfig, resolveConfigPath } from '../config/loader.js';
import type { HeraldConfig, SourceConfig } from '../config/schema.js';
import type { AnyAdapter } from '../delivery/adapter.js';
import { findAdapter, type Registries } from '../registries.js';
import { SOURCE_TYPES } from '../sources/registry.js';
import { CliError } from './cli-error.js';

export { CliError } from './cli-error.js';

/**
 * The composition root of every command: the providers and platforms this build knows.
 * Commands (and `herald serve`) get them from here; core modules take them as parameters.
 */
export const REGISTRIES: Registries = { sources: SOURCE_TYPES, adapters: ADAPTERS };

/** The adapter of a configured channel's platform (the config was validated against the same registry). */
export function adapterOf(platform: string): AnyAdapter {
  const adapter = findAdapter(REGISTRIES, platform);
  if (!adapter) throw new CliError(`unknown platform "${platform}"`);
  return adapter;
}

/** Loads the config a command was pointed at, or throws CliError listing every problem. */
export function configFor(flag: string | undefined): { config: HeraldConfig; path: string } {
  const path = resolveConfigPath(flag, process.env);
  const loaded = loadConfig(path, REGISTRIES);
  if (!loaded.ok) throw new CliError(`invalid config ${loaded.path}:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
  return { config: loaded.config, path };
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * The config and one of its sources, for the commands that take `--source <key>`. A
 * provider type given instead of a key is accepted when exactly one source has that type.
 */
export function configuredSource(key: string, configFlag: string | undefined): { config: HeraldConfig; key: string; source: SourceConfig } {
  const { config } = configFor(configFlag);
  const source = config.sources[key];
  if (source) return { config, key, source };
  const ofType = Object.entries(config.sources).filter(([, s]) => s.type === key);
  if (ofType.length === 1) return { config, key: ofType[0]![0], source: ofType[0]![1] };
  if (ofType.length > 1) {
    throw new CliError(`"${key}" is a provider type, not a source key; sources of that type: ${ofType.map(([k]) => k).join(', ')}`);
  }
  throw new CliError(`unknown source "${key}" (configured: ${Object.keys(config.sources).join(', ') || 'none'})`);
}

/** How to turn on an optional channel that is off: the variables its credentials come from. */
export function howToEnable(config: HeraldConfig, name: string): string {
  const variables = config.disabled_channel_env?.[name] ?? [];
  return variables.length > 0 ? `set ${variables.join(' or ')} to enable it` : 'give it a webhook_url or token to enable it';
}

/** Asks a yes/no question on the terminal (the prompt goes to stderr); anything but y/yes, or end of input, is no. */
export function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.once('close', () => resolve(false));
    rl.question(question, (answer) => {
      resolve(/^y(es)?$/i.test(answer.trim()));
      rl.close();
    });
  });
}
