import type { Secret } from '../../config/secret.js';
import { checkTimestamp, requireHeader, verifyHexHmac } from '../crypto.js';
import type { SourceRequest } from '../source.js';

/**
 * Promptha: `X-Promptha-Signature` is the hex HMAC-SHA256 of `${timestamp}.${body}`, with
 * the unix-seconds `X-Promptha-Timestamp` (docs: "Signature Verification"). The docs'
 * sample signs `JSON.stringify(req.body)`; Herald signs nothing but the raw bytes.
 */
export function verifyPromptha(req: SourceRequest, secrets: readonly Secret[], toleranceMs: number): void {
  const signature = requireHeader(req.headers, 'x-promptha-signature');
  const timestamp = requireHeader(req.headers, 'x-promptha-timestamp');
  checkTimestamp(timestamp, req.now, toleranceMs, 'Promptha');
  verifyHexHmac(signature, secrets, 'sha256', timestamp, '.', req.raw);
}
