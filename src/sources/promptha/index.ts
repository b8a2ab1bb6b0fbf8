import { timestampedHmacSource } from '../timestamped-hmac-source.js';
import { parsePromptha, PROVIDER } from './normalize.js';
import { prompthaSamples } from './samples.js';
import { verifyPromptha } from './verify.js';

/** Promptha: `X-Promptha-Signature` = hex HMAC-SHA256 of `${X-Promptha-Timestamp}.${body}`. */
export const prompthaSource = timestampedHmacSource({
  type: PROVIDER,
  verify: verifyPromptha,
  parse: parsePromptha,
  samples: prompthaSamples,
  headers: (signature, timestamp) => ({ 'X-Promptha-Signature': signature, 'X-Promptha-Timestamp': timestamp }),
  signatureHeader: 'x-promptha-signature',
});
