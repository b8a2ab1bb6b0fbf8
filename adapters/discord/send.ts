import { RESTJSONErrorCodes, type RESTPatchAPIChannelMessageJSONBody, type RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord-api-types/v10';
import type { FollowUp, MessageRef, RenderedMessage, SendContext, SendResult } from '../adapter.js';
import { DeliveryError, scopeKey, type PostResult } from '../http.js';
import { truncateChars } from '../render/text.js';
import { createChannelMessage, editChannelMessage, editWebhookMessage, executeWebhook, parseWebhookUrl, startMessageThread } from './client.js';
import type { DiscordChannel, DiscordPlatform } from './config.js';
import { discordError } from './errors.js';
import { DISCORD_GLOBAL_SCOPE, parseDiscordBody, pausesFromSuccess, routeScope } from './rate-limits.js';

/**
 * Per-route buckets with the webhook id (or channel id) as major parameter, plus the
 * global limit (discord-api-docs topics/rate-limits). The id is not a secret; the token is.
 */
export function discordLimitScopes(channel: DiscordChannel): string[] {
  if (channel.webhook_url) {
    const target = parseWebhookUrl(channel.webhook_url.reveal());
    // An unparsable URL never reaches Discord (send rejects it); its hash still names one destination.
    return [`discord:webhook:${target?.id ?? scopeKey(channel.webhook_url.reveal())}`, DISCORD_GLOBAL_SCOPE];
  }
  return [`discord:channel:${channel.channel_id ?? ''}`, DISCORD_GLOBAL_SCOPE];
}

/**
 * Both edit the messages they posted; only a bot starts threads (a webhook can post into
 * a thread, but not start one on a message).
 */
export function discordFollows(channel: DiscordChannel): { edit: boolean; thread: boolean } {
  return { edit: true, thread: channel.webhook_url === undefined };
}

/** What an edit may change (both Edit Message bodies take these); a webhook's display name and avatar are fixed once posted. */
const EDITABLE = ['content', 'embeds', 'allowed_mentions', 'flags', 'components', 'attachments'] as const satisfies readonly (keyof RESTPatchAPIWebhookWithTokenMessageJSONBody & keyof RESTPatchAPIChannelMessageJSONBody)[];

/** A thread's name: 1–100 characters (Start Thread from Message). */
const THREAD_NAME_MAX_CHARS = 100;

export async function sendDiscord(
  message: RenderedMessage,
  channel: DiscordChannel,
  ctx: SendContext<DiscordPlatform>,
  followUp?: FollowUp,
): Promise<SendResult> {
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DeliveryError('BUG', 'discord renderer produced a payload that is not an object');
  }
  const body = payload as Record<string, unknown>;
  if (channel.webhook_url) return sendWebhook(body, channel, channel.webhook_url.reveal(), ctx, followUp);
  if (channel.token && channel.channel_id) {
    const bot: Bot = { token: channel.token.reveal(), channelId: channel.channel_id, ownScope: discordLimitScopes(channel)[0]!, ctx };
    if (followUp?.mode === 'edit') return editBotMessage(body, jobMessage(followUp.ref), bot);
    if (followUp?.mode === 'thread') return replyInThread(body, message.summary, jobMessage(followUp.ref), bot);
    return postBotMessage(body, bot);
  }
  throw new DeliveryError('REJECTED', 'discord channel has neither webhook_url nor token + channel_id');
}

/**
 * Execute Webhook with `?wait=true` (client.ts), so the answer is the message and its id
 * the job's reference `{ id }`; an edit is Edit Webhook Message on that id.
 */
async function sendWebhook(
  payload: Record<string, unknown>,
  channel: DiscordChannel,
  url: string,
  ctx: SendContext<DiscordPlatform>,
  followUp: FollowUp | undefined,
): Promise<SendResult> {
  const target = parseWebhookUrl(url);
  if (!target) throw new DeliveryError('REJECTED', 'discord webhook_url is not a Discord webhook URL (…/api/webhooks/<id>/<token>)');
  const ownScope = discordLimitScopes(channel)[0]!;
  const secrets = [url, target.token];
  if (followUp?.mode === 'edit') {
    const { id } = jobMessage(followUp.ref);
    const res = await editWebhookMessage(target, id, editable(payload), { threadId: channel.thread_id }, ctx);
    return succeeded(res, { via: 'webhook edit', ownScope: routeScope(ownScope, 'edit'), secrets });
  }
  if (followUp) throw new DeliveryError('BUG', `discord webhooks cannot ${followUp.mode}`);
  const body: Record<string, unknown> = { ...payload };
  // The channel's display overrides, unless the renderer chose them.
  if (channel.username !== undefined && body.username === undefined) body.username = channel.username;
  if (channel.avatar_url !== undefined && body.avatar_url === undefined) body.avatar_url = channel.avatar_url;
  const res = await executeWebhook(target, body, { threadId: channel.thread_id }, ctx);
  const result = succeeded(res, { via: 'webhook', ownScope, secrets });
  const id = answeredId(res);
  return id === undefined ? result : { ...result, ref: { id } };
}

interface Bot {
  token: string;
  /** The configured channel. */
  channelId: string;
  ownScope: string;
  ctx: SendContext<DiscordPlatform>;
}

/** Create Message; the reference is `{ id, channel_id }`. */
async function postBotMessage(payload: Record<string, unknown>, bot: Bot): Promise<SendResult> {
  const res = await createChannelMessage(bot.channelId, bot.token, payload, bot.ctx);
  const result = succeeded(res, { via: 'bot', ownScope: bot.ownScope, secrets: [bot.token] });
  const id = answeredId(res);
  return id === undefined ? result : { ...result, ref: { id, channel_id: bot.channelId } };
}

async function editBotMessage(payload: Record<string, unknown>, job: JobMessage, bot: Bot): Promise<SendResult> {
  const res = await editChannelMessage(job.channelId ?? bot.channelId, job.id, bot.token, editable(payload), bot.ctx);
  return succeeded(res, { via: 'bot edit', ownScope: routeScope(bot.ownScope, 'edit'), secrets: [bot.token] });
}

/**
 * Posts into the job message's thread, starting it first when the reference has none yet.
 * The answer's reference carries the thread's id, so the thread is started once; a start
 * answered "a thread has already been created for this message" (an earlier attempt
 * started it, then failed to post) takes the message's id, which is the thread's.
 * Posting into the thread counts against the thread's own bucket: Discord's major
 * parameter is the channel id, and a thread is a channel.
 */
async function replyInThread(payload: Record<string, unknown>, summary: string, job: JobMessage, bot: Bot): Promise<SendResult> {
  const pauses: NonNullable<SendResult['pauses']> = [];
  let threadId = job.threadId;
  if (threadId === undefined) {
    const name = truncateChars(summary.trim(), THREAD_NAME_MAX_CHARS) || 'Herald';
    const res = await startMessageThread(job.channelId ?? bot.channelId, job.id, bot.token, { name }, bot.ctx);
    const startScope = routeScope(bot.ownScope, 'threads');
    if (res.status === 400 && parseDiscordBody(res.text).code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) threadId = job.id;
    else {
      pauses.push(...(succeeded(res, { via: 'bot thread start', ownScope: startScope, secrets: [bot.token] }).pauses ?? []));
      threadId = answeredId(res) ?? job.id;
    }
  }
  const res = await createChannelMessage(threadId, bot.token, payload, bot.ctx);
  pauses.push(...(succeeded(res, { via: 'bot thread reply', ownScope: `discord:channel:${threadId}`, secrets: [bot.token], jobThread: true }).pauses ?? []));
  return { ...(pauses.length > 0 ? { pauses } : {}), ref: { ...job.ref, thread_id: threadId } };
}

interface JobMessage {
  id: string;
  channelId: string | undefined;
  threadId: string | undefined;
  ref: MessageRef;
}

/**
 * The job's message from its reference. One without an id (made by another platform
 * before the channel's config changed) names no Discord message: the worker posts a new one.
 */
function jobMessage(ref: MessageRef): JobMessage {
  const id = ref.id;
  if (id === undefined || !/^\d+$/.test(id)) throw new DeliveryError('MESSAGE_GONE', 'discord: the job message reference has no message id');
  return { id, channelId: ref.channel_id, threadId: ref.thread_id, ref };
}

function editable(payload: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of EDITABLE) if (payload[key] !== undefined) body[key] = payload[key];
  return body;
}

/** A 2xx's pauses (a spent bucket), or the classified error. */
function succeeded(res: PostResult, options: { via: string; ownScope: string; secrets: readonly string[]; jobThread?: boolean }): SendResult {
  if (res.status < 200 || res.status >= 300) throw discordError(res, options);
  const pauses = pausesFromSuccess(res, options.ownScope);
  return pauses.length > 0 ? { pauses } : {};
}

/** The snowflake id of what a 2xx answered (a message, a thread), when its body is one. */
function answeredId(res: PostResult): string | undefined {
  try {
    const value: unknown = JSON.parse(res.text);
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return typeof id === 'string' && /^\d+$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
