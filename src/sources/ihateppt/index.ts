import { timestampedHmacSource } from '../timestamped-hmac-source.js';
import { parseIhateppt, PROVIDER } from './normalize.js';
import { ihatepptSamples } from './samples.js';
import { verifyIhateppt } from './verify.js';

/** I Hate PPT: `X-Webhook-Signature: sha256=<hex>` over `${timestamp}.${body}`, plus `X-Webhook-Event`. */
export const ihatepptSource = timestampedHmacSource({
  type: PROVIDER,
  verify: verifyIhateppt,
  parse: parseIhateppt,
  samples: ihatepptSamples,
  headers: (signature, timestamp, raw) => {
    const headers: Record<string, string> = { 'X-Webhook-Signature': `sha256=${signature}`, 'X-Webhook-Timestamp': timestamp };
    const type = eventType(raw);
    if (type) headers['X-Webhook-Event'] = type;
    return headers;
  },
  signatureHeader: 'x-webhook-signature',
});

function eventType(raw: Buffer): string | undefined {
  try {
    const type = (JSON.parse(raw.toString('utf8')) as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
