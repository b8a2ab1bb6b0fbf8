import type { FastifyBaseLogger } from 'fastify';
import type { NormalizedEvent } from '../events/event.js';
import type { Metrics } from '../metrics.js';
import type { Runtime } from '../runtime.js';
import type { StreamMark } from '../sources/source.js';
import type { Store, StreamCompose, StreamEndResult, StreamReleaseResult } from '../store/store.js';
import { completionBody } from '../sources/normalize-helpers.js';
import { assembleStream, progressNote, streamProgress, type StreamProgress } from './assemble.js';

export interface StreamHolderDeps {
  runtime: () => Runtime;
  store: Store;
  metrics: Metrics;
  log: FastifyBaseLogger;
  /** Wakes the delivery worker for channels that just got deliveries. */
  notify: (channels: string[]) => void;
  clock?: () => number;
}

export interface ChunkArrival {
  id: string;
  streamId: string;
  index: number;
  text: string;
}

/** Route option `stream_update` when it is not set: how often a running stream's message is updated. */
const DEFAULT_STREAM_UPDATE_MS = 2000;

/** Running streams whose last update slot this process remembers (the oldest are forgotten first). */
const MAX_TRACKED_STREAMS = 1000;

/** After a store error, held streams are looked at again this much later. */
const RETRY_MS = 1000;

/**
 * Streams whose end arrived before all their chunks (ParrotRouter senders retry and run in
 * parallel). The end is committed at once — held in the store with no deliveries, so it
 * blocks no channel — and released, its deliveries queued then, as soon as the missing
 * chunks arrive or, at the latest, when its wait (`stream_wait`) is over, with what it has
 * and a "k of n chunks received" note. The deadline lives in the store, so a held stream
 * survives a crash and is released by the next start. A chunk that comes after its stream
 * was delivered is stored, counted and logged: never lost silently.
 */
export class StreamHolder {
  readonly #deps: StreamHolderDeps;
  readonly #clock: () => number;
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #releasing: Promise<void> | undefined;
  /** The time slot of the last live update this process queued, per running stream. */
  readonly #updateSlots = new Map<string, number>();

  constructor(deps: StreamHolderDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? Date.now;
  }

  /** Releases what is overdue (streams held before a restart) and keeps timing the rest. */
  async start(): Promise<void> {
    this.#started = true;
    await this.releaseDue();
  }

  stop(): void {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Commits a stream's end: delivered at once when complete, else held (200 either way). */
  async end(source: string, event: NormalizedEvent, stream: StreamMark, raw: Buffer, now: number): Promise<StreamEndResult> {
    const { config } = this.#deps.runtime();
    const releaseAt = now + (stream.waitMs ?? 0);
    const compose = this.#composer(false);
    const result = await this.#deps.store.endStream({
      event,
      raw,
      dedupeUntil: now + config.dedupe_window,
      now,
      streamId: stream.id,
      ...(stream.totalChunks === undefined ? {} : { expectedChunks: stream.totalChunks }),
      releaseAt,
      compose: compose.fn,
    });
    if (result.duplicate) return result;
    const ids = { event_id: event.id, source, stream_id: stream.id };
    if (result.released) this.#delivered(source, stream.id, result.released, compose.progress);
    else if (result.repeated) this.#deps.log.info(ids, 'stream already ended: this end is stored, not delivered');
    else {
      this.#deps.log.info({ ...ids, waiting_for: compose.progress && progressNote(compose.progress), release_at: new Date(releaseAt).toISOString() }, 'stream held for missing chunks');
      this.#schedule(releaseAt);
    }
    return result;
  }

  /** Stores a chunk; it may complete a held stream, or come after its stream was delivered. */
  async chunk(source: string, chunk: ChunkArrival, now: number): Promise<void> {
    const { store, runtime } = this.#deps;
    await store.addChunk({ source, streamId: chunk.streamId, index: chunk.index, text: chunk.text, expiresAt: now + runtime().config.dedupe_window });
    const state = await store.streamState(source, chunk.streamId);
    if (!state) return this.#liveUpdate(source, chunk.streamId, now);
    if (state.held) {
      const compose = this.#composer(false);
      const released = await store.releaseStream(source, chunk.streamId, now, compose.fn);
      if (released) this.#delivered(source, chunk.streamId, released, compose.progress);
      return;
    }
    if (state.included.includes(chunk.index)) return; // a resent chunk the message already holds
    this.#deps.metrics.streamLateChunks.inc({ source });
    this.#deps.log.warn(
      { source, stream_id: chunk.streamId, chunk_id: chunk.id, chunk_index: chunk.index, event_id: state.eventId },
      'stream chunk arrived after its stream was delivered: stored, but not in the posted message',
    );
    await this.#editAfterLateChunk(source, chunk.streamId, chunk.index, state.eventKey, now);
  }

  /**
   * A chunk came after the stream's final edit: channels that follow the job by editing
   * (`follow: edit`) get one more edit with the text assembled from every chunk now stored.
   * The stream's end is normalized again from its stored raw body (its stored event is
   * the composed message), so the note and fields say what is there now.
   */
  async #editAfterLateChunk(source: string, streamId: string, index: number, eventKey: number, now: number): Promise<void> {
    const { runtime, store } = this.#deps;
    const { config, router, sources } = runtime();
    const stored = await store.event(eventKey);
    const parser = sources.get(source);
    if (!stored?.raw || !parser) return;
    let inbound;
    try {
      inbound = parser.parse({ raw: stored.raw, headers: {}, query: {}, now: new Date(now) });
    } catch {
      return; // it was accepted once; a source config changed since may read it otherwise
    }
    if (inbound.kind !== 'event') return;
    const chunks = await store.streamChunks(source, streamId);
    const assembled = assembleStream({ ...inbound.event, source }, chunks, inbound.stream?.totalChunks, true);
    if (!assembled) return;
    assembled.id = `${inbound.event.id}#late-${index}`;
    const targets = router.route(assembled).targets.filter((t) => t.follow === 'edit');
    if (targets.length === 0) return;
    const result = await store.ingest({ event: assembled, targets, dedupeUntil: now + config.dedupe_window, now });
    if (!result.duplicate) this.#deps.notify(targets.map((t) => t.channel));
  }

  /**
   * While a stream runs, channels whose route has `follow: edit` see its text so far: an
   * `llm.streaming.update` event, routed like any event but only to those channels, at
   * most once per `stream_update` (the route option) per stream. Its id names the time
   * slot, so the store's dedupe keeps one per slot whichever replica got the chunk. Updates
   * are deliveries like the rest: after the start in each channel's order, paced, and
   * followed by the end's final edit with the complete text.
   */
  async #liveUpdate(source: string, streamId: string, now: number): Promise<void> {
    const { runtime, store } = this.#deps;
    const { config, router } = runtime();
    const at = new Date(now).toISOString();
    const event: NormalizedEvent = {
      id: `${streamId}#update`,
      source,
      provider: config.sources[source]?.type ?? source,
      type: 'llm.streaming.update',
      category: 'stream',
      status: 'progress',
      severity: 'info',
      title: 'LLM stream in progress',
      fields: [],
      items: [],
      links: [],
      correlation_id: streamId,
      occurred_at: at,
      received_at: at,
      data: undefined,
    };
    // Routed before its text is read: a stream nobody follows costs no read per chunk.
    const targets = router.route(event).targets.filter((t) => t.follow === 'edit');
    if (targets.length === 0) return;
    const every = Math.min(...targets.map((t) => t.streamUpdateMs ?? DEFAULT_STREAM_UPDATE_MS));
    const slot = Math.floor(now / every);
    // This process already queued this slot's update: skip the read (another replica's is
    // caught by the store's dedupe below).
    const key = `${source}\u0000${streamId}`;
    if (this.#updateSlots.get(key) === slot) return;
    this.#updateSlots.delete(key); // re-inserted last: the map's order is oldest stream first
    this.#updateSlots.set(key, slot);
    if (this.#updateSlots.size > MAX_TRACKED_STREAMS) this.#updateSlots.delete(this.#updateSlots.keys().next().value!);
    const body = completionBody((await store.streamChunks(source, streamId)).map((c) => c.text).join(''));
    if (body) event.body = body;
    event.id = `${streamId}#update-${slot}`;
    const result = await store.ingest({ event, targets, dedupeUntil: now + config.dedupe_window, now });
    if (!result.duplicate) this.#deps.notify(targets.map((t) => t.channel));
  }

  /** Releases every held stream whose wait is over, with what it has; times the next one. */
  releaseDue(): Promise<void> {
    this.#releasing ??= this.#releaseDue().finally(() => (this.#releasing = undefined));
    return this.#releasing;
  }

  async #releaseDue(): Promise<void> {
    const now = this.#clock();
    try {
      for (const held of await this.#deps.store.heldStreams()) {
        if (held.releaseAt > now) {
          this.#schedule(held.releaseAt);
          return;
        }
        const compose = this.#composer(true);
        const released = await this.#deps.store.releaseStream(held.source, held.streamId, now, compose.fn);
        if (released) this.#delivered(held.source, held.streamId, released, compose.progress);
      }
    } catch (err) {
      this.#deps.log.warn({ err: (err as Error).message }, 'could not release held streams; retrying');
      this.#schedule(now + RETRY_MS);
    }
  }

  /** Composes a stream's message and routes it; `progress` tells what the last call saw. */
  #composer(final: boolean): { fn: StreamCompose; progress: StreamProgress | undefined } {
    const result: { fn: StreamCompose; progress: StreamProgress | undefined } = { fn: () => undefined, progress: undefined };
    result.fn = (event, chunks, expected) => {
      result.progress = streamProgress(chunks, expected);
      const assembled = assembleStream(event, chunks, expected, final);
      return assembled && { event: assembled, targets: this.#deps.runtime().router.route(assembled).targets };
    };
    return result;
  }

  #delivered(source: string, streamId: string, released: StreamReleaseResult, progress: StreamProgress | undefined): void {
    const channels = released.targets.map((t) => t.channel);
    if (channels.length > 0) this.#deps.notify(channels);
    const complete = progress?.complete ?? true;
    this.#deps.log[complete ? 'info' : 'warn'](
      { event_id: released.event.id, source, stream_id: streamId, chunks: progress && progressNote(progress), deliveries: channels.length, channels },
      complete ? 'stream assembled' : 'stream delivered incomplete after its wait',
    );
  }

  #schedule(at: number): void {
    if (!this.#started || (this.#timer && at >= this.#timerAt)) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.releaseDue();
    }, Math.max(0, at - this.#clock()));
    this.#timer.unref();
  }
}
