import type { Secret } from '../../config/secret.js';
import { requireHeader, verifyHexHmac } from '../crypto.js';
import type { SourceRequest } from '../source.js';

export const SIGNATURE_HEADER = 'x-wp-llm-signature';

/**
 * WP LLM signs the raw body alone: hex HMAC-SHA256 in `X-WP-LLM-Signature`. There is no
 * timestamp, so replays are caught by event id dedupe. A `sha256=` prefix is accepted too.
 */
export function verifyWpLlm(req: SourceRequest, secrets: readonly Secret[]): void {
  const header = requireHeader(req.headers, SIGNATURE_HEADER);
  const signature = header.replace(/^sha256=/i, '');
  verifyHexHmac(signature, secrets, 'sha256', req.raw);
}
