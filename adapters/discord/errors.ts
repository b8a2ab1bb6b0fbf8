/**
 * Discord's quirks on top of the status table in ../http.ts: the JSON error `code`
 * (discord-api-docs topics/opcodes-and-status-codes#json) where it says more than the
 * status, and the 429 body (rate-limits.ts).
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { DeliveryError, classifyStatus, redactText, type DeliveryErrorCode, type PostResult } from '../http.js';
import { parseDiscordBody, rateLimitFrom429, type DiscordErrorBody } from './rate-limits.js';

const DISCORD_CODES: ReadonlyMap<number, DeliveryErrorCode> = new Map<number, DeliveryErrorCode>([
  // Per-channel write limit (~30 messages/min for all webhooks of a channel, docs/platform-limits.md#discord-rate-limits) and slowmode.
  [RESTJSONErrorCodes.ChannelSendRateLimit, 'RATE_LIMITED'],
  [RESTJSONErrorCodes.ActionCannotBePerformedDueToSlowmodeRateLimit, 'RATE_LIMITED'],
  [RESTJSONErrorCodes.APIResourceOverloaded, 'SERVER'],
  [RESTJSONErrorCodes.SendMessagesHasBeenTemporarilyDisabled, 'SERVER'],
  [RESTJSONErrorCodes.RequestEntityTooLarge, 'TOO_LARGE'],
  // A webhook or channel answering "unknown" is gone for good (docs/platform-limits.md#discord-webhooks).
  [RESTJSONErrorCodes.UnknownWebhook, 'GONE'],
  [RESTJSONErrorCodes.UnknownChannel, 'GONE'],
  // Only edits and thread starts name a message: the job's message was deleted.
  [RESTJSONErrorCodes.UnknownMessage, 'MESSAGE_GONE'],
  [RESTJSONErrorCodes.InvalidWebhookToken, 'AUTH'],
  [RESTJSONErrorCodes.MissingAccess, 'AUTH'],
  [RESTJSONErrorCodes.MissingPermissions, 'AUTH'],
]);

/**
 * Posting into a job's thread: a thread that was deleted (Unknown Channel), or is archived
 * or locked where Herald cannot reopen it, takes the job's replies no more. The configured
 * channel is fine: the worker posts a new job message there.
 */
const JOB_THREAD_GONE: ReadonlySet<number> = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.InvalidActionOnArchivedThread,
  RESTJSONErrorCodes.ThreadLocked,
]);

/**
 * 50035 "Invalid Form Body" is any validation failure; it is a size problem when a field
 * is over its maximum (`BASE_TYPE_MAX_LENGTH`) or the embeds together exceed 6000
 * characters (docs/platform-limits.md#discord-embed-limits).
 */
function isOverLimit(text: string): boolean {
  return /BASE_TYPE_MAX_LENGTH|exceeds maximum size|Must be \d+ or fewer in length/i.test(text);
}

/**
 * Classifies a non-2xx answer from a webhook or the bot API. `jobThread`: the request
 * posted into a job's thread (see JOB_THREAD_GONE).
 */
export function discordError(
  res: PostResult,
  options: { via: string; ownScope: string; secrets: readonly string[]; jobThread?: boolean },
): DeliveryError {
  const body = parseDiscordBody(res.text);
  const detail = describeBody(res, body, options.secrets);
  if (res.status === 429 || (body.code !== undefined && DISCORD_CODES.get(body.code) === 'RATE_LIMITED')) {
    const limit = rateLimitFrom429(res, body, options.ownScope);
    const where = limit.global ? 'global' : `bucket ${limit.bucket ?? 'unknown'}${limit.limitScope ? `, ${limit.limitScope}` : ''}`;
    return new DeliveryError('RATE_LIMITED', `discord ${options.via} answered ${res.status} (${where})${detail}`, {
      status: res.status,
      scope: limit.scope,
      ...(limit.retryAfterMs !== undefined ? { retryAfterMs: limit.retryAfterMs } : {}),
    });
  }
  let code = (body.code !== undefined ? DISCORD_CODES.get(body.code) : undefined) ?? classifyStatus(res.status) ?? 'REJECTED';
  if (body.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType && isOverLimit(res.text)) code = 'TOO_LARGE';
  if (options.jobThread === true && body.code !== undefined && JOB_THREAD_GONE.has(body.code)) code = 'MESSAGE_GONE';
  return new DeliveryError(code, `discord ${options.via} answered ${res.status}${detail}`, { status: res.status });
}

function describeBody(res: PostResult, body: DiscordErrorBody, secrets: readonly string[]): string {
  const text =
    typeof body.message === 'string'
      ? `${body.message}${body.code !== undefined ? ` (code ${body.code})` : ''}`
      : res.text;
  const clean = redactText(text, secrets).slice(0, 200).replace(/\s+/g, ' ').trim();
  return clean ? `: ${clean}` : '';
}
