/**
 * Outbound HTTP for adapters: one POST (never retried here — the delivery worker owns
 * retrying, in durable state) and one table that classifies every failure.
 */

export type DeliveryErrorCode =
  | 'RATE_LIMITED' // 429 or a platform's "ratelimited": wait, then retry without using an attempt
  | 'SERVER' // 5xx, 408 or a platform's internal error: retry with backoff
  | 'NETWORK' // connection refused/reset, DNS
  | 'TIMEOUT' // no answer within `delivery.timeout`
  | 'AUTH' // 401/403, bad token
  | 'GONE' // 404/410: the webhook or channel no longer exists
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
}

/** Wraps anything thrown by adapter code into a DeliveryError (non-DeliveryErrors are bugs). */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('BUG', `unexpected error: ${message}`, { cause: err });
}

/**
 * `Retry-After` as seconds (decimals allowed) or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The one status → code table. Adapters add only their quirks on top. */
export function classifyStatus(status: number): DeliveryErrorCode | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 429) return 'RATE_LIMITED';
  if (status === 408 || status >= 500) return 'SERVER';
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 404 || status === 410) return 'GONE';
  if (status === 413) return 'TOO_LARGE';
  return 'REJECTED';
}

export interface PostResult {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * POSTs JSON once. Network failures and timeouts become DeliveryErrors; HTTP statuses are
 * returned for the adapter to classify (it knows its platform's quirks).
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { signal: AbortSignal; timeoutMs: number; headers?: Record<string, string> },
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (timeout.aborted) throw new DeliveryError('TIMEOUT', `no response within ${options.timeoutMs}ms`, { cause: err });
    if (options.signal.aborted) throw new DeliveryError('NETWORK', 'request aborted (shutting down)', { cause: err });
    // The URL may hold a secret: describe the failure by its cause code only.
    const code = (err as { cause?: { code?: string } }).cause?.code ?? 'request failed';
    throw new DeliveryError('NETWORK', `network error: ${code}`, { cause: err });
  }
}

/** Turns a non-2xx response into the classified DeliveryError (generic rules). */
export function errorFromResponse(res: PostResult, platform: string, scope?: string): DeliveryError {
  const code = classifyStatus(res.status) ?? 'REJECTED';
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  const detail = res.text.slice(0, 200).replace(/\s+/g, ' ').trim();
  return new DeliveryError(code, `${platform} answered ${res.status}${detail ? `: ${detail}` : ''}`, {
    status: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(scope !== undefined ? { scope } : {}),
  });
}
