import pRetry from 'p-retry';
import pg from 'pg';
import type { Logger } from '../../log.js';
import { redactDatabaseUrl } from './database-url.js';
import { isConnectionError } from './errors.js';
import { MIGRATIONS } from './migrations.js';

export interface ConnectOptions {
  /** `postgres://user:password@host:port/database`; never logged as given (see `redactDatabaseUrl`). */
  url: string;
  /** How long to wait for the database to accept connections before giving up. */
  connectTimeoutMs: number;
  log: Logger;
  /** Connections the pool may open (default DEFAULT_POOL_SIZE). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/**
 * How long a query waits for a pooled connection (a new one, or a busy pool's next free
 * one) before it fails as unavailable: long enough for a burst, short enough that a
 * webhook sender hears 503 well before its own timeout.
 */
const POOL_CONNECT_TIMEOUT_MS = 10_000;

/** Session advisory lock held while migrating: replicas starting together take turns. */
const MIGRATION_LOCK_KEY = 4_846_570_121_000;

/**
 * BIGINT (int8) columns as JS numbers. Herald's BIGINTs are epoch milliseconds and serial
 * keys, far below 2^53. Set on this pool's clients only, so other users of `pg` in the
 * process keep the driver's default (strings).
 */
const INT8_AS_NUMBER: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens Herald's connection pool: waits for the database (it may still be starting, as in
 * a compose file that starts both at once), then brings the schema up to date. Only
 * connection failures are waited out; a wrong password or an unknown database fails at
 * once, since waiting cannot fix it.
 */
export async function connectPostgres(options: ConnectOptions): Promise<pg.Pool> {
  const config: pg.PoolConfig = {
    connectionString: options.url,
    application_name: 'herald',
    types: INT8_AS_NUMBER,
    keepAlive: true,
  };
  await waitForDatabase(config, options);
  const pool = new pg.Pool({ ...config, max: options.poolSize ?? DEFAULT_POOL_SIZE, connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS });
  const target = describeTarget(options.url);
  // An idle connection that the server drops (a restart, pg_terminate_backend) is reported
  // here; unhandled, the event would end the process. The pool opens a new one on demand.
  pool.on('error', (err) => {
    options.log.warn({ target, err: scrub(err.message, options.url) }, 'PostgreSQL closed an idle connection');
  });
  try {
    await migrate(pool, options.log, target);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

/** Tries a connection until one succeeds or `connectTimeoutMs` has passed, backing off 0.5 s → 5 s. */
async function waitForDatabase(config: pg.ClientConfig, options: ConnectOptions): Promise<void> {
  const target = describeTarget(options.url);
  const started = performance.now();
  try {
    await pRetry(
      async () => {
        const remaining = options.connectTimeoutMs - (performance.now() - started);
        const client = new pg.Client({ ...config, connectionTimeoutMillis: Math.max(1, Math.ceil(remaining)) });
        // Errors after connecting are of no interest: the probe ends right away.
        client.on('error', () => undefined);
        await client.connect();
        await client.end().catch(() => undefined);
      },
      {
        retries: Infinity,
        minTimeout: 500,
        maxTimeout: 5000,
        factor: 2,
        maxRetryTime: options.connectTimeoutMs,
        shouldRetry: ({ error }) => isConnectionError(error),
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (!isConnectionError(error) || performance.now() - started >= options.connectTimeoutMs) return;
          options.log.warn({ target, attempt: attemptNumber, err: scrub(error.message, options.url) }, 'waiting for PostgreSQL');
        },
      },
    );
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err), options.url);
    if (!isConnectionError(err)) throw new Error(`cannot connect to PostgreSQL at ${target}: ${message}`, { cause: err });
    const waited = `${Math.round(options.connectTimeoutMs / 100) / 10}s`;
    throw new Error(`cannot reach PostgreSQL at ${target} after ${waited}: ${message}`, { cause: err });
  }
}

/**
 * Applies the pending migrations, each in its own transaction, holding a session advisory
 * lock: a replica that starts while another migrates waits, then finds nothing left to do.
 */
async function migrate(pool: pg.Pool, log: Logger, target: string): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS herald_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM herald_schema');
      if (rows.length === 0) await client.query('INSERT INTO herald_schema (version) VALUES (0)');
      const from = rows[0]?.version ?? 0;
      for (let v = from; v < MIGRATIONS.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[v]!);
          await client.query('UPDATE herald_schema SET version = $1', [v + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
      if (from < MIGRATIONS.length) log.info({ target, from, to: MIGRATIONS.length }, 'PostgreSQL schema migrated');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } catch (err) {
    broken ??= err as Error;
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

interface Target {
  host: string;
  port: string;
  database: string;
}

function parseTarget(url: string): Target | undefined {
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username);
    return {
      host: u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost'),
      port: u.searchParams.get('port') ?? (u.port || '5432'),
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user || 'postgres',
    };
  } catch {
    return undefined;
  }
}

/** `host:port/database`: where the URL points, without user or password (for messages). */
export function describeTarget(url: string): string {
  const t = parseTarget(url);
  return t ? `${t.host}:${t.port}/${t.database}` : '<unparseable PostgreSQL URL>';
}

/** A driver message with the URL and its password taken out, should either appear in it. */
function scrub(message: string, url: string): string {
  let out = message.split(url).join(redactDatabaseUrl(url));
  try {
    const u = new URL(url);
    const secrets = [u.password, decodeURIComponent(u.password), u.searchParams.get('password') ?? ''];
    for (const s of secrets) if (s) out = out.split(s).join('***');
  } catch {
    // not a URL: nothing more to find in it
  }
  return out;
}
