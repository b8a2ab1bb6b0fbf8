import type { NormalizedEvent } from '../events/event.js';
import type { StoredEvent } from './store.js';

/*
 * How the durable stores keep an event: `body` is the normalized event as JSON, without
 * `data` when the raw request body is stored beside it (`raw`), whose bytes then are the
 * event's `data`.
 */

/**
 * The normalized event as JSON without `data` (the raw body is stored beside it). The copy
 * is built key by key: a normalizer's event may be in V8's slow dictionary mode (keys
 * deleted), which JSON.stringify serializes at about half the speed.
 */
export function withoutData(event: NormalizedEvent): string {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(event)) if (key !== 'data') copy[key] = event[key as keyof NormalizedEvent];
  return JSON.stringify(copy);
}

/** The stored `body` of an event: with the raw body at hand, `data` is stored once, as received. */
export function eventBody(event: NormalizedEvent, raw: Buffer | undefined): string {
  return raw ? withoutData(event) : JSON.stringify(event);
}

export interface EventRow {
  key: number;
  body: string;
  raw: Buffer | null;
}

export function storedEvent(row: EventRow): StoredEvent {
  const event = JSON.parse(row.body) as NormalizedEvent;
  if (!row.raw) return { key: row.key, event };
  event.data = JSON.parse(row.raw.toString('utf8'));
  return { key: row.key, event, raw: row.raw };
}

/** The event as the delivery worker renders it (see Queue.renderable): `data` left out. */
export function renderableEvent(body: string): NormalizedEvent {
  const event = JSON.parse(body) as NormalizedEvent;
  // Only an event stored without its raw body (tests, older rows) has `data` in `body`.
  if (event.data !== undefined) event.data = undefined;
  return event;
}
