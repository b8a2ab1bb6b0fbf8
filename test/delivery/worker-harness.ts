import { pino } from 'pino';
import type { HeraldConfig } from '../../src/config/schema.js';
import { Secret } from '../../src/config/secret.js';
import type { Adapter, AnyAdapter, RenderedMessage, SendResult } from '../../src/delivery/adapter.js';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { Metrics } from '../../src/metrics.js';
import { Router } from '../../src/routing/router.js';
import type { Coordination } from '../../src/store/coordination.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { StoreUnavailableError } from '../../src/store/store.js';
import { sampleEvent } from '../helpers/event.js';

export type Reply = 'ok' | DeliveryError | (() => SendResult | DeliveryError);

export interface SentRecord {
  channel: string;
  eventId: string;
  at: number;
}

const GATED = new Set(['markSent', 'markRetry', 'postpone', 'markDead', 'head', 'pendingChannels', 'renderable'] as const);
type StoreMethod = typeof GATED extends Set<infer M> ? M : never;

/**
 * A memory store whose methods can be made to fail like a full or broken disk
 * (`failNext`), and that counts their calls.
 */
export function flakyStore() {
  const target = new MemoryStore();
  const failing = new Map<StoreMethod, number>();
  const calls: Partial<Record<StoreMethod, number>> = {};
  const store = new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      if (!GATED.has(prop as StoreMethod)) return value.bind(obj);
      const method = prop as StoreMethod;
      return async (...args: unknown[]) => {
        calls[method] = (calls[method] ?? 0) + 1;
        const left = failing.get(method) ?? 0;
        if (left > 0) {
          failing.set(method, left - 1);
          throw new StoreUnavailableError('store unavailable: SQLITE_FULL');
        }
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
  return {
    store,
    calls,
    /** The next `times` calls of `method` fail with SQLITE_FULL (Infinity: until `heal`). */
    failNext(method: StoreMethod, times: number) {
      failing.set(method, times);
    },
    heal(method: StoreMethod) {
      failing.delete(method);
    },
  };
}

export interface HarnessOptions {
  /** Channels that share one destination (one webhook): channel → destination name. */
  destinations?: Record<string, string>;
  /** Leases, shared pauses and wake-ups as other processes would give them (default: alone). */
  coordination?: Coordination;
}

/**
 * A fake platform adapter whose replies are scripted per channel, and a worker wired to a
 * memory store. Time is whatever the test's fake timers say.
 */
export function workerHarness(
  channelNames: string[],
  delivery: Partial<HeraldConfig['delivery']> = {},
  rate = { count: 1000, perMs: 1000 },
  options: HarnessOptions = {},
) {
  const flaky = flakyStore();
  const store = flaky.store;
  const sent: SentRecord[] = [];
  const down = new Set<string>();
  const logs: Record<string, unknown>[] = [];
  const replies = new Map<string, Reply[]>();
  const inFlight = new Map<string, number>();
  let maxInFlightPerChannel = 0;
  let maxInFlightTotal = 0;
  let sendDelayMs = 0;

  const adapter: Adapter<{ platform: string; name?: string }> = {
    platform: 'fake',
    configSchema: undefined as never,
    defaultRate: rate,
    renderFormats: {},
    render: (event, channel): RenderedMessage => ({ payload: { id: event.id, channel: channel.name }, summary: event.title }),
    async send(message, channel): Promise<SendResult> {
      const name = channel.name!;
      inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
      maxInFlightPerChannel = Math.max(maxInFlightPerChannel, inFlight.get(name)!);
      maxInFlightTotal = Math.max(maxInFlightTotal, [...inFlight.values()].reduce((a, b) => a + b, 0));
      try {
        if (sendDelayMs) await new Promise((r) => setTimeout(r, sendDelayMs));
        sent.push({ channel: name, eventId: (message.payload as { id: string }).id, at: Date.now() });
        const destination = options.destinations?.[name] ?? name;
        const next = down.has(destination) ? new DeliveryError('SERVER', 'fake answered 503', { status: 503 }) : replies.get(name)?.shift() ?? 'ok';
        const reply = typeof next === 'function' ? next() : next;
        if (reply instanceof DeliveryError) throw reply;
        return reply === 'ok' ? {} : reply;
      } finally {
        inFlight.set(name, inFlight.get(name)! - 1);
      }
    },
    limitScopes: (channel) => [`fake:${options.destinations?.[channel.name!] ?? channel.name}`, 'fake:global'],
    describe: (channel) => `fake ${channel.name}`,
  };

  const config = {
    server: { host: '127.0.0.1', port: 0, body_limit: 1 << 20, admin_token: new Secret('') },
    storage: { driver: 'memory', path: '', sync: 'full' },
    delivery: { concurrency: 8, max_attempts: Infinity, max_age: 86_400_000, backoff_max: 300_000, timeout: 10_000, ...delivery },
    dedupe_window: 86_400_000,
    platforms: {},
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
    log: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
    adapters: [adapter as AnyAdapter],
    random: () => 0.5,
    ...(options.coordination ? { coordination: options.coordination } : {}),
  });

  let seq = 0;
  return {
    store,
    /** Store failures: `failNext(method, times)`, `heal(method)`, `calls`. */
    flaky,
    worker,
    metrics,
    sent,
    logs,
    /** While down, every send to this destination (a channel name unless `destinations` maps it) answers 503. */
    setDown(destination: string, isDown: boolean) {
      if (isDown) down.add(destination);
      else down.delete(destination);
    },
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
    /** Queues `count` events, each routed to every one of `channels`. */
    async fanOut(channels: string[], count = 1) {
      for (let i = 0; i < count; i++) {
        seq++;
        await store.ingest({ event: sampleEvent({ id: `e${seq}` }), targets: channels.map((channel) => ({ channel })), dedupeUntil: Date.now() + 1e9, now: Date.now() });
      }
      worker.notify(channels);
    },
  };
}
