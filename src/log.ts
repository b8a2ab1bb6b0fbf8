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
  'req.headers["svix-signature"]',
  'req.query.token',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.webhook_url',
  '*.admin_token',
  'headers.authorization',
  'url',
];

export function loggerOptions(level: string = process.env.HERALD_LOG_LEVEL ?? 'info') {
  return { level, redact: { paths: LOG_REDACT_PATHS, censor: '<redacted>' } };
}
