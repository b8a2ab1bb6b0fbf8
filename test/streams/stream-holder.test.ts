import { describe, expect, it } from 'vitest';
import { REGISTRIES } from '../../src/cli/context.js';
import { parseConfigText } from '../../src/config/loader.js';
import { Metrics } from '../../src/metrics.js';
import { buildRuntime } from '../../src/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { assembleStream, streamProgress } from '../../src/streams/assemble.js';
import { StreamHolder } from '../../src/streams/stream-holder.js';
import { capturingLogger } from '../helpers/app.js';
import { sampleEvent } from '../helpers/event.js';

const T0 = 1_700_000_000_000;
const WAIT_MS = 30_000;

const CONFIG = `
storage: { driver: memory }
sources:
  parrot: { type: parrotrouter, secret: s }
channels:
  local: { platform: console }
  alerts: { platform: console }
routes:
  - to: [local]
  - match: { severity: warning }
    to: [alerts]
`;

function setup() {
  const loaded = parseConfigText(CONFIG, {}, REGISTRIES);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const runtime = buildRuntime(loaded.config, REGISTRIES.sources);
  const store = new MemoryStore();
  const metrics = new Metrics({ defaults: false });
  const { logger, lines } = capturingLogger();
  const notified: string[][] = [];
  let now = T0;
  const holder = new StreamHolder({ runtime: () => runtime, store, metrics, log: logger, notify: (c) => notified.push(c), clock: () => now });
  const endEvent = sampleEvent({ id: 'evt_end', source: 'parrot', provider: 'parrotrouter', type: 'llm.streaming.end', category: 'stream', title: 'LLM stream completed' });
  return {
    store,
    metrics,
    lines,
    notified,
    advance: (ms: number) => (now += ms),
    end: (totalChunks?: number) =>
      holder.end('parrot', endEvent, { id: 'req_1', role: 'end', waitMs: WAIT_MS, ...(totalChunks === undefined ? {} : { totalChunks }) }, Buffer.from('{}'), now),
    chunk: (index: number, text: string) => holder.chunk('parrot', { id: `evt_chunk_${index}`, streamId: 'req_1', index, text }, now),
    releaseDue: () => holder.releaseDue(),
    delivered: async () => (await store.eventsById('evt_end'))[0]!.event,
  };
}

describe('stream holder', () => {
  it('stream hold – an end before its last chunk is held, then delivered at once with the whole text and no note', async () => {
    const s = setup();
    await s.chunk(0, 'one ');
    expect(await s.end(3)).toMatchObject({ held: true, deliveries: 0 });
    await s.chunk(2, 'three');
    expect(await s.store.queueDepth()).toEqual({});
    await s.chunk(1, 'two ');
    expect(await s.store.queueDepth()).toEqual({ local: 1 });
    expect(s.notified).toEqual([['local']]);
    const event = await s.delivered();
    expect(event.body).toEqual({ format: 'markdown', content: 'one two three' });
    expect(event.severity).toBe('success');
    expect(JSON.stringify(event)).not.toMatch(/chunks received/);
    // The deadline later finds nothing to do: delivered exactly once.
    s.advance(WAIT_MS);
    await s.releaseDue();
    expect(await s.store.queueDepth()).toEqual({ local: 1 });
  });

  it('stream hold – at its deadline a stream is delivered with what it has and a "k of n chunks received" note', async () => {
    const s = setup();
    await s.chunk(0, 'one ');
    await s.chunk(1, 'two ');
    await s.end(3);
    s.advance(WAIT_MS - 1);
    await s.releaseDue();
    expect(await s.store.queueDepth()).toEqual({});

    s.advance(1);
    await s.releaseDue();
    const event = await s.delivered();
    expect(event.body?.content).toBe('one two ');
    expect(event.summary).toMatch(/^2 of 3 chunks received/);
    expect(event.fields).toContainEqual({ name: 'Chunks', value: '2 of 3 chunks received' });
    expect(event.severity).toBe('warning');
    // Routed as delivered: the warning now also matches the severity route.
    expect(await s.store.queueDepth()).toEqual({ local: 1, alerts: 1 });
    expect(s.lines.find((l) => l.msg === 'stream delivered incomplete after its wait')).toMatchObject({ level: 40, chunks: '2 of 3 chunks received' });
  });

  it('stream hold – without totalChunks a gap in the indexes holds the stream until it is filled', async () => {
    const s = setup();
    await s.chunk(0, 'a');
    await s.chunk(2, 'c');
    expect(await s.end()).toMatchObject({ held: true, deliveries: 0 });
    await s.chunk(1, 'b');
    expect((await s.delivered()).body?.content).toBe('abc');
  });

  it('stream hold – without totalChunks and without a gap the end is delivered at once', async () => {
    const s = setup();
    await s.chunk(0, 'a');
    await s.chunk(1, 'b');
    expect(await s.end()).toMatchObject({ held: false, deliveries: 1 });
    expect((await s.delivered()).body?.content).toBe('ab');
  });

  it('stream hold – a chunk after its stream was delivered is stored, counted and logged; a resent one is not', async () => {
    const s = setup();
    await s.chunk(0, 'one ');
    await s.end(2);
    s.advance(WAIT_MS);
    await s.releaseDue();
    await s.chunk(0, 'one ');
    expect((await s.metrics.streamLateChunks.get()).values).toEqual([]);

    await s.chunk(1, 'two');
    expect((await s.metrics.streamLateChunks.get()).values).toEqual([expect.objectContaining({ labels: { source: 'parrot' }, value: 1 })]);
    expect(s.lines.find((l) => l.level === 40 && l.chunk_index === 1)).toMatchObject({ source: 'parrot', stream_id: 'req_1', event_id: 'evt_end' });
    expect((await s.store.streamChunks('parrot', 'req_1')).map((c) => c.text).join('')).toBe('one two');
  });
});

describe('stream assembly', () => {
  const chunks = (...indexes: number[]) => indexes.map((index) => ({ index, text: `c${index} ` }));

  it('stream assembly – progress counts distinct expected chunks; a gap or a short count is incomplete', () => {
    expect(streamProgress(chunks(0, 1, 2), 3)).toEqual({ received: 3, expected: 3, complete: true });
    expect(streamProgress(chunks(0, 2), undefined)).toEqual({ received: 2, expected: 3, complete: false });
    expect(streamProgress(chunks(0, 1), undefined)).toEqual({ received: 2, expected: 2, complete: true });
    expect(streamProgress([], 0)).toEqual({ received: 0, expected: 0, complete: true });
    expect(streamProgress(chunks(0, 5), 2)).toEqual({ received: 1, expected: 2, complete: false });
  });

  it('stream assembly – an incomplete stream waits until final, and keeps an existing summary after the note', () => {
    const event = sampleEvent({ summary: 'Summarize the notes', fields: [{ name: 'Chunks', value: '3' }] });
    expect(assembleStream(event, chunks(0), 3, false)).toBeUndefined();
    const final = assembleStream(event, chunks(0), 3, true)!;
    expect(final.summary).toBe('1 of 3 chunks received · Summarize the notes');
    expect(final.fields).toEqual([{ name: 'Chunks', value: '1 of 3 chunks received' }]);
    expect(assembleStream(event, [], 1, true)!.body).toBeUndefined();
  });
});
