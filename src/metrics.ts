import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from './store/store.js';

/**
 * Prometheus series (README "Operations" lists them), one registry per app so tests don't share state.
 * Labels never carry secrets: channel and source names come from the config's keys.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsReceived: Counter<'source' | 'type' | 'outcome'>;
  readonly deliveries: Counter<'channel' | 'platform' | 'outcome'>;
  readonly deliveryLatency: Histogram<'channel' | 'platform'>;
  readonly rateLimitWaits: Counter<'platform'>;
  readonly deadLetters: Counter<'channel' | 'platform'>;
  readonly queueDepth: Gauge<'channel'>;
  readonly payloadDrift: Counter<'source' | 'field'>;
  readonly streamLateChunks: Counter<'source'>;
  readonly followUps: Counter<'platform' | 'outcome'>;
  readonly #events = new Tally(['source', 'type', 'outcome']);
  readonly #deliveries = new Tally(['channel', 'platform', 'outcome']);

  constructor(options: { store?: () => Store | undefined; defaults?: boolean } = {}) {
    const registers = [this.registry];
    const events = this.#events;
    this.eventsReceived = new Counter({
      name: 'herald_events_received_total',
      help: 'Webhook requests by source, event type and outcome (accepted, duplicate, rejected codes).',
      labelNames: ['source', 'type', 'outcome'],
      registers,
      collect() {
        events.flushInto(this);
      },
    });
    const deliveries = this.#deliveries;
    this.deliveries = new Counter({
      name: 'herald_deliveries_total',
      help: 'Delivery attempts by channel, platform and outcome (sent, retry, rate_limited, dead).',
      labelNames: ['channel', 'platform', 'outcome'],
      registers,
      collect() {
        deliveries.flushInto(this);
      },
    });
    this.deliveryLatency = new Histogram({
      name: 'herald_delivery_latency_seconds',
      help: 'Time from an event being accepted to its delivery being confirmed by the platform.',
      labelNames: ['channel', 'platform'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.rateLimitWaits = new Counter({
      name: 'herald_rate_limit_waits_total',
      help: 'Times a platform answered a rate limit (or asked for a pause) and Herald waited.',
      labelNames: ['platform'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'herald_dead_letters_total',
      help: 'Deliveries given up on (permanent error, max_attempts or max_age).',
      labelNames: ['channel', 'platform'],
      registers,
    });
    this.payloadDrift = new Counter({
      name: 'herald_payload_drift_total',
      help: 'Accepted events with a field of an unexpected type, by source and field path (array indexes collapsed).',
      labelNames: ['source', 'field'],
      registers,
    });
    this.followUps = new Counter({
      name: 'herald_follow_ups_total',
      help: "Later events of a job by platform and outcome: edited (the job's message), replied (in its thread), reposted (its message was gone: a new one).",
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.streamLateChunks = new Counter({
      name: 'herald_stream_late_chunks_total',
      help: 'Stream chunks that arrived after their stream had been delivered (stored, not in the posted message).',
      labelNames: ['source'],
      registers,
    });
    const storeOf = options.store;
    this.queueDepth = new Gauge({
      name: 'herald_queue_depth',
      help: 'Pending deliveries per channel.',
      labelNames: ['channel'],
      registers,
      async collect() {
        const store = storeOf?.();
        if (!store) return;
        this.reset();
        try {
          for (const [channel, n] of Object.entries(await store.queueDepth())) this.set({ channel }, n);
        } catch {
          // A store that can't answer shows up in /readyz; metrics stay scrapeable.
        }
      },
    });
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'herald_' });
  }

  /** One webhook request (`herald_events_received_total`): the ingest path's counter. */
  countEvent(source: string, type: string, outcome: string): void {
    this.#events.add(source, type, outcome);
  }

  /** One delivery outcome (`herald_deliveries_total`). */
  countDelivery(channel: string, platform: string, outcome: string): void {
    this.#deliveries.add(channel, platform, outcome);
  }
}

interface Cell {
  labels: Record<string, string>;
  /** Counted since the counter last collected. */
  pending: number;
}

/**
 * Counts by three label values, in cells a hot path finds with three map look-ups and no
 * allocation; the counter adds them to itself when it is collected (scraped). prom-client's
 * own `inc(labels)` (and its labelled children, which only bind the labels) builds and
 * validates a key string from the label object on every call.
 */
class Tally {
  readonly #names: readonly [string, string, string];
  readonly #cells = new Map<string, Map<string, Map<string, Cell>>>();

  constructor(names: readonly [string, string, string]) {
    this.#names = names;
  }

  add(a: string, b: string, c: string): void {
    let byA = this.#cells.get(a);
    if (!byA) this.#cells.set(a, (byA = new Map()));
    let byB = byA.get(b);
    if (!byB) byA.set(b, (byB = new Map()));
    let cell = byB.get(c);
    if (!cell) {
      const [na, nb, nc] = this.#names;
      byB.set(c, (cell = { labels: { [na]: a, [nb]: b, [nc]: c }, pending: 0 }));
    }
    cell.pending++;
  }

  flushInto(counter: Counter<string>): void {
    for (const byA of this.#cells.values()) {
      for (const byB of byA.values()) {
        for (const cell of byB.values()) {
          if (cell.pending === 0) continue;
          counter.inc(cell.labels, cell.pending);
          cell.pending = 0;
        }
      }
    }
  }
}
