import type { Fence } from './store.js';

/** A channel lease this process holds: send under its fence. */
export interface HeldLease extends Fence {
  /**
   * Set when the lease was just taken over from another process whose lease ended at this
   * epoch ms (local clock): that process may have sent up to the channel's rate right
   * before, so the channel's pace window counts from here.
   */
  handedOverAt?: number;
}

/** Whether this process may send a channel's deliveries now. */
export type LeaseCheck = { lease: HeldLease } | { askAt: number };

/**
 * Which process sends each channel. Per channel, one process at a time holds a lease and
 * sends the channel's FIFO head; its outcome writes carry the lease's fence, so a process
 * whose lease has moved on can never record an outcome.
 */
export interface ChannelLeases {
  /**
   * Holds the lease now (synchronous: from what this process last heard), or when to ask
   * for it. `known`: the channel is in this process's config. Replicas may run different
   * configs for a while (a rolling change): one that does not know a channel asks for it
   * only after a replica that does had ample time to take it, since it could only
   * dead-letter its deliveries.
   */
  check(channel: string, now: number, known: boolean): LeaseCheck;
  /** Asks for the leases of channels whose `check` said to ask; resolves when the answer is in. */
  acquire(channels: readonly string[]): Promise<void>;
  /** The channel has no pending delivery here: its lease may go to a process that suits it better. */
  idle(channel: string): void;
}

/** Rate-limit pauses shared by every process sending to the same platforms. */
export interface SharedPauses {
  /** Tells the other processes that `scope` is paused for `waitMs` from now. */
  publish(scope: string, waitMs: number): void;
}

/** What the delivery worker hears from the other processes sharing its store. */
export interface CoordinationHooks {
  /** Deliveries were queued for these channels (`all`: rescan every channel). */
  onWork(channels: readonly string[] | 'all'): void;
  /** Another process paused `scope` for `waitMs` from now. */
  onPause(scope: string, waitMs: number): void;
}

/**
 * How the processes sharing a store divide the work: leases, shared pauses, wake-ups. A
 * single process (SQLite, memory) needs none of it: `soloCoordination` holds every lease.
 */
export interface Coordination {
  readonly leases: ChannelLeases;
  readonly pauses: SharedPauses;
  start(hooks: CoordinationHooks): Promise<void>;
  /** Releases this process's leases so others resume its channels at once. */
  stop(): Promise<void>;
}

/** The only process on its store: every lease is its own, nothing to share or hear. */
export function soloCoordination(): Coordination {
  return {
    leases: {
      check: (channel) => ({ lease: { channel, token: 0 } }),
      acquire: () => Promise.resolve(),
      idle: () => {},
    },
    pauses: { publish: () => {} },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
