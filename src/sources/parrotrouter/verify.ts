import type { Secret } from '../../config/secret.js';
import { checkTimestamp, requireHeader, verifyHexHmac } from '../crypto.js';
import { SourceError, type SourceRequest } from '../source.js';

/** The algorithms Herald accepts in `X-Webhook-Algorithm`; absent means sha256. */
const ALGORITHMS = ['sha256', 'sha512'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/**
 * ParrotRouter (guide: "HMAC Signature Implementation"): `X-Webhook-Signature` is the hex
 * HMAC of `${timestamp}.${body}`, `X-Webhook-Timestamp` unix seconds, and
 * `X-Webhook-Algorithm` names the hash. The guide's sample hands that header straight to
 * createHmac, letting a sender pick md5; here only sha256 and sha512 are honoured and any
 * other value is invalid_signature. The guide only rejects old timestamps; future ones
 * are rejected too.
 */
export function verifyParrotrouter(req: SourceRequest, secrets: readonly Secret[], toleranceMs: number): void {
  const signature = requireHeader(req.headers, 'x-webhook-signature');
  const timestamp = requireHeader(req.headers, 'x-webhook-timestamp');
  const algorithm = algorithmOf(req.headers['x-webhook-algorithm']);
  checkTimestamp(timestamp, req.now, toleranceMs, 'ParrotRouter');
  verifyHexHmac(signature, secrets, algorithm, timestamp, '.', req.raw);
}

function algorithmOf(header: string | undefined): Algorithm {
  const name = header?.trim().toLowerCase() || 'sha256';
  const found = ALGORITHMS.find((a) => a === name);
  if (!found) throw new SourceError('invalid_signature', 'unsupported signature algorithm');
  return found;
}
