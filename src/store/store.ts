import type { NormalizedEvent } from '../events/event.js';

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

export interface Delivery {
  /** Ascending in acceptance order: per channel, deliveries go out in id order. */
  id: number;
  /** Internal key of the stored event (see StoredEvent.key). */
  event_key: number;
  event_id: string;
  source: string;
  channel: string;
  status: DeliveryStatus;
  /**
   * Failed attempts: requests made for this delivery that failed. A rate-limit answer
   * (429) is not a failure and is not counted; a sent delivery keeps the count of the
   * failures that preceded its success; `retryDead` resets it to 0. The CLI, the admin
   * API, the logs and `max_attempts` all use this one number.
   */
  attempts: number;
  /** Epoch ms before which the delivery is not retried. */
  next_attempt_at: number;
  created_at: number;
  updated_at: number;
  last_error: string | null;
  mention: string | null;
}

export interface StoredEvent {
  key: number;
  event: NormalizedEvent;
}

export interface IngestRequest {
  event: NormalizedEvent;
  /** The request body as received; when given, it is stored as the event's `data`. */
  raw?: Buffer;
  targets: { channel: string; mention?: string }[];
  /** The dedupe entry (source + event id) expires at this epoch ms. */
  dedupeUntil: number;
  now: number;
}

export type IngestResult = { duplicate: true } | { duplicate: false; deliveries: number; eventKey: number };

export interface ChunkRequest {
  source: string;
  streamId: string;
  index: number;
  text: string;
  expiresAt: number;
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  channel?: string;
  eventKey?: number;
  limit?: number;
}

/**
 * Herald's durable state. Every method that resolves has committed (SQLite: fsync'd with
 * `sync: full`); a rejection means nothing of that call was written. Nothing above this
 * interface may assume SQLite: a Redis implementation must fit it too.
 */
export interface Store {
  /** Stores the event and its deliveries atomically, or reports a duplicate (source + id). */
  ingest(request: IngestRequest): Promise<IngestResult>;
  /** Stores one streamed chunk; a repeated (stream, index) is ignored. */
  addChunk(request: ChunkRequest): Promise<void>;
  /** The stream's chunks joined in index order (they expire with the dedupe window). */
  streamText(source: string, streamId: string): Promise<string>;

  /** The oldest pending delivery of a channel (its FIFO head). */
  head(channel: string): Promise<Delivery | undefined>;
  /** Channels with at least one pending delivery. */
  pendingChannels(): Promise<string[]>;
  event(key: number): Promise<StoredEvent | undefined>;
  /** Events with this provider event id (usually one; ids are unique per source). */
  eventsById(id: string): Promise<StoredEvent[]>;

  /*
   * Outcomes. Each changes a pending delivery only (a delivery already sent or dead is left
   * alone), so repeating a write whose result was lost (a failed fsync after the commit)
   * is harmless: the worker retries these writes until they succeed.
   */
  markSent(id: number, now: number): Promise<void>;
  /** A failed attempt: records the attempt count (see Delivery.attempts) and the next try. */
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number): Promise<void>;
  /** A rate-limit wait: does not count an attempt. */
  postpone(id: number, nextAttemptAt: number, error: string, now: number): Promise<void>;
  /** A dead letter; `attempts` when the decision followed a request (omitted: the count stays). */
  markDead(id: number, error: string, now: number, attempts?: number): Promise<void>;

  delivery(id: number): Promise<Delivery | undefined>;
  deliveries(query: DeliveryQuery): Promise<Delivery[]>;
  /** Dead → pending again with attempts reset; returns how many. */
  retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number>;
  purgeDead(olderThan: number): Promise<number>;
  /** Pending deliveries per channel. */
  queueDepth(): Promise<Record<string, number>>;
  /** Forgets expired dedupe entries and chunks, and sent deliveries/events older than `before`. */
  prune(now: number, before: number): Promise<void>;
  /**
   * False from a write that failed for want of a usable store until a write succeeds
   * again (what `/readyz` reports). Cheap: it writes nothing while writes succeed.
   */
  writable(): Promise<boolean>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
