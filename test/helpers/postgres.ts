import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

/** The server tests use: HERALD_TEST_DATABASE_URL, or the local PostgreSQL with trust auth. */
export const TEST_SERVER_URL = process.env.HERALD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server URL with another database name. */
function withDatabase(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test file, named `<prefix>_<pid>_<random>` so parallel
 * runs never meet. `drop` ends its connections and drops it.
 */
export async function createTestDatabase(prefix = 'herald_test'): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unusable test database name: ${name}`);
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(name),
    drop: () =>
      onServer(async (client) => {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

/** Herald's tables, emptied between tests that share one database. */
const STORE_TABLES = 'events, deliveries, dedupe, chunks, streams, job_messages, leases, rate_pauses, replicas';

/**
 * A PostgresStore on the database at `url`, its schema migrated and every Herald table
 * emptied (keys restart at 1): what a test of one store sees as a new store.
 */
export async function freshPostgresStore(url: string, owner = 'test-replica'): Promise<PostgresStore> {
  const pool = await connectPostgres({ url, connectTimeoutMs: 5000, log: pino({ level: 'silent' }) });
  await pool.query(`TRUNCATE ${STORE_TABLES} RESTART IDENTITY`);
  return new PostgresStore(pool, { owner });
}
