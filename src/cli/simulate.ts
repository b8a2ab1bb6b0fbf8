import { CliError, configuredSource, out } from './context.js';
import { knownSourceType } from './provider-request.js';

/** `herald simulate --source <key> [--event <type>] [--url …]`: a sample event, signed as the provider signs. */
export async function simulateCommand(options: { source: string; event?: string; url?: string; config?: string; list?: boolean }): Promise<number> {
  const { config, key, source: sourceConfig } = configuredSource(options.source, options.config);
  const type = knownSourceType(sourceConfig.type);
  const now = new Date();
  const samples = type.samples(now);
  const types = Object.keys(samples);
  if (options.list) {
    for (const t of types) out(t);
    return 0;
  }
  const eventType = options.event ?? types[0]!;
  if (!(eventType in samples)) throw new CliError(`no sample for ${sourceConfig.type} event "${eventType}"; available: ${types.join(', ')}`);

  const raw = Buffer.from(JSON.stringify(samples[eventType]));
  const signed = type.sign(raw, sourceConfig, now);
  const host = ['0.0.0.0', '::', ''].includes(config.server.host) ? '127.0.0.1' : config.server.host;
  const base = options.url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}`;
  const url = new URL(`webhooks/${encodeURIComponent(key)}`, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(signed.query ?? {})) url.searchParams.set(k, v);

  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: raw });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CliError(`cannot reach ${url.origin}: ${cause} (is \`herald serve\` running?)`);
  }
  const text = await res.text();
  out(`POST ${url.pathname} ${eventType} -> ${res.status} ${text}`);
  return res.ok ? 0 : 1;
}
