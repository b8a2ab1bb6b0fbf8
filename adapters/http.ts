/**
 * Outbound HTTP for adapters: one request (never retried here — the delivery worker owns
 * retrying, in durable state) and one table that classifies every failure.
 */
import { createHash } from 'node:crypto';
// The module objects, not named imports: `http.request` is read at call time, so an
// interceptor installed later (nock in tests) sees the request.
import http, { type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
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

/** The response headers an adapter reads (names are case-insensitive, as in fetch's `Headers`). */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface PostResult {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/**
 * Kept-alive connections per platform host: one TCP (and TLS) handshake serves many
 * messages. Idle connections close after IDLE_SOCKET_MS, before platforms drop them.
 */
const IDLE_SOCKET_MS = 4_000;
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
} as const;

/**
 * POSTs JSON once (or PATCHes it: `method`, for editing a message). Network failures and timeouts become DeliveryErrors; HTTP statuses are
 * returned for the adapter to classify (it knows its platform's quirks).
 *
 * Redirects are returned, not followed: the URL is a secret and following a 3xx would
 * hand the payload to a host nobody configured (and a 303 would turn the POST into a GET).
 *
 * node:http rather than fetch: a fetch builds a Request, web streams and a tee of the body
 * for every message (tens of KB), which a backlog drain at 1,000 messages/s turns into
 * garbage V8 promotes to its old generation faster than it collects it.
 */
export function postJson(
  url: string,
  body: unknown,
  options: { signal: AbortSignal; timeoutMs: number; headers?: Record<string, string>; method?: 'POST' | 'PATCH' },
): Promise<PostResult> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise<PostResult>((resolve, reject) => {
    let failure: 'timeout' | 'aborted' | undefined;
    const fail = (err: unknown): void => {
      cleanup();
      const cause = safeCause(err, [url]);
      if (failure === 'timeout') reject(new DeliveryError('TIMEOUT', `no response within ${options.timeoutMs}ms`, { cause }));
      else if (failure === 'aborted') reject(new DeliveryError('NETWORK', 'request aborted (shutting down)', { cause }));
      // The URL may hold a secret: describe the failure by its cause code only.
      else reject(new DeliveryError('NETWORK', `network error: ${networkErrorCode(err)}`, { cause }));
    };
    let req: ClientRequest;
    try {
      const target = new URL(url);
      const agent = target.protocol === 'https:' ? AGENTS['https:'] : target.protocol === 'http:' ? AGENTS['http:'] : undefined;
      if (!agent) throw Object.assign(new Error(`unsupported protocol ${target.protocol}`), { code: 'ERR_INVALID_PROTOCOL' });
      req = (agent === AGENTS['https:'] ? https : http).request(target, {
        method: options.method ?? 'POST',
        agent,
        headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers, 'content-length': payload.length },
      });
    } catch (err) {
      fail(err);
      return;
    }
    const stop = (why: 'timeout' | 'aborted'): void => {
      failure ??= why;
      req.destroy(new Error(why === 'timeout' ? 'request timed out' : 'request aborted'));
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = (): void => stop('aborted');
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        cleanup();
        resolve({ status: res.statusCode ?? 0, headers: new NodeHeaders(res.headers), text: Buffer.concat(chunks).toString('utf8') });
      });
      // The connection ended before the whole answer arrived.
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }));
      });
    });
    req.end(payload);
  });
}

/** A response's headers as node gives them (names lower-cased; repeated ones as a list). */
class NodeHeaders implements ResponseHeaders {
  readonly #headers: IncomingHttpHeaders;

  constructor(headers: IncomingHttpHeaders) {
    this.#headers = headers;
  }

  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.#headers[name.toLowerCase()] !== undefined;
  }
}

/** `ECONNREFUSED`, `ECONNRESET`, … from a node or axios failure, or a generic label. */
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
