import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config/loader.js';
import { DeliveryWorker } from './delivery/worker.js';
import { limitConnections, maxConnections, openFileLimit } from './http/connections.js';
import { loggerOptions } from './log.js';
import { Metrics } from './metrics.js';
import { signatureCarriers, type Registries } from './registries.js';
import { reloadRuntime } from './reload.js';
import { buildRuntime, type Runtime } from './runtime.js';
import { openStore, type OpenedStore } from './store/open.js';
import { acquireProcessLock, StoreInUseError, type ProcessLock } from './store/sqlite/process-lock.js';
import { StreamHolder } from './streams/stream-holder.js';

/** How often expired dedupe entries, chunks and old sent deliveries are pruned. */
const PRUNE_INTERVAL_MS = 10 * 60_000;
/** At shutdown, the store has this long to close (commit what is queued, end connections). */
const STORE_CLOSE_TIMEOUT_MS = 5_000;
/** With replicas, how often held streams are looked at (one another replica held may be due). */
const SHARED_STREAMS_EVERY_MS = 5_000;

function printErrors(path: string, errors: string[]): void {
  process.stderr.write(`herald: invalid config ${path}:\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
}

/**
 * `herald serve`: env → config → store → app + worker → listen; signals stop it cleanly.
 * `registries` (from the CLI's context) are wired into the config schema, the runtime, the
 * logger's redaction and the delivery worker.
 */
export async function serve(configPath: string, registries: Registries): Promise<number> {
  const loaded = loadConfig(configPath, registries);
  if (!loaded.ok) {
    printErrors(loaded.path, loaded.errors);
    return 1;
  }
  let runtime: Runtime = buildRuntime(loaded.config, registries.sources);
  const log = pino(loggerOptions(signatureCarriers(registries)));

  const storage = runtime.config.storage;
  let opened: OpenedStore;
  let lock: ProcessLock | undefined;
  try {
    // One server per SQLite file (see process-lock.ts); `herald dlq …` takes no lock.
    lock = storage.driver === 'sqlite' && storage.path !== ':memory:' ? acquireProcessLock(storage.path) : undefined;
    opened = await openStore(storage, log);
  } catch (err) {
    lock?.release();
    if (err instanceof StoreInUseError) {
      process.stderr.write(`herald: ${err.message}\n`);
      return 1;
    }
    const where = storage.driver === 'sqlite' ? ` at ${storage.path}` : '';
    process.stderr.write(`herald: cannot open the store${where}: ${(err as Error).message}\n`);
    return 1;
  }
  const { store, coordination } = opened;
  const metrics = new Metrics({ store: () => store });
  const worker = new DeliveryWorker({ runtime: () => runtime, store, metrics, log, adapters: registries.adapters, coordination });
  // Releases held streams at their deadline, including those held before a restart.
  const streams = new StreamHolder({ runtime: () => runtime, store, metrics, log, notify: (channels) => worker.notify(channels) });
  const app = buildApp({
    runtime: () => runtime,
    store,
    metrics,
    notify: (channels, force) => worker.notify(channels, force),
    logger: log,
    streams,
  });

  const prune = () => {
    const now = Date.now();
    // A timer callback must not throw: the process would end.
    try {
      store.prune(now, now - runtime.config.dedupe_window).catch((err: Error) => log.warn({ err: err.message }, 'prune failed'));
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'prune failed');
    }
  };
  prune();
  const pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
  pruneTimer.unref();
  // A held stream's end may have reached another replica that then died.
  const streamsTimer = storage.driver === 'postgres' ? setInterval(() => void streams.releaseDue(), SHARED_STREAMS_EVERY_MS) : undefined;
  streamsTimer?.unref();

  // The connection limit leaves file descriptors for the store and outbound sends.
  const fdLimit = openFileLimit();
  const connectionLimit = () => maxConnections(runtime.config.server.max_connections, fdLimit, runtime.config.delivery.concurrency);

  const started = runtime.config;
  process.on('SIGHUP', () => {
    const next = reloadRuntime(configPath, started, log, registries);
    if (!next) return;
    runtime = next;
    limitConnections(app.server, connectionLimit(), log);
    log.info({ sources: next.sources.size, channels: Object.keys(next.config.channels).length, max_connections: connectionLimit() ?? null }, 'config reloaded');
    worker.notify(Object.keys(next.config.channels), true);
  });

  const { host, port } = runtime.config.server;
  let url: string;
  try {
    await worker.start();
    await streams.start();
    url = await app.listen({ host, port });
    limitConnections(app.server, connectionLimit(), log);
  } catch (err) {
    process.stderr.write(`herald: cannot start: ${(err as Error).message}\n`);
    await worker.stop(0).catch(() => {});
    await store.close().catch(() => {});
    lock?.release();
    return 1;
  }
  log.info(
    {
      url,
      sources: [...runtime.sources.keys()],
      channels: Object.keys(runtime.config.channels),
      storage: runtime.config.storage.driver,
      max_connections: connectionLimit() ?? null,
    },
    'herald ready',
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        // A second signal: exit at once. Everything not confirmed is still pending in the store.
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(0);
      }
      stopping = true;
      log.info({ signal }, 'shutting down');
      clearInterval(pruneTimer);
      clearInterval(streamsTimer);
      streams.stop();
      // Stop accepting first, then let in-flight sends finish (bounded by delivery.timeout).
      await app.close().catch(() => {});
      await worker.stop(runtime.config.delivery.timeout);
      // Whatever was not recorded stays pending in the store: a close that fails or hangs
      // (a database gone away) must not keep the process from exiting.
      await closeWithin(store, STORE_CLOSE_TIMEOUT_MS).catch((err: Error) => log.warn({ err: err.message }, 'could not close the store cleanly'));
      lock?.release();
      log.info('stopped');
      resolve(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });
}

function closeWithin(store: { close(): Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store did not close within ${ms} ms`)), ms);
  });
  return Promise.race([store.close(), timeout]).finally(() => clearTimeout(timer));
}
