import type { Secret } from '../../config/secret.js';
import { checkTimestamp, requireHeader, verifyHexHmac } from '../crypto.js';
import { SourceError, type SourceRequest } from '../source.js';
import { challengeSchema } from './schema.js';

/**
 * I Hate PPT: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "${timestamp}.${body}">`
 * with `X-Webhook-Timestamp` in unix seconds (docs: "Signature Verification").
 *
 * The verification challenge sent when a webhook is configured may come unsigned, so it
 * passes without signature headers; any request that carries them must verify.
 */
export function verifyIhateppt(req: SourceRequest, secrets: readonly Secret[], toleranceMs: number): void {
  const signature = req.headers['x-webhook-signature']?.trim();
  const timestamp = req.headers['x-webhook-timestamp']?.trim();
  if (!signature && !timestamp) {
    if (isChallenge(req.raw)) return;
    throw new SourceError('missing_signature', 'x-webhook-signature header missing');
  }
  const header = requireHeader(req.headers, 'x-webhook-signature');
  const ts = requireHeader(req.headers, 'x-webhook-timestamp');
  checkTimestamp(ts, req.now, toleranceMs, 'I Hate PPT');
  verifyHexHmac(header.replace(/^sha256=/i, ''), secrets, 'sha256', ts, '.', req.raw);
}

export function isChallenge(raw: Buffer): boolean {
  try {
    return challengeSchema.safeParse(JSON.parse(raw.toString('utf8'))).success;
  } catch {
    return false;
  }
}
