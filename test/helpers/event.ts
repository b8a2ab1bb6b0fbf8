import type { NormalizedEvent } from '../../src/events/event.js';

/** A small valid normalized event for store/worker tests. */
export function sampleEvent(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    id: 'evt_1',
    source: 'wpllm',
    provider: 'wp-llm',
    type: 'generation.completed',
    category: 'generation',
    status: 'completed',
    severity: 'success',
    title: 'Code generation completed',
    fields: [],
    items: [],
    links: [],
    occurred_at: '2026-01-01T00:00:00.000Z',
    received_at: '2026-01-01T00:00:00.000Z',
    data: {},
    ...overrides,
  };
}
