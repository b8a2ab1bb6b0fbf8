import type { Secret } from '../../config/secret.js';
import { safeEqual } from '../crypto.js';
import { SourceError, type SourceRequest } from '../source.js';

/** Checks `?token=` in constant time; with no token configured (allow_unsigned) all pass. */
export function verifyPromptpal(req: SourceRequest, token: Secret | undefined): void {
  if (token === undefined || token.empty) return;
  const offered = req.query.token;
  if (offered === undefined || offered === '') throw new SourceError('missing_signature', 'token query parameter missing');
  if (!safeEqual(offered, token.reveal())) throw new SourceError('invalid_signature', 'token does not match');
}
