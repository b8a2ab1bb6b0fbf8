import type { Webhook } from 'standardwebhooks';
import { checkTimestamp, safeEqual } from '../crypto.js';
import { SourceError, type SourceRequest } from '../source.js';

/**
 * The three headers of the scheme. Senders built on Svix send the same values as `svix-id`,
 * `svix-timestamp` and `svix-signature` (Svix's verifier is this scheme under other names);
 * the `webhook-*` name wins when a request carries both.
 */
const HEADER_NAMES = {
  id: ['webhook-id', 'svix-id'],
  timestamp: ['webhook-timestamp', 'svix-timestamp'],
  signature: ['webhook-signature', 'svix-signature'],
} as const;

type HeaderRole = keyof typeof HEADER_NAMES;

/** The first non-blank of a role's header names, trimmed. */
export function headerOf(headers: SourceRequest['headers'], role: HeaderRole): string | undefined {
  for (const name of HEADER_NAMES[role]) {
    const value = headers[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The role's header, or missing_signature naming its standard name. */
function requireRole(headers: SourceRequest['headers'], role: HeaderRole): string {
  const value = headerOf(headers, role);
  if (value === undefined) throw new SourceError('missing_signature', `${HEADER_NAMES[role][0]} header missing`);
  return value;
}

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com): `webhook-signature`
 * holds space-separated `v1,<base64>` HMACs of `${id}.${timestamp}.${body}`.
 *
 * The signature is computed by the `standardwebhooks` package (`Webhook#sign`), but not
 * checked with its `verify()`: that one reads the wall clock and fixes the tolerance at
 * 5 minutes, while Herald's tolerance is configurable and its clock is injected. So the
 * timestamp is checked here against `tolerance`, then every secret's signature is compared
 * in constant time with every `v1` entry (rotation on both sides).
 */
export function verifyStandardWebhook(req: SourceRequest, webhooks: readonly Webhook[], toleranceMs: number): void {
  const id = requireRole(req.headers, 'id');
  const timestamp = requireRole(req.headers, 'timestamp');
  const header = requireRole(req.headers, 'signature');
  const seconds = checkTimestamp(timestamp, req.now, toleranceMs, 'Standard Webhooks');

  const offered = header
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice('v1,'.length));
  let ok = false;
  for (const webhook of webhooks) {
    const expected = webhook.sign(id, new Date(seconds * 1000), req.raw).slice('v1,'.length);
    // No early exit: timing must not reveal which secret or entry matched.
    for (const signature of offered) if (safeEqual(signature, expected)) ok = true;
  }
  if (!ok) throw new SourceError('invalid_signature', 'no matching v1 signature');
}
