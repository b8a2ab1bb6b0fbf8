import type { HeraldConfig } from '../config/schema.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Opens the store the config names. SQLite files are created with their folder. */
export function openStore(storage: HeraldConfig['storage']): Store {
  switch (storage.driver) {
    case 'memory':
      return new MemoryStore();
    case 'sqlite':
      return SqliteStore.open({ path: storage.path, sync: storage.sync });
  }
}
