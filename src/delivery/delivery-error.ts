/**
 * The one error an adapter's `send` throws: a stable `code`, whether it is worth retrying
 * (derived from the code), and how long the platform asked to wait. The delivery worker
 * decides every outcome from it; adapters/http.ts classifies HTTP answers into it.
 */

export type DeliveryErrorCode =
  | 'RATE_LIMITED' // 429 or a platform's "ratelimited": wait, then retry without using an attempt
  | 'SERVER' // 5xx, 408 or a platform's internal error: retry with backoff
  | 'NETWORK' // connection refused/reset, DNS
  | 'TIMEOUT' // no answer within `delivery.timeout`
  | 'AUTH' // 401/403, bad token
  | 'GONE' // 404/410: the webhook or channel no longer exists
  | 'MESSAGE_GONE' // an edit or thread reply whose message was deleted: post a new one
  | 'TOO_LARGE' // 413 or a platform's "too long"
  | 'REJECTED' // any other 4xx / platform error: the payload or config is wrong
  | 'BUG'; // not a DeliveryError at all: a Herald bug, treated as permanent

const RETRYABLE: ReadonlySet<DeliveryErrorCode> = new Set(['RATE_LIMITED', 'SERVER', 'NETWORK', 'TIMEOUT']);

export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode;
  readonly retryable: boolean;
  /** How long the platform asked us to wait, when it said. */
  readonly retryAfterMs?: number;
  /** Which rate-limit scope the wait covers (see Adapter.limitScopes); undefined = this destination. */
  readonly scope?: string;
  readonly status?: number;

  constructor(
    code: DeliveryErrorCode,
    message: string,
    options: { retryAfterMs?: number; scope?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.scope !== undefined) this.scope = options.scope;
    if (options.status !== undefined) this.status = options.status;
  }

  /** What logs and the admin API show: never the cause (SDK errors may carry request config). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.scope !== undefined ? { scope: this.scope } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
    };
  }
}

/** Wraps anything thrown by adapter code into a DeliveryError (non-DeliveryErrors are bugs). */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('BUG', `unexpected error: ${message}`, { cause: err });
}
