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
  /** Transient failures so far (rate-limit waits do not count). */
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
  /**
   * The request body exactly as received, when it was stored (`event.data` is parsed from
   * it). The admin API serves these bytes instead of re-serializing `data`, which fails on
   * deeply nested JSON.
   */
  raw?: Buffer;
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

  markSent(id: number, now: number): Promise<void>;
  /** A transient failure: counts an attempt and sets the next try. */
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number): Promise<void>;
  /** A rate-limit wait: does not count an attempt. */
  postpone(id: number, nextAttemptAt: number, error: string, now: number): Promise<void>;
  markDead(id: number, error: string, now: number): Promise<void>;

  delivery(id: number): Promise<Delivery | undefined>;
  deliveries(query: DeliveryQuery): Promise<Delivery[]>;
  /** Dead → pending again with attempts reset; returns how many. */
  retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number>;
  purgeDead(olderThan: number): Promise<number>;
  /** Pending deliveries per channel. */
  queueDepth(): Promise<Record<string, number>>;
  /** Forgets expired dedupe entries and chunks, and sent deliveries/events older than `before`. */
  prune(now: number, before: number): Promise<void>;
  /** True when a write can be committed right now. */
  writable(): Promise<boolean>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
