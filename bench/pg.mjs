// PostgreSQL for the bench: uniquely named databases on a loopback server, dropped at the
// end of the scenario that made them or, if the bench stops early, by lib.mjs's cleanup;
// Herald replicas on them; and the few things the bench reads from them (lease owners,
// backend processes).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup, startHerald, stopChild } from './lib.mjs';

/** The server the bench creates its databases on (trust auth on loopback by default). */
export const SERVER_URL = process.env.HERALD_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Herald's storage section for replicas: the URL comes from each one's environment. */
export const PG_STORAGE = { driver: 'postgres', url: '${HERALD_DATABASE_URL}' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function onServer(work) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database `herald_bench_<pid>_<random>`. `url` is for Herald (through its
 * environment: it may hold a password, so it is never logged); `query` runs on a client of
 * the bench's own; `drop` ends every connection to it and drops it.
 */
export async function createBenchDatabase() {
  const url = new URL(SERVER_URL);
  if (!LOOPBACK.has(url.hostname)) throw new Error(`bench: HERALD_BENCH_DATABASE_URL must name a loopback host, not ${url.hostname}`);
  const name = `herald_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  let client;
  let dropping;
  const drop = () =>
    (dropping ??= (async () => {
      await client?.end().catch(() => undefined);
      await onServer((server) => server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    })());
  const unregister = onCleanup(drop);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async query(sql, params) {
      if (!client) {
        client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
      }
      return (await client.query(sql, params)).rows;
    },
    async drop() {
      unregister();
      await drop();
    },
  };
}

/**
 * Runs `work(db, start)` on a fresh database; `start(configPath, count, name)` starts that
 * many replicas of one config on it. Afterwards (also on failure) every replica started is
 * stopped and the database dropped.
 */
export async function onFreshDatabase(work) {
  const db = await createBenchDatabase();
  const started = [];
  const start = async (configPath, count, name) => {
    const list = await Promise.all(
      Array.from({ length: count }, (_, i) => startHerald({ configPath, name: `${name} ${i + 1}`, env: { HERALD_DATABASE_URL: db.url } })),
    );
    started.push(...list);
    return list;
  };
  try {
    return await work(db, start);
  } finally {
    for (const h of started) await stopChild(h.child, 5000);
    await db.drop();
  }
}

/**
 * Pids of the PostgreSQL processes working for `db`: its backends and the server's
 * background processes (WAL writer, checkpointer, …), not the bench's own connection.
 */
export async function serverPids(db) {
  const rows = await db.query('SELECT pid FROM pg_stat_activity WHERE (datname = $1 OR datname IS NULL) AND pid <> pg_backend_pid()', [db.name]);
  return rows.map((r) => r.pid);
}

/** Live lease owners by channel (`<host>:<pid>:<random>`), read on the database's clock. */
export async function leaseOwners(db) {
  const rows = await db.query('SELECT channel, owner FROM leases WHERE expires_at > herald_now_ms()');
  return new Map(rows.map((r) => [r.channel, r.owner]));
}

/** Which of `replicas` (from startHerald) an owner id names, or undefined. */
export function replicaOf(owner, replicas) {
  return replicas.find((r) => owner?.includes(`:${r.pid}:`));
}
