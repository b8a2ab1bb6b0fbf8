import type { Webhook } from 'standardwebhooks';
import { checkTimestamp, requireHeader, safeEqual } from '../crypto.js';
import { SourceError, type SourceRequest } from '../source.js';

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
  const id = requireHeader(req.headers, 'webhook-id');
  const timestamp = requireHeader(req.headers, 'webhook-timestamp');
  const header = requireHeader(req.headers, 'webhook-signature');
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
