/**
 * Discord's rate-limit headers and 429 bodies (docs/platform-limits.md#discord-rate-limits): per-route buckets reported as `X-RateLimit-Limit`,
 * `-Remaining`, `-Reset` (epoch s), `-Reset-After` (s, decimals), `-Bucket`, and on a 429
 * `-Global`, `-Scope` (`user|global|shared`) plus a body `{message, retry_after (float s),
 * global, code?}` and `Retry-After`.
 */
import type { RateLimitHint } from '../adapter.js';
import { parseRetryAfter, type PostResult } from '../http.js';

/** Every Discord channel lists this scope: a global 429 holds all of them (50 req/s per bot/IP). */
export const DISCORD_GLOBAL_SCOPE = 'discord:global';

/**
 * The scope of a request on another route than the channel's own message POST. Discord
 * limits per route and major parameter (docs/platform-limits.md#discord-edits-and-threads):
 * editing a message or starting a thread is not posting, so a spent edit bucket must not
 * pause the channel's posts. Their pauses and 429s name `<own scope>:<route>`, a scope no
 * channel lists in `limitScopes`: the worker holds the delivery that met the limit (the
 * channel's head, so the channel waits behind it) without pausing any other channel of
 * the same webhook or channel id.
 */
export function routeScope(ownScope: string, route: 'edit' | 'threads'): string {
  return `${ownScope}:${route}`;
}

export interface DiscordErrorBody {
  message?: string;
  code?: number;
  retry_after?: number;
  global?: boolean;
}

export function parseDiscordBody(text: string): DiscordErrorBody {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as DiscordErrorBody) : {};
  } catch {
    return {};
  }
}

export interface RateLimit {
  retryAfterMs?: number;
  scope: string;
  global: boolean;
  bucket?: string;
  /** `user` (counts toward the 10,000 invalid requests per 10 min), `shared` or `global`. */
  limitScope?: string;
}

/**
 * What a 429 asks for. The bucket named by `X-RateLimit-Bucket` is per major parameter
 * (the webhook id, or the channel id for a bot), i.e. exactly the channel's own scope
 * `ownScope`; a bare bucket hash is shared by every webhook and would pause them all.
 *
 * The wait: for a global limit the body's `retry_after` (else `Retry-After`); otherwise the
 * longer of `retry_after` and `X-RateLimit-Reset-After` (both precise), falling back to the
 * integer `Retry-After` only when neither is present.
 */
export function rateLimitFrom429(res: PostResult, body: DiscordErrorBody, ownScope: string): RateLimit {
  const headerScope = res.headers.get('x-ratelimit-scope') ?? undefined;
  const global = body.global === true || res.headers.has('x-ratelimit-global') || headerScope === 'global';
  const bodyMs = typeof body.retry_after === 'number' && body.retry_after >= 0 ? Math.ceil(body.retry_after * 1000) : undefined;
  const resetAfterMs = parseRetryAfter(res.headers.get('x-ratelimit-reset-after'));
  const headerMs = parseRetryAfter(res.headers.get('retry-after'));
  const precise = global ? [bodyMs] : [bodyMs, resetAfterMs];
  const known = precise.filter((ms): ms is number => ms !== undefined);
  const retryAfterMs = known.length > 0 ? Math.max(...known) : headerMs;
  const bucket = res.headers.get('x-ratelimit-bucket') ?? undefined;
  return {
    scope: global ? DISCORD_GLOBAL_SCOPE : ownScope,
    global,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(bucket !== undefined ? { bucket } : {}),
    ...(headerScope !== undefined ? { limitScope: headerScope } : {}),
  };
}

/**
 * A 2xx with `X-RateLimit-Remaining: 0` means the bucket is spent: pause it for
 * `X-RateLimit-Reset-After` (else until `X-RateLimit-Reset`) before a 429 happens (a pause the worker persists).
 */
export function pausesFromSuccess(res: PostResult, ownScope: string, now: number = Date.now()): RateLimitHint[] {
  if (res.headers.get('x-ratelimit-remaining')?.trim() !== '0') return [];
  let waitMs = parseRetryAfter(res.headers.get('x-ratelimit-reset-after'));
  if (waitMs === undefined) {
    const resetS = Number(res.headers.get('x-ratelimit-reset') ?? NaN);
    if (Number.isFinite(resetS)) waitMs = Math.max(0, Math.ceil(resetS * 1000 - now));
  }
  return waitMs !== undefined && waitMs > 0 ? [{ scope: ownScope, waitMs }] : [];
}
