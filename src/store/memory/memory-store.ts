import type { NormalizedEvent } from '../../events/event.js';
import type {
  ChunkRequest,
  Delivery,
  DeliveryQuery,
  DeliveryTarget,
  Fence,
  HeldStream,
  IngestRequest,
  IngestResult,
  JobMessage,
  Store,
  StoredEvent,
  StreamChunk,
  StreamCompose,
  StreamEndRequest,
  StreamEndResult,
  StreamReleaseResult,
  StreamState,
} from '../store.js';

interface MemoryStream {
  source: string;
  streamId: string;
  eventKey: number;
  eventId: string;
  expected: number | undefined;
  releaseAt: number;
  releasedAt: number | undefined;
  included: number[];
  expiresAt: number;
}

/** `storage.driver: memory` — for demos and tests; everything is lost on exit. */
export class MemoryStore implements Store {
  #nextEventKey = 1;
  #nextDeliveryId = 1;
  readonly #events = new Map<number, StoredEvent & { receivedAt: number }>();
  readonly #deliveries = new Map<number, Delivery>();
  readonly #dedupe = new Map<string, number>();
  readonly #chunks = new Map<string, { index: number; text: string; expiresAt: number }[]>();
  readonly #streams = new Map<string, MemoryStream>();
  readonly #jobs = new Map<string, { job: JobMessage; updatedAt: number }>();
  #closed = false;

  async ingest(request: IngestRequest): Promise<IngestResult> {
    return this.#ingestNow(request);
  }

  #ingestNow({ event, raw, targets, dedupeUntil, now }: IngestRequest): IngestResult {
    this.#check();
    const dedupeKey = `${event.source}\u0000${event.id}`;
    const seenUntil = this.#dedupe.get(dedupeKey);
    if (seenUntil !== undefined && seenUntil > now) return { duplicate: true };
    this.#dedupe.set(dedupeKey, dedupeUntil);
    const key = this.#nextEventKey++;
    // Like the SQLite store, `data` is kept as the raw bytes: structuredClone (like
    // JSON.stringify) overflows the stack on deeply nested JSON.
    const stored = raw ? { key, event: structuredClone({ ...event, data: undefined }), raw: Buffer.from(raw) } : { key, event: structuredClone(event) };
    this.#events.set(key, { ...stored, receivedAt: now });
    this.#deliver(key, event, targets, now);
    return { duplicate: false, deliveries: targets.length, eventKey: key };
  }

  #deliver(key: number, event: NormalizedEvent, targets: readonly DeliveryTarget[], now: number): void {
    for (const t of targets) {
      const id = this.#nextDeliveryId++;
      this.#deliveries.set(id, {
        id,
        event_key: key,
        event_id: event.id,
        source: event.source,
        channel: t.channel,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
        last_error: null,
        mention: t.mention ?? null,
        follow: t.follow ?? null,
      });
    }
  }

  async endStream(request: StreamEndRequest): Promise<StreamEndResult> {
    const ingested = this.#ingestNow({ ...request, targets: [] });
    if (ingested.duplicate) return ingested;
    const { eventKey } = ingested;
    const key = `${request.event.source}\u0000${request.streamId}`;
    if (this.#streams.has(key)) return { duplicate: false, eventKey, deliveries: 0, held: false, repeated: true };
    const stream: MemoryStream = {
      source: request.event.source,
      streamId: request.streamId,
      eventKey,
      eventId: request.event.id,
      expected: request.expectedChunks,
      releaseAt: request.releaseAt,
      releasedAt: undefined,
      included: [],
      expiresAt: request.dedupeUntil,
    };
    this.#streams.set(key, stream);
    const released = this.#release(stream, request.now, request.compose);
    if (!released) return { duplicate: false, eventKey, deliveries: 0, held: true };
    return { duplicate: false, eventKey, deliveries: released.targets.length, held: false, released };
  }

  async releaseStream(source: string, streamId: string, now: number, compose: StreamCompose): Promise<StreamReleaseResult | undefined> {
    this.#check();
    const stream = this.#streams.get(`${source}\u0000${streamId}`);
    return stream && stream.releasedAt === undefined ? this.#release(stream, now, compose) : undefined;
  }

  #release(stream: MemoryStream, now: number, compose: StreamCompose): StreamReleaseResult | undefined {
    const stored = this.#events.get(stream.eventKey);
    if (!stored) {
      stream.releasedAt = now;
      return undefined;
    }
    const chunks: StreamChunk[] = [...(this.#chunks.get(`${stream.source}\u0000${stream.streamId}`) ?? [])]
      .sort((a, b) => a.index - b.index)
      .map(({ index, text }) => ({ index, text }));
    const composed = compose(structuredClone(stored.event), chunks, stream.expected);
    if (!composed) return undefined;
    stored.event = structuredClone(composed.event);
    this.#deliver(stream.eventKey, composed.event, composed.targets, now);
    Object.assign(stream, { releasedAt: now, included: chunks.map((c) => c.index) });
    return { eventKey: stream.eventKey, ...composed };
  }

  async heldStreams(): Promise<HeldStream[]> {
    this.#check();
    return [...this.#streams.values()]
      .filter((s) => s.releasedAt === undefined)
      .sort((a, b) => a.releaseAt - b.releaseAt)
      .map(({ source, streamId, eventKey, releaseAt }) => ({ source, streamId, eventKey, releaseAt }));
  }

  async streamState(source: string, streamId: string): Promise<StreamState | undefined> {
    this.#check();
    const s = this.#streams.get(`${source}\u0000${streamId}`);
    return s && { eventKey: s.eventKey, eventId: s.eventId, held: s.releasedAt === undefined, included: [...s.included] };
  }

  async addChunk(r: ChunkRequest): Promise<void> {
    this.#check();
    const key = `${r.source}\u0000${r.streamId}`;
    const list = this.#chunks.get(key) ?? [];
    if (!list.some((c) => c.index === r.index)) list.push({ index: r.index, text: r.text, expiresAt: r.expiresAt });
    this.#chunks.set(key, list);
  }

  async streamChunks(source: string, streamId: string): Promise<StreamChunk[]> {
    this.#check();
    const list = [...(this.#chunks.get(`${source}\u0000${streamId}`) ?? [])].sort((a, b) => a.index - b.index);
    return list.map((c) => ({ index: c.index, text: c.text }));
  }

  async head(channel: string): Promise<Delivery | undefined> {
    this.#check();
    for (const d of this.#deliveries.values()) if (d.channel === channel && d.status === 'pending') return { ...d };
    return undefined;
  }

  async pendingChannels(): Promise<string[]> {
    this.#check();
    return [...new Set([...this.#deliveries.values()].filter((d) => d.status === 'pending').map((d) => d.channel))];
  }

  async event(key: number): Promise<StoredEvent | undefined> {
    const found = this.#events.get(key);
    return found && copyOf(found);
  }

  async renderable(key: number): Promise<NormalizedEvent | undefined> {
    const found = this.#events.get(key);
    return found && { ...structuredClone(found.event), data: undefined };
  }

  async eventsById(id: string): Promise<StoredEvent[]> {
    return [...this.#events.values()].filter((e) => e.event.id === id).map(copyOf);
  }

  /** Changes a pending delivery; false when there is none (unknown, or already sent or dead). */
  #update(id: number, patch: Partial<Delivery>): boolean {
    this.#check();
    const d = this.#deliveries.get(id);
    if (!d || d.status !== 'pending') return false;
    Object.assign(d, patch);
    return true;
  }

  async markSent(id: number, now: number, _fence?: Fence, job?: JobMessage): Promise<void> {
    if (!this.#update(id, { status: 'sent', updated_at: now, last_error: null }) || !job) return;
    const key = jobKey(job.source, job.correlationId, job.channel);
    // A job message posted again (its first one deleted) keeps the job's start.
    const startedAt = this.#jobs.get(key)?.job.startedAt ?? job.startedAt;
    this.#jobs.set(key, { job: { ...job, ref: { ...job.ref }, startedAt }, updatedAt: now });
  }

  async jobMessage(source: string, correlationId: string, channel: string): Promise<JobMessage | undefined> {
    this.#check();
    const found = this.#jobs.get(jobKey(source, correlationId, channel))?.job;
    return found && { ...found, ref: { ...found.ref } };
  }

  async markRetry(id: number, attempts: number, nextAttemptAt: number, error: string, now: number): Promise<void> {
    this.#update(id, { attempts, next_attempt_at: nextAttemptAt, last_error: error, updated_at: now });
  }

  async postpone(id: number, nextAttemptAt: number, error: string, now: number): Promise<void> {
    this.#update(id, { next_attempt_at: nextAttemptAt, last_error: error, updated_at: now });
  }

  async markDead(id: number, error: string, now: number, attempts?: number): Promise<void> {
    this.#update(id, { status: 'dead', last_error: error, updated_at: now, ...(attempts === undefined ? {} : { attempts }) });
  }

  async delivery(id: number): Promise<Delivery | undefined> {
    const d = this.#deliveries.get(id);
    return d && { ...d };
  }

  async deliveries(query: DeliveryQuery): Promise<Delivery[]> {
    return [...this.#deliveries.values()]
      .filter(
        (d) =>
          (!query.status || d.status === query.status) &&
          (!query.channel || d.channel === query.channel) &&
          (query.eventKey === undefined || d.event_key === query.eventKey),
      )
      .slice(0, query.limit ?? 100)
      .map((d) => ({ ...d }));
  }

  async retryDead(filter: { ids?: number[]; channel?: string }, now: number): Promise<number> {
    let n = 0;
    for (const d of this.#deliveries.values()) {
      if (d.status !== 'dead' || (filter.ids && !filter.ids.includes(d.id)) || (filter.channel && d.channel !== filter.channel)) continue;
      Object.assign(d, { status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now });
      n++;
    }
    return n;
  }

  async purgeDead(olderThan: number): Promise<number> {
    let n = 0;
    for (const d of [...this.#deliveries.values()]) {
      if (d.status === 'dead' && d.updated_at < olderThan) (this.#deliveries.delete(d.id), n++);
    }
    return n;
  }

  async queueDepth(): Promise<Record<string, number>> {
    const depth: Record<string, number> = {};
    for (const d of this.#deliveries.values()) if (d.status === 'pending') depth[d.channel] = (depth[d.channel] ?? 0) + 1;
    return depth;
  }

  async prune(now: number, before: number): Promise<void> {
    for (const [k, until] of this.#dedupe) if (until <= now) this.#dedupe.delete(k);
    for (const [k, list] of this.#chunks) if (list.every((c) => c.expiresAt <= now)) this.#chunks.delete(k);
    for (const [k, s] of this.#streams) if (s.releasedAt !== undefined && s.expiresAt <= now) this.#streams.delete(k);
    for (const d of [...this.#deliveries.values()]) if (d.status === 'sent' && d.updated_at < before) this.#deliveries.delete(d.id);
    for (const [k, { updatedAt }] of this.#jobs) if (updatedAt < before) this.#jobs.delete(k);
    const referenced = new Set([...this.#deliveries.values()].map((d) => d.event_key));
    for (const s of this.#streams.values()) if (s.releasedAt === undefined) referenced.add(s.eventKey);
    for (const e of [...this.#events.values()]) if (e.receivedAt < before && !referenced.has(e.key)) this.#events.delete(e.key);
  }

  async writable(): Promise<boolean> {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('store closed');
  }
}

function jobKey(source: string, correlationId: string, channel: string): string {
  return `${source}\u0000${correlationId}\u0000${channel}`;
}

/** A caller's own copy of a stored event, `data` parsed from the raw body when there is one. */
function copyOf({ key, event, raw }: StoredEvent): StoredEvent {
  if (!raw) return { key, event: structuredClone(event) };
  return { key, event: { ...structuredClone(event), data: JSON.parse(raw.toString('utf8')) }, raw };
}
