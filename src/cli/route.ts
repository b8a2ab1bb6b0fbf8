import { buildRuntime } from '../runtime.js';
import { configuredSource, out, REGISTRIES } from './context.js';
import { normalizeFile } from './render.js';

/** `herald route --source <key> FILE`: which routes match, which channels receive, and why not. */
export function routeCommand(file: string, options: { source: string; config?: string; json?: boolean }): number {
  const { config, key, source } = configuredSource(options.source, options.config);
  const event = { ...normalizeFile(source.type, file), source: key };
  const { targets, verdicts } = buildRuntime(config, REGISTRIES.sources).router.route(event);
  if (options.json) {
    out(JSON.stringify({ event: { id: event.id, type: event.type, category: event.category, status: event.status, severity: event.severity }, routes: verdicts, channels: targets }, null, 2));
    return 0;
  }
  out(`event ${event.id}: ${event.type} (category ${event.category}, status ${event.status}, severity ${event.severity})`);
  for (const v of verdicts) out(`  ${v.matched ? 'match' : 'skip '}  ${v.route}${v.follow ? ` (follow ${v.follow})` : ''}${v.reason ? ` — ${v.reason}` : ''}`);
  const extras = (t: (typeof targets)[number]) => [t.mention && `mention ${t.mention}`, t.follow && `follow ${t.follow}`].filter(Boolean).join(', ');
  out(targets.length ? `channels: ${targets.map((t) => t.channel + (extras(t) ? ` (${extras(t)})` : '')).join(', ')}` : 'channels: none (the event would be stored and acknowledged, not delivered)');
  return 0;
}
