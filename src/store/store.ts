import type { NormalizedEvent } from '../events/event.js';

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

/**
 * How later events of a job reach a channel (route option `follow`): `edit` the job's
 * message in place, or reply in its `thread`. Without it, every event is its own message.
 */
export type FollowMode = 'edit' | 'thread';

/**
 * Where a posted message is, as its platform names it (Slack `channel` + `ts`, a Discord
 * message `id`, a thread's id…): enough to edit it or reply under it later. Opaque to the
 * core; each adapter reads its own.
 */
export type MessageRef = Readonly<Record<string, string>>;

/** The message that stands for one job (source + correlation id) in one channel. */
export interface JobMessage {
  source: string;
  correlationId: string;
  channel: string;
  ref: MessageRef;
  /** When the job's first event was accepted (epoch ms): shown as the job's start. */
  startedAt: number;
}

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
  /** The route's `follow` for this channel, or null: every event its own message. */
  follow: FollowMode | null;
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
  targets: { channel: string; mention?: string; follow?: FollowMode }[];
  /** Until this epoch ms, the same source + event id is a duplicate. */
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

/** One stored chunk of a stream. */
export interface StreamChunk {
  index: number;
  text: string;
}

export type DeliveryTarget = IngestRequest['targets'][number];

/**
 * Decides what a held stream becomes, from its end event, the chunks committed so far (in
 * index order) and the chunk count the end announced: the event to deliver and where to,
 * or undefined to keep holding. The store calls it inside the transaction that queues the
 * deliveries, so no chunk can be committed between the decision and its deliveries.
 */
export type StreamCompose = (
  event: NormalizedEvent,
  chunks: StreamChunk[],
  expectedChunks: number | undefined,
) => { event: NormalizedEvent; targets: DeliveryTarget[] } | undefined;

export interface StreamEndRequest extends Omit<IngestRequest, 'targets'> {
  streamId: string;
  /** The chunk count the end event announced, when it did. */
  expectedChunks?: number;
  /** A held stream is released no later than this epoch ms (see `releaseStream`). */
  releaseAt: number;
  compose: StreamCompose;
}

/** A released stream: its event as composed, and where its deliveries went. */
export interface StreamReleaseResult {
  eventKey: number;
  event: NormalizedEvent;
  targets: DeliveryTarget[];
}

export type StreamEndResult =
  | { duplicate: true }
  | {
      duplicate: false;
      eventKey: number;
      /** Deliveries queued now: 0 while the stream is held. */
      deliveries: number;
      held: boolean;
      /** Another end of the same stream was stored before: this one is kept, not delivered. */
      repeated?: boolean;
      /** Set when the stream was released at once. */
      released?: StreamReleaseResult;
    };

export interface HeldStream {
  source: string;
  streamId: string;
  eventKey: number;
  releaseAt: number;
}

export interface StreamState {
  /** The stream's end event: what the stream became (or will become). */
  eventKey: number;
  eventId: string;
  held: boolean;
  /** Chunk indexes the delivered message holds (empty while held). */
  included: number[];
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  channel?: string;
  eventKey?: number;
  limit?: number;
}

/**
 * A channel lease as the worker held it when it started a send: outcome writes carry it, and
 * a store shared by replicas refuses the write (FencedOutError) once another replica has
 * taken the channel. Single-process stores ignore it.
 */
export interface Fence {
  channel: string;
  token: number;
}

/**
 * What the webhook receiver writes and reads: events, their dedupe and deliveries, stream
 * chunks and held streams.
 */
export interface Inbox {
  /** Stores the event and its deliveries atomically, or reports a duplicate (source + id). */
  ingest(request: IngestRequest): Promise<IngestResult>;
  /** Stores one streamed chunk; a repeated (stream, index) is ignored. */
  addChunk(request: ChunkRequest): Promise<void>;
  /** The stream's chunks in index order (they expire with the dedupe window). */
  streamChunks(source: string, streamId: string): Promise<StreamChunk[]>;
  /**
   * Stores a stream's end event like `ingest` (dedupe, event) and remembers the stream,
   * then asks `compose` in the same transaction: when it answers, the stream is released at
   * once (event replaced by the composed one, deliveries queued); otherwise it is held,
   * with no deliveries, until `releaseStream`. Deliveries are created at release, so they
   * take their place in each channel's FIFO then and block nothing while held.
   */
  endStream(request: StreamEndRequest): Promise<StreamEndResult>;
  /**
   * Releases a held stream if `compose` answers: in one transaction, the stream's event is
   * replaced by the composed one and its deliveries queued. Undefined when the stream is not
   * held (unknown, or already released) or compose keeps holding it.
   */
  releaseStream(source: string, streamId: string, now: number, compose: StreamCompose): Promise<StreamReleaseResult | undefined>;
  /** Every held stream, soonest deadline first. */
  heldStreams(): Promise<HeldStream[]>;
  /** Whether a stream's end has arrived, and if delivered, which chunks it held. */
  streamState(source: string, streamId: string): Promise<StreamState | undefined>;
}

/** What the delivery worker reads and writes: channel FIFOs and outcomes. */
export interface Queue {
  /** The oldest pending delivery of a channel (its FIFO head). */
  head(channel: string): Promise<Delivery | undefined>;
  /** Channels with at least one pending delivery. */
  pendingChannels(): Promise<string[]>;
  /**
   * A stored event as the delivery worker renders it: the normalized event with `data` left
   * undefined. Renderers never read `data`, so the raw body is neither read nor parsed.
   */
  renderable(key: number): Promise<NormalizedEvent | undefined>;

  /*
   * Outcomes. Each changes a pending delivery only (a delivery already sent or dead is left
   * alone), so repeating a write whose result was lost (a failed fsync after the commit)
   * is harmless: the worker retries these writes until they succeed. With a `fence`, a
   * shared store rejects the write with FencedOutError when the lease has moved on.
   */
  markSent(id: number, now: number, fence?: Fence, job?: JobMessage): Promise<void>;
  /**
   * The job's message in a channel, when one was posted and recorded (`markSent` with
   * `job`: the reference is written in the same transaction as "sent", so a restart keeps
   * editing the same message).
   */
  jobMessage(source: string, correlationId: string, channel: string): Promise<JobMessage | undefined>;
  /** A failed attempt: records the attempt count (see Delivery.attempts) and the next try. */
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number, fence?: Fence): Promise<void>;
  /** A rate-limit wait: does not count an attempt. */
  postpone(id: number, nextAttemptAt: number, error: string, now: number, fence?: Fence): Promise<void>;
  /** A dead letter; `attempts` when the decision followed a request (omitted: the count stays). */
  markDead(id: number, error: string, now: number, attempts?: number, fence?: Fence): Promise<void>;
}

/** What the CLI, the admin API, metrics and housekeeping read and change. */
export interface Admin {
  /** A stored event with its `data` (parsed from the raw body) and the raw body itself. */
  event(key: number): Promise<StoredEvent | undefined>;
  /** Events with this provider event id (usually one; ids are unique per source). */
  eventsById(id: string): Promise<StoredEvent[]>;
  delivery(id: number): Promise<Delivery | undefined>;
  deliveries(query: DeliveryQuery): Promise<Delivery[]>;
  /** Dead → pending again with attempts reset; returns how many. */
  retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number>;
  purgeDead(olderThan: number): Promise<number>;
  /** Pending deliveries per channel. */
  queueDepth(): Promise<Record<string, number>>;
  /**
   * Forgets expired chunks, sent deliveries older than `before`, and events older than
   * `before` whose dedupe has expired and that no delivery or held stream refers to.
   */
  prune(now: number, before: number): Promise<void>;
}

/**
 * Herald's durable state. Every method that resolves has committed (SQLite: fsync'd with
 * `sync: full`; PostgreSQL: committed with its default synchronous commit); a rejection
 * means nothing of that call was written. Nothing above this interface may assume one
 * engine. Consumers depend on the part they use: the receiver on Inbox, the worker on
 * Queue, the CLI and admin API on Admin.
 */
export interface Store extends Inbox, Queue, Admin {
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

/**
 * An outcome write refused because the channel's lease has moved to another replica (or
 * expired): the delivery is the new holder's now, and this outcome must not be retried.
 */
export class FencedOutError extends Error {
  constructor(fence: Fence) {
    super(`lease on channel "${fence.channel}" (token ${fence.token}) is no longer held: outcome not recorded`);
    this.name = 'FencedOutError';
  }
}
