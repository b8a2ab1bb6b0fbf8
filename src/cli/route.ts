import { buildRuntime } from '../runtime.js';
import { configFor, CliError, out } from './context.js';
import { normalizeFile } from './render.js';

/** `herald route --source <key> FILE`: which routes match, which channels receive, and why not. */
export function routeCommand(file: string, options: { source: string; config?: string; json?: boolean }): number {
  const { config } = configFor(options.config);
  const sourceConfig = config.sources[options.source];
  if (!sourceConfig) throw new CliError(`unknown source "${options.source}" (configured: ${Object.keys(config.sources).join(', ') || 'none'})`);
  const event = { ...normalizeFile(sourceConfig.type, file), source: options.source };
  const { targets, verdicts } = buildRuntime(config).router.route(event);
  if (options.json) {
    out(JSON.stringify({ event: { id: event.id, type: event.type, category: event.category, status: event.status, severity: event.severity }, routes: verdicts, channels: targets }, null, 2));
    return 0;
  }
  out(`event ${event.id}: ${event.type} (category ${event.category}, status ${event.status}, severity ${event.severity})`);
  for (const v of verdicts) out(`  ${v.matched ? 'match' : 'skip '}  ${v.route}${v.reason ? ` — ${v.reason}` : ''}`);
  out(targets.length ? `channels: ${targets.map((t) => t.channel + (t.mention ? ` (mention ${t.mention})` : '')).join(', ')}` : 'channels: none (the event would be stored and acknowledged, not delivered)');
  return 0;
}
