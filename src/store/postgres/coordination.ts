import type { Pool } from 'pg';
import type { Logger } from '../../log.js';
import type { Coordination, CoordinationHooks, SharedPauses } from '../coordination.js';
import { LEASE_NOTIFY_CHANNEL, PgLeases } from './leases.js';
import { PgListener } from './listener.js';
import { parseWorkNotifyPayload, WORK_NOTIFY_CHANNEL } from './notify.js';

/** NOTIFY channel for rate-limit pauses: `{"scope": …, "ms": …}`, the wait from now. */
const PAUSE_NOTIFY_CHANNEL = 'herald_pause';
/** Expired pauses are forgotten this often. */
const PAUSE_PRUNE_EVERY_MS = 60_000;

const PUBLISH = `
  WITH saved AS (
    INSERT INTO rate_pauses (scope, until_at) VALUES ($1, herald_now_ms() + $2)
    ON CONFLICT (scope) DO UPDATE SET until_at = GREATEST(rate_pauses.until_at, EXCLUDED.until_at)
    RETURNING scope
  )
  SELECT pg_notify($3, json_build_object('scope', $1::text, 'ms', $2::bigint)::text) FROM saved`;

const CURRENT = `SELECT scope, until_at - herald_now_ms() AS ms FROM rate_pauses WHERE until_at > herald_now_ms()`;

/**
 * How replicas on one PostgreSQL database act as one Herald: channel leases (leases.ts),
 * rate-limit pauses every replica honours (table `rate_pauses`, announced by NOTIFY and
 * read back at start and after a lost connection), and wake-ups for work another replica
 * queued (the store NOTIFYs the channels at commit).
 */
export class PgCoordination implements Coordination {
  readonly leases: PgLeases;
  readonly pauses: SharedPauses;
  readonly #pool: Pool;
  readonly #url: string;
  readonly #log: Logger;
  #listener: PgListener | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;

  constructor(options: { pool: Pool; url: string; owner: string; log: Logger }) {
    this.#pool = options.pool;
    this.#url = options.url;
    this.#log = options.log;
    this.leases = new PgLeases(options.pool, options.owner, options.log);
    this.pauses = {
      publish: (scope, waitMs) => {
        if (waitMs <= 0) return;
        this.#pool.query(PUBLISH, [scope, Math.ceil(waitMs), PAUSE_NOTIFY_CHANNEL]).catch((err: Error) => {
          this.#log.warn({ err: err.message, wait_ms: Math.ceil(waitMs) }, 'could not share a rate-limit pause with the other replicas');
        });
      },
    };
  }

  async start(hooks: CoordinationHooks): Promise<void> {
    const loadPauses = async () => {
      const { rows } = await this.#pool.query<{ scope: string; ms: number }>(CURRENT);
      for (const row of rows) hooks.onPause(row.scope, Number(row.ms));
    };
    this.#listener = new PgListener({
      url: this.#url,
      channels: [WORK_NOTIFY_CHANNEL, PAUSE_NOTIFY_CHANNEL, LEASE_NOTIFY_CHANNEL],
      log: this.#log,
      onNotice: (channel, payload) => this.#notice(hooks, channel, payload),
      reconnected: () => {
        hooks.onWork('all');
        loadPauses().catch((err: Error) => this.#log.warn({ err: err.message }, 'could not read the shared rate-limit pauses'));
      },
    });
    await this.#listener.start();
    await loadPauses();
    await this.leases.start();
    this.#pruneTimer = setInterval(() => {
      this.#pool.query('DELETE FROM rate_pauses WHERE until_at < herald_now_ms()').catch(() => {});
    }, PAUSE_PRUNE_EVERY_MS);
    this.#pruneTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#pruneTimer);
    await this.leases.stop();
    await this.#listener?.stop();
  }

  #notice(hooks: CoordinationHooks, channel: string, payload: string): void {
    if (channel === WORK_NOTIFY_CHANNEL) {
      const channels = parseWorkNotifyPayload(payload);
      hooks.onWork(channels === '*' ? 'all' : channels);
      return;
    }
    if (channel === LEASE_NOTIFY_CHANNEL) {
      // Leases given back (a hand-over, idle channels, a replica stopping): take the ones
      // that suit this replica now rather than at the next ask.
      const channels = parseWorkNotifyPayload(payload);
      if (channels !== '*') this.leases.released(channels);
      hooks.onWork('all');
      return;
    }
    try {
      const pause = JSON.parse(payload) as { scope?: unknown; ms?: unknown };
      if (typeof pause.scope === 'string' && typeof pause.ms === 'number') hooks.onPause(pause.scope, pause.ms);
    } catch {
      // Not a pause this version sends: nothing to apply.
    }
  }
}
