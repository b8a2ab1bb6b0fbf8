import type { ErrorCode, LogLevel, Logger, WebClient } from '@slack/web-api';
import { DeliveryError, classifyStatus, networkErrorCode, parseRetryAfter, safeCause, scopeKey } from '../http.js';
import { isKnownSlackError, slackError, type SlackMethod } from './errors.js';

/**
 * The Slack Web API seam: one cached WebClient per (token, API URL, timeout), never one per
 * send (a client holds a request queue and an HTTP agent).
 *
 * `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true`: by default the SDK
 * retries 10 times over ~30 minutes and, on a 429, pauses its whole queue
 * (docs/platform-limits.md#slack-web-api-client). Herald's worker
 * owns retrying and waiting, in durable state.
 */
const clients = new Map<string, WebClient>();

/**
 * The SDK (and axios under it, ~20 MB resident) is loaded on the first bot-token send, so
 * a deployment with only incoming webhooks never pays for it.
 */
let sdk: Promise<typeof import('@slack/web-api')> | undefined;

/** The SDK's ErrorCode values (errors.ts of @slack/web-api), without loading the SDK. */
const SDK_ERROR = {
  RateLimited: 'slack_webapi_rate_limited_error',
  Platform: 'slack_webapi_platform_error',
  HTTP: 'slack_webapi_http_error',
  Request: 'slack_webapi_request_error',
} as const satisfies Record<string, `${ErrorCode}`>;

/** The SDK logs every failed request at warn to the console; Herald reports them itself. */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error' as LogLevel,
  setName: () => undefined,
};

export async function webClientFor(token: string, slackApiUrl: string, timeoutMs: number): Promise<WebClient> {
  // The SDK concatenates the base URL and the method name, so the base must end in "/".
  const base = slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`;
  const key = `${scopeKey(token)}|${base}|${timeoutMs}`;
  let client = clients.get(key);
  if (!client) {
    const { WebClient } = await (sdk ??= import('@slack/web-api'));
    client = new WebClient(token, {
      slackApiUrl: base,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      logger: silentLogger,
      // The message is posted by URL only under slackApiUrl, never an absolute URL.
      allowAbsoluteUrls: false,
    });
    clients.set(key, client);
  }
  return client;
}

interface SdkError extends Error {
  code?: unknown;
  retryAfter?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  body?: unknown;
  original?: unknown;
}

/**
 * Maps what WebClient throws to a DeliveryError. `secrets` (the token) are cut out of
 * every message and of the kept cause: the SDK's request errors keep the axios config,
 * Authorization header included.
 */
export function fromWebApiError(err: unknown, scope: string, secrets: readonly string[], via: SlackMethod): DeliveryError {
  const e = (err instanceof Error ? err : new Error(String(err))) as SdkError;
  const cause = safeCause(e, secrets);
  switch (e.code) {
    case SDK_ERROR.RateLimited: {
      // `retryAfter` is Retry-After in whole seconds (the SDK's parseRetryHeaders).
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
      return new DeliveryError('RATE_LIMITED', `slack ${via} answered 429 ratelimited`, {
        status: 429,
        scope,
        cause,
        ...(seconds !== undefined ? { retryAfterMs: Math.ceil(seconds * 1000) } : {}),
      });
    }
    case SDK_ERROR.Platform: {
      const error = typeof e.data?.error === 'string' ? e.data.error : undefined;
      // Not Slack's answer (a proxy page, a wrong api_url): not assumed posted, not retried blindly.
      if (error === undefined) return new DeliveryError('REJECTED', `slack ${via} answered without "ok"`, { status: 200, cause });
      return slackError(error, { via, status: 200, scope, cause });
    }
    case SDK_ERROR.HTTP: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const body = e.body as { error?: unknown } | undefined;
      const error = typeof body === 'object' && body !== null && typeof body.error === 'string' ? body.error : undefined;
      if (error !== undefined && isKnownSlackError(error)) return slackError(error, { via, status, scope, cause });
      // Slack's Web API uses no status but 200 and 429; another 2xx is not its success.
      const code = classifyStatus(status) ?? 'REJECTED';
      return new DeliveryError(code, `slack ${via} answered ${status}`, { status, cause });
    }
    case SDK_ERROR.Request: {
      const original = e.original;
      const netCode = networkErrorCode(original);
      // axios reports its own timeout as ECONNABORTED ("timeout of Nms exceeded").
      if (netCode === 'ECONNABORTED' || netCode === 'ETIMEDOUT') {
        return new DeliveryError('TIMEOUT', `slack ${via}: no response in time`, { cause });
      }
      return new DeliveryError('NETWORK', `slack ${via}: network error: ${netCode}`, { cause });
    }
    default:
      return fromUncodedError(e, scope, cause, via);
  }
}

/**
 * With `rejectRateLimitedCalls`, a 429 whose Retry-After is missing or not whole seconds
 * (an HTTP date) comes back as a plain Error "Retry header did not contain a valid
 * timeout (url: …, retry-after header: <value>)" (WebClient.makeRequest). It is still a
 * rate limit; the header value is read back from the message.
 */
function fromUncodedError(e: Error, scope: string, cause: Error, via: SlackMethod): DeliveryError {
  const match = /retry-after header: (.*)\)\s*$/.exec(e.message);
  if (match && /Retry header did not contain a valid timeout/.test(e.message)) {
    const retryAfterMs = parseRetryAfter(match[1] === 'undefined' ? undefined : match[1]);
    return new DeliveryError('RATE_LIMITED', `slack ${via} answered 429 ratelimited`, {
      status: 429,
      scope,
      cause,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new DeliveryError('BUG', `slack ${via} failed unexpectedly: ${cause.message}`, { cause });
}
