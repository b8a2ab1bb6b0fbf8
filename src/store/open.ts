import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log.js';
import { soloCoordination, type Coordination } from './coordination.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** The config's `storage` section, as the store needs it (the config schema's output satisfies it). */
export interface StorageOptions {
  driver: 'sqlite' | 'postgres' | 'memory';
  path: string;
  sync: 'full' | 'normal';
  url?: { reveal(): string } | undefined;
  connect_timeout: number;
}

export interface OpenedStore {
  store: Store;
  /** How this process shares the work with other processes on the same store. */
  coordination: Coordination;
}

/** A replica's name in leases and logs: host, process and a random part (pids repeat across restarts). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Opens the store the config names. SQLite files are created with their folder; a
 * PostgreSQL database is waited for (up to `storage.connect_timeout`) and migrated.
 * PostgreSQL code is loaded only when configured.
 */
export async function openStore(storage: StorageOptions, log: Logger): Promise<OpenedStore> {
  switch (storage.driver) {
    case 'memory':
      return { store: new MemoryStore(), coordination: soloCoordination() };
    case 'sqlite':
      return { store: SqliteStore.open({ path: storage.path, sync: storage.sync }), coordination: soloCoordination() };
    case 'postgres': {
      const [{ connectPostgres }, { PostgresStore }, { PgCoordination }] = await Promise.all([
        import('./postgres/connect.js'),
        import('./postgres/postgres-store.js'),
        import('./postgres/coordination.js'),
      ]);
      const url = storage.url!.reveal();
      const pool = await connectPostgres({ url, connectTimeoutMs: storage.connect_timeout, log });
      const owner = replicaId();
      return { store: new PostgresStore(pool, { owner }), coordination: new PgCoordination({ pool, url, owner, log }) };
    }
  }
}

