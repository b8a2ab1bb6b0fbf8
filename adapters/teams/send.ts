import type { RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { classifyStatus, errorFromResponse, postJson, scopeKey, type DeliveryErrorCode, type PostResult } from '../http.js';
import type { TeamsChannel } from './config.js';

/** Limits are per webhook (docs/platform-limits.md#teams-rate-limits). */
export function teamsLimitScopes(channel: TeamsChannel): string[] {
  return [`teams:webhook:${scopeKey(channel.webhook_url.reveal())}`];
}

/**
 * Workflows answer 202 Accepted with an empty body and report card errors only in the
 * flow's run history; legacy connectors answer 200 with body `1` (docs/platform-limits.md#teams-responses). So any 2xx is delivered — except a legacy 200 whose body is an error
 * text, which connectors send instead of a status.
 */
export async function sendTeams(message: RenderedMessage, channel: TeamsChannel, ctx: SendContext): Promise<SendResult> {
  const url = channel.webhook_url.reveal();
  const scope = teamsLimitScopes(channel)[0]!;
  const res = await postJson(url, message.payload, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, 'teams', scope, { secrets: [url] });
  const hidden = errorInSuccessBody(res);
  if (hidden !== undefined) throw errorFromResponse(res, 'teams', scope, { secrets: [url], code: hidden });
  return {};
}

/**
 * The code of an error a connector reported inside a 2xx, or undefined when the body is a
 * success (`1`, empty, or anything that does not read as an error — a Workflows flow may
 * be built to answer with its own body). "Microsoft Teams endpoint returned HTTP error
 * 413" (or 429, 5xx…) is classified by that status; other error texts ("Summary or Text is
 * required.", "Bad payload received by generic incoming webhook.") are rejections.
 */
export function errorInSuccessBody(res: PostResult): DeliveryErrorCode | undefined {
  const body = res.text.trim();
  if (body === '' || body === '1' || body.startsWith('{') || body.startsWith('[')) return undefined;
  const status = /HTTP error (\d{3})\b/i.exec(body);
  if (status) return classifyStatus(Number(status[1])) ?? 'REJECTED';
  if (/error|fail|invalid|bad (request|payload)|required|too large|throttl|denied|not found/i.test(body)) return 'REJECTED';
  return undefined;
}
