/**
 * pino `redact` paths: belt and braces behind the Secret wrapper. Headers that carry
 * signatures or tokens and any config value that is a secret are censored.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-wp-llm-signature"]',
  'req.headers["x-promptha-signature"]',
  'req.headers["x-webhook-signature"]',
  'req.headers["webhook-signature"]',
  'req.query.token',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.webhook_url',
  '*.admin_token',
  'headers.authorization',
  'url',
];

/** pino's levels, most verbose first, and `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * HERALD_LOG_LEVEL (default `info`), checked here: pino itself would refuse an unknown
 * level with "default level:… must be included in custom levels".
 */
export function logLevelFrom(env: Record<string, string | undefined>): { level: string } | { error: string } {
  const level = env.HERALD_LOG_LEVEL?.trim().toLowerCase() || 'info';
  if ((LOG_LEVELS as readonly string[]).includes(level)) return { level };
  return { error: `HERALD_LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${level.slice(0, 40)}"` };
}

export function loggerOptions(level: string) {
  return { level, redact: { paths: LOG_REDACT_PATHS, censor: '<redacted>' } };
}
