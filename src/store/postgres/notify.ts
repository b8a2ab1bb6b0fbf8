/**
 * Wake-ups between replicas. Every transaction that queues deliveries also runs
 * `pg_notify(WORK_NOTIFY_CHANNEL, payload)`; PostgreSQL delivers the notification when the
 * transaction commits (never if it rolls back), so a listening replica hears only of work
 * it can already read.
 *
 * The payload is a JSON array of the distinct channel names that gained pending
 * deliveries, or WORK_NOTIFY_RESCAN when that list would not fit in a notification.
 */
export const WORK_NOTIFY_CHANNEL = 'herald_work';

/** Payload meaning "look at every channel": the list of names was too long to send. */
export const WORK_NOTIFY_RESCAN = '*';

/**
 * Longest payload sent as a list. PostgreSQL refuses payloads of 8000 bytes or more; the
 * margin leaves room for the server's own encoding of the message.
 */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7000;

/** The payload announcing work on these channels. */
export function workNotifyPayload(channels: Iterable<string>): string {
  const json = JSON.stringify([...new Set(channels)]);
  return Buffer.byteLength(json, 'utf8') > MAX_NOTIFY_PAYLOAD_BYTES ? WORK_NOTIFY_RESCAN : json;
}

/**
 * The channels a payload names, or WORK_NOTIFY_RESCAN when every channel should be looked
 * at (a rescan payload, or one this version cannot read).
 */
export function parseWorkNotifyPayload(payload: string | undefined): string[] | typeof WORK_NOTIFY_RESCAN {
  if (payload === undefined || payload === WORK_NOTIFY_RESCAN) return WORK_NOTIFY_RESCAN;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (Array.isArray(parsed) && parsed.every((c) => typeof c === 'string')) return parsed as string[];
  } catch {
    // fall through: an unreadable payload still means there is work somewhere
  }
  return WORK_NOTIFY_RESCAN;
}
