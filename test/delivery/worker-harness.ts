import { pino } from 'pino';
import type { Adapter, RenderedMessage, SendResult } from '../../adapters/adapter.js';
import { DeliveryError } from '../../adapters/http.js';
import type { HeraldConfig } from '../../src/config/schema.js';
import { Secret } from '../../src/config/secret.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { Metrics } from '../../src/metrics.js';
import { Router } from '../../src/routing/router.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { sampleEvent } from '../helpers/event.js';

export type Reply = 'ok' | DeliveryError | (() => SendResult | DeliveryError);

export interface SentRecord {
  channel: string;
  eventId: string;
  at: number;
}

/**
 * A fake platform adapter whose replies are scripted per channel, and a worker wired to a
 * memory store. Time is whatever the test's fake timers say.
 */
export function workerHarness(channelNames: string[], delivery: Partial<HeraldConfig['delivery']> = {}, rate = { count: 1000, perMs: 1000 }) {
  const store = new MemoryStore();
  const sent: SentRecord[] = [];
  const replies = new Map<string, Reply[]>();
  const inFlight = new Map<string, number>();
  let maxInFlightPerChannel = 0;
  let maxInFlightTotal = 0;
  let sendDelayMs = 0;

  const adapter: Adapter<{ platform: string; name?: string }> = {
    platform: 'fake',
    configSchema: undefined as never,
    defaultRate: rate,
    render: (event, channel): RenderedMessage => ({ payload: { id: event.id, channel: channel.name }, summary: event.title }),
    async send(message, channel): Promise<SendResult> {
      const name = channel.name!;
      inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
      maxInFlightPerChannel = Math.max(maxInFlightPerChannel, inFlight.get(name)!);
      maxInFlightTotal = Math.max(maxInFlightTotal, [...inFlight.values()].reduce((a, b) => a + b, 0));
      try {
        if (sendDelayMs) await new Promise((r) => setTimeout(r, sendDelayMs));
        sent.push({ channel: name, eventId: (message.payload as { id: string }).id, at: Date.now() });
        const next = replies.get(name)?.shift() ?? 'ok';
        const reply = typeof next === 'function' ? next() : next;
        if (reply instanceof DeliveryError) throw reply;
        return reply === 'ok' ? {} : reply;
      } finally {
        inFlight.set(name, inFlight.get(name)! - 1);
      }
    },
    limitScopes: (channel) => [`fake:${channel.name}`, 'fake:global'],
    describe: (channel) => `fake ${channel.name}`,
  };

  const config = {
    server: { host: '127.0.0.1', port: 0, body_limit: 1 << 20, admin_token: new Secret('') },
    storage: { driver: 'memory', path: '', sync: 'full' },
    delivery: { concurrency: 8, max_attempts: 8, max_age: 86_400_000, timeout: 10_000, ...delivery },
    dedupe_window: 86_400_000,
    platforms: { slack: { api_url: 'http://127.0.0.1:1/' }, discord: { api_url: 'http://127.0.0.1:1/' } },
    sources: {},
    channels: Object.fromEntries(channelNames.map((name) => [name, { platform: 'fake', name }])),
    routes: [],
    disabled_channels: [],
  } as unknown as HeraldConfig;
  const runtime = { config, sources: new Map(), router: new Router([]) };
  const metrics = new Metrics({ store: () => store, defaults: false });
  const worker = new DeliveryWorker({
    runtime: () => runtime,
    store,
    metrics,
    log: pino({ level: 'silent' }),
    adapterFor: () => adapter as Adapter,
    random: () => 0.5,
  });

  let seq = 0;
  return {
    store,
    worker,
    metrics,
    sent,
    script(channel: string, ...r: Reply[]) {
      replies.set(channel, [...(replies.get(channel) ?? []), ...r]);
    },
    setSendDelay(ms: number) {
      sendDelayMs = ms;
    },
    get maxInFlightPerChannel() {
      return maxInFlightPerChannel;
    },
    get maxInFlightTotal() {
      return maxInFlightTotal;
    },
    async enqueue(channel: string, count = 1) {
      for (let i = 0; i < count; i++) {
        seq++;
        await store.ingest({ event: sampleEvent({ id: `e${seq}` }), targets: [{ channel }], dedupeUntil: Date.now() + 1e9, now: Date.now() });
      }
      worker.notify([channel]);
    },
  };
}
