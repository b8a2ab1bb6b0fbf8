import { parseDuration } from '../config/duration.js';
import { deliveryView } from '../store/delivery-view.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { stderrLogger } from '../log.js';
import { configFor, CliError, confirm, out } from './context.js';

async function withStore<T>(configFlag: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const { config } = configFor(configFlag);
  if (config.storage.driver === 'memory') throw new CliError('storage.driver is memory: dead letters live only inside the running server (use GET /api/deliveries?status=dead)');
  const { store } = await openStore(config.storage, stderrLogger());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** `herald dlq list [--channel] [--json]` */
export function dlqList(options: { channel?: string; json?: boolean; config?: string }): Promise<number> {
  return withStore(options.config, async (store) => {
    const rows = await store.deliveries({ status: 'dead', ...(options.channel ? { channel: options.channel } : {}), limit: 10_000 });
    if (options.json) {
      out(JSON.stringify({ deliveries: rows.map(deliveryView) }, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      out('no dead letters');
      return 0;
    }
    out(['ID', 'EVENT', 'CHANNEL', 'ATTEMPTS', 'DEAD SINCE', 'REASON'].join('\t'));
    for (const d of rows) out([d.id, d.event_id, d.channel, d.attempts, new Date(d.updated_at).toISOString(), d.last_error ?? ''].join('\t'));
    return 0;
  });
}

/** `herald dlq retry <id> | --all [--channel]` */
export function dlqRetry(id: string | undefined, options: { all?: boolean; channel?: string; config?: string }): Promise<number> {
  if (!id && !options.all) throw new CliError('give a delivery id, or --all (optionally with --channel)');
  if (id && options.all) throw new CliError('give either a delivery id or --all, not both');
  const ids = id ? [Number(id)] : undefined;
  if (ids && !Number.isInteger(ids[0])) throw new CliError(`"${id}" is not a delivery id`);
  return withStore(options.config, async (store) => {
    const n = await store.retryDead({ ...(ids ? { ids } : {}), ...(options.channel ? { channel: options.channel } : {}) }, Date.now());
    if (ids && n === 0) throw new CliError(`delivery ${id} is not a dead letter`);
    out(`${n} dead letter${n === 1 ? '' : 's'} queued again (a running server picks them up within seconds)`);
    return 0;
  });
}

const PURGE_ALL_HINT = 'add --yes to delete every dead letter, or --older-than <duration> (e.g. 7d) to keep recent ones';

/**
 * `herald dlq purge [--older-than 7d] [--yes]`. Deleting every dead letter cannot be
 * undone, so without --older-than it needs --yes, or a "y" typed at a terminal; a script
 * (stdin not a terminal) that forgets --yes fails instead of deleting.
 */
export function dlqPurge(options: { olderThan?: string; yes?: boolean; config?: string }): Promise<number> {
  const ageMs = options.olderThan === undefined ? 0 : parseDuration(options.olderThan);
  if (ageMs === undefined) throw new CliError(`--older-than: expected a duration like 7d or 12h, got "${options.olderThan}"`);
  const askFirst = options.olderThan === undefined && !options.yes;
  if (askFirst && !process.stdin.isTTY) throw new CliError(`dlq purge: stdin is not a terminal, so nothing was deleted; ${PURGE_ALL_HINT}`);
  return withStore(options.config, async (store) => {
    if (askFirst) {
      const n = (await store.deliveries({ status: 'dead', limit: 10_001 })).length;
      if (n === 0) {
        out('no dead letters');
        return 0;
      }
      const what = n > 10_000 ? 'more than 10000 dead letters' : `${n} dead letter${n === 1 ? '' : 's'}`;
      if (!(await confirm(`Delete all ${what}? This cannot be undone. [y/N] `))) throw new CliError('nothing was deleted');
    }
    const n = await store.purgeDead(Date.now() - ageMs);
    out(`${n} dead letter${n === 1 ? '' : 's'} purged`);
    return 0;
  });
}
