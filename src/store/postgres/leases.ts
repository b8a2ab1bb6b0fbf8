import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type { ChannelLeases, HeldLease, LeaseCheck } from '../coordination.js';
import type { Logger } from '../../log.js';

/** A lease lasts this long in the database unless renewed: a dead replica's channels move within it. */
export const LEASE_TTL_MS = 10_000;
/** Held leases are renewed (and the replica's heartbeat written) this often. */
export const RENEW_EVERY_MS = 3_000;
/** This process stops using a lease this long before the database would let another take it. */
const SAFETY_MS = 2_000;
/** A replica whose heartbeat is older than this is not given channels. */
const REPLICA_LIVE_MS = 15_000;
/** A replica waits this long before taking a free channel another live replica suits better. */
const FREE_GRACE_MS = 3_000;
/** A channel whose lease another replica holds is asked for again after this long. */
const ASK_AGAIN_MS = 2_000;
/**
 * A replica holding a busy channel that another live replica suits better hands it over
 * between two sends, once it has held it this long (so views of the replica list that
 * differ for a moment cannot bounce a channel back and forth).
 */
const HAND_OVER_AFTER_MS = 5_000;
/** `acquire` reads the list of live replicas again only when it is older than this. */
const REPLICAS_FRESH_MS = 1_000;
/** A replica whose config lacks a channel waits this long before taking it (to dead-letter it). */
const UNKNOWN_CHANNEL_GRACE_MS = 30_000;

interface Held {
  token: number;
  /** Local epoch ms when it was granted. */
  since: number;
  /** Local epoch ms until which the lease may be used. */
  until: number;
  handedOverAt?: number;
}

/*
 * Takes free (or expired, or our own) leases for a list of channels in one statement. The
 * token grows on every grant, so an outcome written under an older token is refused. `old`
 * reads the rows as they were before the statement, to tell a takeover from a fresh lease.
 */
const ACQUIRE = `
  WITH want AS (SELECT DISTINCT unnest($2::text[]) AS channel),
  old AS (SELECT l.channel, l.owner, l.expires_at FROM leases l JOIN want USING (channel)),
  granted AS (
    INSERT INTO leases (channel, owner, token, expires_at)
    SELECT channel, $1, 1, herald_now_ms() + $3 FROM want
    ON CONFLICT (channel) DO UPDATE
      SET owner = EXCLUDED.owner, token = leases.token + 1, expires_at = EXCLUDED.expires_at
      WHERE leases.expires_at <= herald_now_ms() OR leases.owner = EXCLUDED.owner
    RETURNING channel, token
  )
  SELECT g.channel, g.token, o.owner AS previous_owner, o.expires_at AS previous_end, herald_now_ms() AS db_now
  FROM granted g LEFT JOIN old o USING (channel)`;

const RENEW = `
  UPDATE leases l SET expires_at = herald_now_ms() + $4
  FROM unnest($2::text[], $3::bigint[]) AS h(channel, token)
  WHERE l.channel = h.channel AND l.token = h.token AND l.owner = $1
  RETURNING l.channel`;

/** NOTIFY channel naming channels whose leases were just given back (a JSON array). */
export const LEASE_NOTIFY_CHANNEL = 'herald_lease';

/* Gives leases back and tells the other replicas, so the one each channel suits takes it at once. */
const RELEASE = `
  WITH released AS (
    UPDATE leases SET expires_at = herald_now_ms() WHERE owner = $1 AND channel = ANY($2::text[]) RETURNING channel
  )
  SELECT pg_notify('${LEASE_NOTIFY_CHANNEL}', (SELECT json_agg(channel)::text FROM released)) WHERE EXISTS (SELECT 1 FROM released)`;

const HEARTBEAT = `
  INSERT INTO replicas (id, host, pid, started_at, seen_at) VALUES ($1, $2, $3, herald_now_ms(), herald_now_ms())
  ON CONFLICT (id) DO UPDATE SET seen_at = herald_now_ms()`;

const LIVE = `SELECT id FROM replicas WHERE seen_at > herald_now_ms() - $1 ORDER BY id`;

/**
 * Channel leases in PostgreSQL (table `leases`): one replica at a time sends a channel's
 * deliveries, and its outcome writes carry the lease token (fencing, see PostgresStore).
 *
 * Spreading: each channel has a preferred replica among the live ones (rendezvous hashing
 * on replica id and channel name), which takes a free lease at once; any other replica
 * takes it only after it stayed free for FREE_GRACE_MS, so work never waits on a replica
 * that is gone. A replica gives back the idle channels another replica suits better.
 *
 * Failure: a replica that dies stops renewing; its leases expire LEASE_TTL_MS later and
 * the others take its channels. A replica that cannot reach the database stops using its
 * leases SAFETY_MS before they expire, so two replicas never both think they hold one.
 */
export class PgLeases implements ChannelLeases {
  readonly #pool: Pool;
  readonly #owner: string;
  readonly #log: Logger;
  readonly #clock: () => number;
  readonly #held = new Map<string, Held>();
  readonly #askAt = new Map<string, number>();
  readonly #idle = new Set<string>();
  /** When this replica first wanted a channel it does not hold (a non-preferred replica waits FREE_GRACE_MS from then). */
  readonly #firstAsked = new Map<string, number>();
  #replicas: string[];
  /** When the list of live replicas was last read (0: never). */
  #replicasReadAt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(pool: Pool, owner: string, log: Logger, clock: () => number = Date.now) {
    this.#pool = pool;
    this.#owner = owner;
    this.#log = log;
    this.#clock = clock;
    this.#replicas = [owner];
  }

  check(channel: string, now: number, known: boolean): LeaseCheck {
    const held = this.#held.get(channel);
    if (held && now < held.until && this.#shouldHandOver(channel, held, now)) {
      this.#handOver(channel, now);
      return { askAt: this.#askAt.get(channel)! };
    }
    if (held && now < held.until) {
      this.#idle.delete(channel);
      const lease: HeldLease = { channel, token: held.token };
      if (held.handedOverAt !== undefined) lease.handedOverAt = held.handedOverAt;
      return { lease };
    }
    if (held) this.#held.delete(channel);
    let askAt = this.#askAt.get(channel);
    if (askAt === undefined) {
      if (!this.#firstAsked.has(channel)) this.#firstAsked.set(channel, now);
      askAt = !known ? now + UNKNOWN_CHANNEL_GRACE_MS : this.#preferred(channel) ? now : now + FREE_GRACE_MS;
      this.#askAt.set(channel, askAt);
    }
    return { askAt };
  }

  async acquire(wanted: readonly string[]): Promise<void> {
    // Replicas that start together learn of one another here rather than at their next
    // heartbeat, so each first takes the channels that suit it (no hand-over needed later).
    if (this.#clock() - this.#replicasReadAt >= REPLICAS_FRESH_MS) await this.#refreshReplicas();
    const now0 = this.#clock();
    for (const c of wanted) if (!this.#firstAsked.has(c)) this.#firstAsked.set(c, now0);
    const channels = wanted.filter((c) => this.#preferred(c) || now0 - (this.#firstAsked.get(c) ?? now0) >= FREE_GRACE_MS);
    for (const c of wanted) if (!channels.includes(c)) this.#askAt.set(c, (this.#firstAsked.get(c) ?? now0) + FREE_GRACE_MS);
    if (channels.length === 0) return;
    const startedAt = this.#clock();
    const { rows } = await this.#pool.query<{ channel: string; token: number; previous_owner: string | null; previous_end: number | null; db_now: number }>(ACQUIRE, [
      this.#owner,
      channels,
      LEASE_TTL_MS,
    ]);
    const now = this.#clock();
    const granted = new Set<string>();
    for (const row of rows) {
      granted.add(row.channel);
      const held: Held = { token: Number(row.token), since: now, until: startedAt + LEASE_TTL_MS - SAFETY_MS };
      if (row.previous_owner !== null && row.previous_owner !== this.#owner && row.previous_end !== null) {
        // The previous holder's last send was before its lease ended: count the pace from there.
        held.handedOverAt = now - Math.max(0, Number(row.db_now) - Number(row.previous_end));
        this.#log.info({ channel: row.channel, previous_owner: row.previous_owner, lease_token: held.token }, 'channel taken over from another replica');
      }
      this.#held.set(row.channel, held);
      this.#askAt.delete(row.channel);
      this.#firstAsked.delete(row.channel);
    }
    for (const channel of channels) if (!granted.has(channel)) this.#askAt.set(channel, now + ASK_AGAIN_MS);
  }

  /** Another replica gave these channels back: the ones this replica suits are asked for at once. */
  released(channels: readonly string[]): void {
    const now = this.#clock();
    for (const c of channels) if (!this.#held.has(c) && this.#preferred(c)) this.#askAt.set(c, now);
  }

  idle(channel: string): void {
    if (this.#held.has(channel)) this.#idle.add(channel);
  }

  /** Heartbeat and renewals, now and every RENEW_EVERY_MS. */
  async start(): Promise<void> {
    await this.#tick();
    this.#timer = setInterval(() => void this.#tick(), RENEW_EVERY_MS);
    this.#timer.unref();
  }

  /** Gives every lease back (the others resume these channels at once) and leaves the replica list. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    const channels = [...this.#held.keys()];
    this.#held.clear();
    try {
      await this.#pool.query(RELEASE, [this.#owner, channels]);
      await this.#pool.query('DELETE FROM replicas WHERE id = $1', [this.#owner]);
    } catch (err) {
      this.#log.warn({ err: (err as Error).message }, 'could not give the channel leases back: other replicas take them when they expire');
    }
  }

  async #tick(): Promise<void> {
    try {
      await this.#refreshReplicas();
      await this.#renew();
      await this.#giveBack();
    } catch (err) {
      this.#log.warn({ err: (err as Error).message, held: this.#held.size }, 'could not renew channel leases: sends stop before they expire');
    }
  }

  /** Writes this replica's heartbeat and reads which replicas are live. */
  async #refreshReplicas(): Promise<void> {
    await this.#pool.query(HEARTBEAT, [this.#owner, hostname(), process.pid]);
    const { rows } = await this.#pool.query<{ id: string }>(LIVE, [REPLICA_LIVE_MS]);
    this.#replicas = rows.some((r) => r.id === this.#owner) ? rows.map((r) => r.id) : [...rows.map((r) => r.id), this.#owner];
    this.#replicasReadAt = this.#clock();
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const startedAt = this.#clock();
    const entries = [...this.#held.entries()];
    const { rows } = await this.#pool.query<{ channel: string }>(RENEW, [this.#owner, entries.map(([c]) => c), entries.map(([, h]) => h.token), LEASE_TTL_MS]);
    const renewed = new Set(rows.map((r) => r.channel));
    for (const [channel, held] of entries) {
      if (this.#held.get(channel) !== held) continue; // re-acquired meanwhile
      if (renewed.has(channel)) held.until = startedAt + LEASE_TTL_MS - SAFETY_MS;
      else {
        this.#held.delete(channel);
        this.#log.warn({ channel, lease_token: held.token }, 'channel lease lost to another replica');
      }
    }
  }

  /** Idle channels another live replica suits better go back; they leave `#held` before the query, so no send starts under them. */
  async #giveBack(): Promise<void> {
    const back = [...this.#idle].filter((c) => this.#held.has(c) && !this.#preferred(c));
    this.#idle.clear();
    if (back.length === 0) return;
    for (const channel of back) this.#held.delete(channel);
    await this.#pool.query(RELEASE, [this.#owner, back]);
  }

  /**
   * Channels go where they suit: replicas that start together each take what they hear of
   * first, before they know of one another; a busy channel is then moved, between two of
   * its sends (the worker asks `check` only when nothing is in flight on the channel).
   */
  #shouldHandOver(channel: string, held: Held, now: number): boolean {
    return this.#replicas.length > 1 && now - held.since >= HAND_OVER_AFTER_MS && !this.#preferred(channel);
  }

  /** Gives the lease back now; this replica asks for it again only if it is still free after the grace. */
  #handOver(channel: string, now: number): void {
    this.#held.delete(channel);
    this.#askAt.set(channel, now + FREE_GRACE_MS);
    this.#log.info({ channel }, 'channel handed over to the replica it suits');
    this.#pool.query(RELEASE, [this.#owner, [channel]]).catch((err: Error) => {
      this.#log.warn({ channel, err: err.message }, 'could not hand the channel over: it moves when its lease expires');
    });
  }

  #preferred(channel: string): boolean {
    let best = '';
    let bestScore = -1;
    for (const replica of this.#replicas) {
      const score = createHash('sha1').update(replica).update('\0').update(channel).digest().readUInt32BE(0);
      if (score > bestScore) [best, bestScore] = [replica, score];
    }
    return best === this.#owner;
  }
}
