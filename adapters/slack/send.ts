import type { RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, errorFromResponse, postJson, scopeKey } from '../http.js';
import type { SlackChannel, SlackPlatform } from './config.js';
import { fromWebApiError, webClientFor } from './client.js';
import { isKnownSlackError, slackError } from './errors.js';

/**
 * Slack's limits (docs/platform-limits.md#slack-rate-limits): incoming webhooks
 * 1 message/s per webhook; chat.postMessage ≈ 1/s per channel plus a workspace-wide limit.
 * Hashes keep the webhook URL and the token out of scope names (they end up in logs).
 */
export function slackLimitScopes(channel: SlackChannel): string[] {
  if (channel.webhook_url) return [`slack:webhook:${scopeKey(channel.webhook_url.reveal())}`];
  return [`slack:channel:${channel.channel ?? ''}`, `slack:workspace:${scopeKey(channel.token?.reveal() ?? '')}`];
}

export async function sendSlack(message: RenderedMessage, channel: SlackChannel, ctx: SendContext<SlackPlatform>): Promise<SendResult> {
  if (channel.webhook_url) return sendWebhook(message, channel.webhook_url.reveal(), slackLimitScopes(channel)[0]!, ctx);
  if (channel.token && channel.channel) return sendBot(message, channel, ctx);
  throw new DeliveryError('REJECTED', 'slack channel has neither webhook_url nor token + channel');
}

/** Incoming webhook: success is exactly 200 with body `ok` (docs/platform-limits.md#slack-incoming-webhooks). */
async function sendWebhook(message: RenderedMessage, url: string, scope: string, ctx: SendContext<SlackPlatform>): Promise<SendResult> {
  const res = await postJson(url, message.payload, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  const body = res.text.trim();
  if (res.status >= 200 && res.status < 300 && body === 'ok') return {};
  // A 429 is a rate limit whatever its body says; its Retry-After is what counts.
  if (res.status === 429) throw errorFromResponse(res, 'slack webhook', scope, { secrets: [url] });
  // Error bodies are a bare code (`invalid_payload`, `no_service`, `channel_is_archived`, …).
  if (isKnownSlackError(body)) throw slackError(body, { via: 'webhook', status: res.status, scope });
  if (res.status >= 200 && res.status < 300) {
    // Not the documented success: say so rather than guess it was posted.
    throw errorFromResponse(res, 'slack webhook', scope, { secrets: [url], code: 'REJECTED' });
  }
  throw errorFromResponse(res, 'slack webhook', scope, { secrets: [url] });
}

/** Bot token: chat.postMessage with the rendered payload plus `channel`. */
async function sendBot(message: RenderedMessage, channel: SlackChannel, ctx: SendContext<SlackPlatform>): Promise<SendResult> {
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DeliveryError('BUG', 'slack renderer produced a payload that is not an object');
  }
  const args: Record<string, unknown> = { ...(payload as Record<string, unknown>), channel: channel.channel };
  // chat:write.customize overrides, unless the renderer already chose them.
  if (channel.username !== undefined && args.username === undefined) args.username = channel.username;
  if (channel.icon_emoji !== undefined && args.icon_emoji === undefined) args.icon_emoji = channel.icon_emoji;

  const token = channel.token!.reveal();
  const scope = slackLimitScopes(channel)[0]!;
  const client = await webClientFor(token, ctx.platformConfig.api_url, ctx.timeoutMs);
  if (ctx.signal.aborted) throw abortedError();
  try {
    await untilAborted(client.apiCall('chat.postMessage', args), ctx.signal);
    return {};
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    throw fromWebApiError(err, scope, [token]);
  }
}

/** WebClient takes no AbortSignal: stop waiting for it when Herald shuts down. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortedError(): DeliveryError {
  return new DeliveryError('NETWORK', 'request aborted (shutting down)');
}
