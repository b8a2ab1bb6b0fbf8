import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, freshPostgresStore } from './postgres.js';

/**
 * Every store driver, for a contract suite (`describe.each`): SQLite in a fresh temporary
 * file (in a folder that does not exist yet: the store creates it), memory, and
 * PostgreSQL in one database for the calling file, each test's store starting from empty
 * tables. Registers the hooks that create and remove them. `tempDb` gives the file's own
 * SQLite-only tests a temporary database path cleaned up the same way.
 */
export function everyStore(prefix: string): { drivers: [string, () => Promise<Store>][]; tempDb: () => string } {
  const dirs: string[] = [];
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    dirs.push(dir);
    return join(dir, 'nested', 'herald.db');
  };
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(prefix);
  });
  afterAll(async () => {
    await database?.drop();
  });
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    tempDb,
    drivers: [
      ['sqlite', async () => SqliteStore.open({ path: tempDb(), sync: 'full' })],
      ['memory', async () => new MemoryStore()],
      ['postgres', () => freshPostgresStore(database!.url)],
    ],
  };
}
