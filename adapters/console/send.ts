import type { FollowUp, RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, safeCause } from '../http.js';

/** Numbers the messages this process printed: the reference an edit names. */
let printed = 0;

/** Marks a job's message printed again with its latest state (a terminal cannot edit what it printed). */
const UPDATED = '(updated) ';

/**
 * Writes the rendered text and a newline to `ctx.stdout`. Resolves once the stream took
 * the chunk; fails only when the stream reports an error (e.g. EPIPE on a closed pipe).
 * An edit prints the new text again, its first line marked "(updated)".
 */
export function sendConsole(message: RenderedMessage, ctx: SendContext, followUp?: FollowUp): Promise<SendResult> {
  if (followUp && followUp.mode !== 'edit') return Promise.reject(new DeliveryError('BUG', `console cannot ${followUp.mode}`));
  const rendered = typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload);
  const text = followUp ? `${UPDATED}${rendered}` : rendered;
  return new Promise<SendResult>((resolve, reject) => {
    try {
      ctx.stdout.write(`${text}\n`, (err) => {
        if (err) reject(new DeliveryError('NETWORK', `console: cannot write to stdout: ${err.message}`, { cause: safeCause(err, []) }));
        else resolve(followUp ? {} : { ref: { seq: String((printed += 1)) } });
      });
    } catch (err) {
      reject(new DeliveryError('NETWORK', 'console: cannot write to stdout', { cause: safeCause(err, []) }));
    }
  });
}
