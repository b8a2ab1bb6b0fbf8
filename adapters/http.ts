/**
 * Outbound HTTP for adapters: one POST (never retried here — the delivery worker owns
 * retrying, in durable state) and one table that classifies every failure.
 */
import { createHash } from 'node:crypto';
import { DeliveryError, type DeliveryErrorCode } from '../src/delivery/delivery-error.js';

export { asDeliveryError, DeliveryError, type DeliveryErrorCode } from '../src/delivery/delivery-error.js';

/**
 * `Retry-After` as seconds (decimals allowed) or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date needs letters (a weekday or month); this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The one status → code table. Adapters add only their quirks on top.
 *
 *   2xx                → delivered (undefined)
 *   429                → RATE_LIMITED (RFC 6585 §4)
 *   408, 5xx           → SERVER (RFC 9110 §15.5.9: 408 means "retry on a new connection")
 *   401, 403           → AUTH
 *   404, 410           → GONE (the webhook or channel was deleted)
 *   413                → TOO_LARGE
 *   1xx, 3xx, other 4xx → REJECTED (redirects are not followed: see postJson)
 */
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
 *
 * Redirects are returned, not followed: the URL is a secret and following a 3xx would
 * hand the payload to a host nobody configured (and a 303 would turn the POST into a GET).
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { signal: AbortSignal; timeoutMs: number; headers?: Record<string, string> },
): Promise<PostResult> {
  // One controller per request instead of AbortSignal.any(): listeners on the worker's
  // long-lived signal are removed as soon as the request settles, so a 100k backlog does
  // not accumulate them.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  if (options.signal.aborted) controller.abort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      body: JSON.stringify(body),
      signal: controller.signal,
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    const cause = safeCause(err, [url]);
    if (timedOut) throw new DeliveryError('TIMEOUT', `no response within ${options.timeoutMs}ms`, { cause });
    if (options.signal.aborted) throw new DeliveryError('NETWORK', 'request aborted (shutting down)', { cause });
    // The URL may hold a secret: describe the failure by its cause code only.
    throw new DeliveryError('NETWORK', `network error: ${networkErrorCode(err)}`, { cause });
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** `ECONNREFUSED`, `UND_ERR_SOCKET`, … from a fetch/axios failure, or a generic label. */
export function networkErrorCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'request failed';
}

/**
 * Turns a non-2xx response into the classified DeliveryError (generic rules). `secrets`
 * are cut out of the quoted response body (a platform may echo the URL or token back).
 */
export function errorFromResponse(
  res: PostResult,
  platform: string,
  scope?: string,
  options: { secrets?: readonly string[]; code?: DeliveryErrorCode; retryAfterMs?: number; detail?: string } = {},
): DeliveryError {
  const code = options.code ?? classifyStatus(res.status) ?? 'REJECTED';
  const retryAfterMs = options.retryAfterMs ?? parseRetryAfter(res.headers.get('retry-after'));
  const detail = redactText(options.detail ?? res.text, options.secrets ?? []).slice(0, 200).replace(/\s+/g, ' ').trim();
  return new DeliveryError(code, `${platform} answered ${res.status}${detail ? `: ${detail}` : ''}`, {
    status: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(scope !== undefined ? { scope } : {}),
  });
}

const REDACTED = '<redacted>';

/**
 * Cuts secrets out of text that came from elsewhere (a response body, an SDK message).
 * For a URL secret, also its path, query and every secret-looking piece of them (a
 * webhook token or `sig` quoted on its own).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    needles.add(secret);
    let url: URL | undefined;
    try {
      url = new URL(secret);
    } catch {
      url = undefined;
    }
    if (!url) continue;
    if (url.pathname.length > 1) needles.add(url.pathname);
    if (url.search) needles.add(url.search.slice(1));
    const pieces = [...url.pathname.split('/'), ...[...url.searchParams.values()]];
    for (const piece of pieces) if (looksSecret(piece)) needles.add(piece);
  }
  let out = text;
  // Longest first, so a URL is replaced whole before its pieces.
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) out = out.split(needle).join(REDACTED);
  return out;
}

function looksSecret(piece: string): boolean {
  return piece.length >= 16 || (piece.length >= 6 && /\d/.test(piece));
}

/**
 * A copy of an error chain with secrets cut out of every message, keeping name and code.
 * SDK errors keep their request config (with the Authorization header) on the error
 * object; logs must see the cause, never that.
 */
export function safeCause(err: unknown, secrets: readonly string[], depth = 0): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  const copy = new Error(redactText(source.message, secrets), {
    ...(depth < 3 && source.cause !== undefined ? { cause: safeCause(source.cause, secrets, depth + 1) } : {}),
  });
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') (copy as Error & { code?: string | number }).code = code;
  copy.stack = `${copy.name}: ${copy.message}\n${redactText((source.stack ?? '').split('\n').slice(1).join('\n'), secrets)}`;
  return copy;
}

/**
 * The first 16 hex digits of SHA-256: names a destination in a rate-limit scope without
 * revealing the URL or token it came from.
 */
export function scopeKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
