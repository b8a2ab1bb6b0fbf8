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

  constructor(options: { store?: () => Store | undefined; defaults?: boolean } = {}) {
    const registers = [this.registry];
    this.eventsReceived = new Counter({
      name: 'herald_events_received_total',
      help: 'Webhook requests by source, event type and outcome (accepted, duplicate, rejected codes).',
      labelNames: ['source', 'type', 'outcome'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'herald_deliveries_total',
      help: 'Delivery attempts by channel, platform and outcome (sent, retry, rate_limited, dead).',
      labelNames: ['channel', 'platform', 'outcome'],
      registers,
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
}
