import type { Delivery } from './store.js';

/** How a delivery is shown, by the admin API and `herald dlq list --json`: times as ISO strings. */
export function deliveryView(d: Delivery) {
  return {
    id: d.id,
    event_id: d.event_id,
    source: d.source,
    channel: d.channel,
    status: d.status,
    attempts: d.attempts,
    last_error: d.last_error,
    next_attempt_at: new Date(d.next_attempt_at).toISOString(),
    created_at: new Date(d.created_at).toISOString(),
    updated_at: new Date(d.updated_at).toISOString(),
  };
}
