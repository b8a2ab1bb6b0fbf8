import { loadConfig, resolveConfigPath } from '../config/loader.js';
import { formatDuration } from '../config/duration.js';
import { redactDatabaseUrl } from '../store/postgres/database-url.js';
import { adapterOf, howToEnable, out, REGISTRIES } from './context.js';

/** `herald validate`: a summary of sources, channels and routes, or every error (exit 1). */
export function validateCommand(options: { config?: string }): number {
  const path = resolveConfigPath(options.config, process.env);
  const loaded = loadConfig(path, REGISTRIES);
  if (!loaded.ok) {
    process.stderr.write(`${path}: ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}\n`);
    for (const e of loaded.errors) process.stderr.write(`  - ${e}\n`);
    return 1;
  }
  const { config } = loaded;
  out(`${path}: OK`);
  const { storage } = config;
  const where =
    storage.driver === 'sqlite' ? ` ${storage.path} (sync ${storage.sync})` : storage.driver === 'postgres' ? ` ${redactDatabaseUrl(storage.url?.reveal() ?? '')}` : '';
  out(`server: http://${config.server.host}:${config.server.port}  storage: ${storage.driver}${where}`);
  const d = config.delivery;
  const attempts = Number.isFinite(d.max_attempts) ? String(d.max_attempts) : 'unlimited';
  out(`delivery: concurrency ${d.concurrency}, max_attempts ${attempts}, max_age ${formatDuration(d.max_age)}, backoff_max ${formatDuration(d.backoff_max)}, timeout ${formatDuration(d.timeout)}; dedupe_window ${formatDuration(config.dedupe_window)}`);
  out(`admin API: ${config.server.admin_token.empty ? 'disabled (no admin_token)' : 'enabled'}`);
  out(`sources (${Object.keys(config.sources).length}):`);
  for (const [key, source] of Object.entries(config.sources)) out(`  ${key}: ${source.type}  POST /webhooks/${key}`);
  out(`channels (${Object.keys(config.channels).length}):`);
  for (const [name, channel] of Object.entries(config.channels)) out(`  ${name}: ${adapterOf(channel.platform).describe(channel)}`);
  for (const name of config.disabled_channels) out(`  ${name}: disabled (optional, and its webhook_url/token is empty: ${howToEnable(config, name)})`);
  out(`routes (${config.routes.length}):`);
  config.routes.forEach((route, i) => {
    const m = route.match;
    const conditions = [
      m.source && `source ${m.source.join('|')}`,
      m.type && `type ${m.type.join('|')}`,
      m.status && `status ${m.status.join('|')}`,
      m.severity && `severity >= ${m.severity}`,
      m.where && `where ${JSON.stringify(m.where)}`,
    ].filter(Boolean);
    out(`  ${route.name ?? `routes[${i}]`}: ${conditions.length ? conditions.join(', ') : 'every event'} -> ${route.to.join(', ')}${route.stop ? ' (stop)' : ''}${route.mention ? ` (mention ${route.mention})` : ''}`);
  });
  return 0;
}
