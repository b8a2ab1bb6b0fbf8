import type { WebAPICallResult } from '@slack/web-api';
import type { FollowUp, RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, errorFromResponse, postJson, scopeKey } from '../http.js';
import type { SlackChannel, SlackPlatform } from './config.js';
import { fromWebApiError, webClientFor } from './client.js';
import { isKnownSlackError, slackError, type SlackMethod } from './errors.js';

/**
 * Slack's limits (docs/platform-limits.md#slack-rate-limits): incoming webhooks
 * 1 message/s per webhook; chat.postMessage ≈ 1/s per channel plus a workspace-wide limit.
 * Hashes keep the webhook URL and the token out of scope names (they end up in logs).
 */
export function slackLimitScopes(channel: SlackChannel): string[] {
  if (channel.webhook_url) return [`slack:webhook:${scopeKey(channel.webhook_url.reveal())}`];
  return [`slack:channel:${channel.channel ?? ''}`, `slack:workspace:${scopeKey(channel.token?.reveal() ?? '')}`];
}

export async function sendSlack(
  message: RenderedMessage,
  channel: SlackChannel,
  ctx: SendContext<SlackPlatform>,
  followUp?: FollowUp,
): Promise<SendResult> {
  if (channel.webhook_url) {
    if (followUp) throw new DeliveryError('BUG', `slack incoming webhooks cannot ${followUp.mode}: they answer no message ts`);
    return sendWebhook(message, channel.webhook_url.reveal(), slackLimitScopes(channel)[0]!, ctx);
  }
  if (channel.token && channel.channel) return sendBot(message, channel, ctx, followUp);
  throw new DeliveryError('REJECTED', 'slack channel has neither webhook_url nor token + channel');
}

/**
 * A bot edits its messages (chat.update) and replies in their threads (`thread_ts`); an
 * incoming webhook answers only `ok`, so nothing it posted can be found again.
 */
export function slackFollows(channel: SlackChannel): { edit: boolean; thread: boolean } {
  const bot = channel.webhook_url === undefined;
  return { edit: bot, thread: bot };
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

/**
 * Bot token: chat.postMessage with the rendered payload plus `channel`, answered with the
 * message's `channel` (its id) and `ts`: the reference a job's later events use. A thread
 * reply is the same call with `thread_ts`; an edit is chat.update.
 */
async function sendBot(message: RenderedMessage, channel: SlackChannel, ctx: SendContext<SlackPlatform>, followUp: FollowUp | undefined): Promise<SendResult> {
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DeliveryError('BUG', 'slack renderer produced a payload that is not an object');
  }
  const rendered = payload as Record<string, unknown>;
  const token = channel.token!.reveal();
  const scope = slackLimitScopes(channel)[0]!;
  // The SDK resolves with Slack's whole JSON answer (chat.postMessage: `channel`, `ts`, `message`).
  const call = async (method: SlackMethod, args: Record<string, unknown>): Promise<WebAPICallResult & Record<string, unknown>> => {
    const client = await webClientFor(token, ctx.platformConfig.api_url, ctx.timeoutMs);
    if (ctx.signal.aborted) throw abortedError();
    try {
      return (await untilAborted(client.apiCall(method, args), ctx.signal)) as WebAPICallResult & Record<string, unknown>;
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      throw fromWebApiError(err, scope, [token], method);
    }
  };

  if (followUp?.mode === 'edit') {
    await call('chat.update', updateArgs(rendered, jobMessage(followUp)));
    return {};
  }
  const args: Record<string, unknown> = { ...rendered, channel: channel.channel };
  // chat:write.customize overrides, unless the renderer already chose them.
  if (channel.username !== undefined && args.username === undefined) args.username = channel.username;
  if (channel.icon_emoji !== undefined && args.icon_emoji === undefined) args.icon_emoji = channel.icon_emoji;
  if (followUp?.mode === 'thread') {
    const parent = jobMessage(followUp);
    args.channel = parent.channel;
    args.thread_ts = parent.ts;
  }
  const answer = await call('chat.postMessage', args);
  // A reply keeps the job's message as the thread's parent: later replies go under it too.
  if (followUp) return {};
  return typeof answer.channel === 'string' && typeof answer.ts === 'string' ? { ref: { channel: answer.channel, ts: answer.ts } } : {};
}

/**
 * The job's message: `channel` (an id, as chat.update needs) and `ts`. A reference without
 * them (made by another platform before the channel's config changed) names no Slack
 * message: the worker posts a new one.
 */
function jobMessage(followUp: FollowUp): { channel: string; ts: string } {
  const { channel, ts } = followUp.ref;
  if (channel === undefined || ts === undefined) throw new DeliveryError('MESSAGE_GONE', 'slack: the job message reference has no channel and ts');
  return { channel, ts };
}

/**
 * chat.update takes the message's text, blocks and attachments, not the display
 * overrides (username, icon). Blocks or attachments left out would be kept from the old
 * message, so an empty list clears what the new rendering no longer has.
 */
function updateArgs(payload: Record<string, unknown>, target: { channel: string; ts: string }): Record<string, unknown> {
  return { channel: target.channel, ts: target.ts, text: payload.text, blocks: payload.blocks ?? [], attachments: payload.attachments ?? [] };
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
