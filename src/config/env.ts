import { LOG_LEVELS } from '../log.js';

/** An environment value as it appears in an error: `HERALD_PORT=abc`. */
function setting(name: string, value: string): string {
  return `${name}=${value.length > 40 ? `${value.slice(0, 37)}...` : value}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies the environment Herald reads besides `${VAR}` references: HERALD_HOST,
 * HERALD_PORT and PORT override `server.host`/`server.port`, and HERALD_LOG_LEVEL must be
 * a level. Returns the problems, each naming its variable (`HERALD_PORT=abc: expected a
 * port number (0-65535)`), since the file is not where the bad value was written.
 */
export function applyEnvironment(config: Record<string, unknown>, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const level = env.HERALD_LOG_LEVEL;
  if (level && !LOG_LEVELS.includes(level)) problems.push(`${setting('HERALD_LOG_LEVEL', level)}: expected one of ${LOG_LEVELS.join(', ')}`);

  // A `server` that is not a mapping is left for the schema to report.
  if (config.server !== undefined && !isMapping(config.server)) return problems;
  const server = (config.server ?? {}) as Record<string, unknown>;
  if (env.HERALD_HOST) server.host = env.HERALD_HOST;
  const portVariable = env.HERALD_PORT ? 'HERALD_PORT' : env.PORT ? 'PORT' : undefined;
  if (portVariable) {
    const text = env[portVariable]!;
    const port = /^\s*\d{1,5}\s*$/.test(text) ? Number(text) : NaN;
    if (port <= 65535) server.port = port;
    else problems.push(`${setting(portVariable, text)}: expected a port number (0-65535)`);
  }
  if (Object.keys(server).length > 0 || config.server !== undefined) config.server = server;
  return problems;
}
