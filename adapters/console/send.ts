import type { RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, safeCause } from '../http.js';

/**
 * Writes the rendered text and a newline to `ctx.stdout`. Resolves once the stream took
 * the chunk; fails only when the stream reports an error (e.g. EPIPE on a closed pipe).
 */
export function sendConsole(message: RenderedMessage, ctx: SendContext): Promise<SendResult> {
  const text = typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload);
  return new Promise<SendResult>((resolve, reject) => {
    try {
      ctx.stdout.write(`${text}\n`, (err) => {
        if (err) reject(new DeliveryError('NETWORK', `console: cannot write to stdout: ${err.message}`, { cause: safeCause(err, []) }));
        else resolve({});
      });
    } catch (err) {
      reject(new DeliveryError('NETWORK', 'console: cannot write to stdout', { cause: safeCause(err, []) }));
    }
  });
}
