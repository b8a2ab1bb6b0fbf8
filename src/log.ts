import { pino } from 'pino';

/**
 * pino `redact` paths: belt and braces behind the Secret wrapper. Headers that carry
 * signatures or tokens and any config value that is a secret are censored. Paths name
 * secrets precisely: a broad one (a bare `url`) would also hide the listening address,
 * which operators need and which is not secret.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-wp-llm-signature"]',
  'req.headers["x-promptha-signature"]',
  'req.headers["x-webhook-signature"]',
  'req.headers["webhook-signature"]',
  'req.headers["svix-signature"]',
  'req.query.token',
  // PromptPal's token travels in the query string of the request URL.
  'req.url',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.webhook_url',
  '*.admin_token',
  // A database URL carries its password.
  'storage.url',
  '*.storage.url',
  'headers.authorization',
];

/** The values HERALD_LOG_LEVEL may take: pino's levels, and `silent`. */
export const LOG_LEVELS: readonly string[] = [...Object.keys(pino.levels.values), 'silent'];

export function loggerOptions(level: string = process.env.HERALD_LOG_LEVEL || 'info') {
  return { level, redact: { paths: LOG_REDACT_PATHS, censor: '<redacted>' } };
}
