import { pino } from 'pino';

/**
 * The logging the core needs: pino's calling convention (fields, then a message). pino's
 * `Logger` satisfies it, so core modules don't depend on fastify's or pino's types.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * pino `redact` paths that hold whatever the config says: belt and braces behind the Secret
 * wrapper. Paths name secrets precisely: a broad one (a bare `url`) would also hide the
 * listening address, which operators need and which is not secret.
 */
const FIXED_REDACT_PATHS = [
  'req.headers.authorization',
  // A token may travel in the query string of the request URL (see `signatureQuery`).
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

/** Where a provider's signature or token travels (from the source registry: `signatureCarriers`). */
export interface SignatureCarriers {
  headers: readonly string[];
  query: readonly string[];
}

/** Every redact path: the fixed ones plus each provider's signature headers and token parameters. */
export function logRedactPaths(carriers: SignatureCarriers): string[] {
  return [
    ...FIXED_REDACT_PATHS,
    ...carriers.headers.map((name) => `req.headers[${JSON.stringify(name.toLowerCase())}]`),
    ...carriers.query.map((name) => `req.query[${JSON.stringify(name)}]`),
  ];
}

/** The values HERALD_LOG_LEVEL may take: pino's levels, and `silent`. */
export const LOG_LEVELS: readonly string[] = [...Object.keys(pino.levels.values), 'silent'];

export function loggerOptions(carriers: SignatureCarriers, level: string = process.env.HERALD_LOG_LEVEL || 'info') {
  return { level, redact: { paths: logRedactPaths(carriers), censor: '<redacted>' } };
}

/**
 * The CLI's logger: warnings and errors as one line on stderr (`herald: waiting for the
 * database…`), fields as `key=value`; debug and info are silent.
 */
export function stderrLogger(stderr: NodeJS.WritableStream = process.stderr): Logger {
  const write = (first: object | string, message?: string) => {
    if (typeof first === 'string') return void stderr.write(`herald: ${first}\n`);
    const fields = Object.entries(first)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    stderr.write(`herald: ${message ?? ''}${fields ? ` (${fields})` : ''}\n`);
  };
  const quiet = () => {};
  return { debug: quiet, info: quiet, warn: write, error: write };
}
