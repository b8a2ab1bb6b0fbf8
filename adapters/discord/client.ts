/**
 * The one seam between Herald and Discord's HTTP API. Everything that knows how a Discord
 * request is addressed lives here; send.ts only classifies answers.
 *
 * Why not discord.js's WebhookClient / @discordjs/rest for the HTTP (read in @discordjs/rest
 * 2.x `SequentialHandler.runRequest`), even with `rejectOnRateLimit` and `retries: 0`:
 * - on a 429 it reads only the integer `Retry-After` header; the JSON body's precise
 *   `retry_after` (float seconds) and `global` flag are never read, nor is
 *   `X-RateLimit-Reset-After` on the 429;
 * - the headers of a successful response stay inside its own bucket state, so
 *   `X-RateLimit-Remaining: 0` cannot become a durable pause — it would only
 *   make the next call in this process throw before sending;
 * - its errors keep the full request URL, webhook token included, as a public field;
 * - WebhookClient is removed in the v15 development line (docs/platform-limits.md#discordjs).
 * So requests go through postJson (one request, honest statuses and headers); the route table
 * (`Routes`) and error codes come from discord-api-types, the typings discord.js is built
 * on, and embeds from @discordjs/builders — not the whole discord.js client (~45 MB
 * resident for code Herald would not run). Swapping
 * the transport later means changing this file only.
 */
import { Routes, type RESTPostAPIChannelMessagesThreadsJSONBody } from 'discord-api-types/v10';
import type { SendContext } from '../adapter.js';
import type { DiscordPlatform } from './config.js';
import { heraldVersion } from '../../src/version.js';
import { postJson, type PostResult } from '../http.js';

/** The API version Herald speaks (discord.js 14 sends v10 too). */
const API_VERSION = 'v10';

/**
 * "Clients using the HTTP API must provide a valid User Agent … `DiscordBot ($url,
 * $versionNumber)`" (discord-api-docs reference, "User Agent"; discord.js sends
 * `DiscordBot (https://discord.js.org, <version>)`). Without it fetch sends `node`.
 */
function userAgent(): string {
  return `DiscordBot (herald, ${heraldVersion()})`;
}

export interface WebhookTarget {
  /** Scheme, host and any path before `/api` (a proxy may mount Discord under a path). */
  base: string;
  id: string;
  token: string;
  /** Query parameters already on the configured URL (kept, e.g. a pasted `thread_id`). */
  query: URLSearchParams;
}

/**
 * Reads `…/api[/vN]/webhooks/:id/:token` from a configured URL, keeping its own origin so a
 * local fake or a proxy works. discord.js's WebhookClient only accepts discord.com URLs
 * (docs/platform-limits.md#discordjs).
 */
export function parseWebhookUrl(url: string): WebhookTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = /^(.*?)\/api(?:\/v\d+)?\/webhooks\/([^/]+)\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!match) return undefined;
  return { base: `${parsed.origin}${match[1]}`, id: match[2]!, token: match[3]!, query: parsed.searchParams };
}

/**
 * Execute Webhook (discord-api-docs resources/webhook): `?wait=true` so Discord answers
 * only once the message exists (200 + the message) instead of 204; `thread_id` posts into
 * a thread (forum channels need one).
 */
export function executeWebhook(
  target: WebhookTarget,
  body: unknown,
  options: { threadId?: string | undefined },
  ctx: SendContext<DiscordPlatform>,
): Promise<PostResult> {
  const query = new URLSearchParams(target.query);
  query.set('wait', 'true');
  if (options.threadId !== undefined) query.set('thread_id', options.threadId);
  const url = `${target.base}/api/${API_VERSION}${Routes.webhook(target.id, target.token)}?${query}`;
  return postJson(url, body, { signal: ctx.signal, timeoutMs: ctx.timeoutMs, headers: { 'user-agent': userAgent() } });
}

/**
 * Edit Webhook Message (discord-api-docs resources/webhook): a message the webhook posted,
 * by id; `thread_id` when it was posted into a thread (Discord looks for it in the
 * webhook's channel otherwise).
 */
export function editWebhookMessage(
  target: WebhookTarget,
  messageId: string,
  body: unknown,
  options: { threadId?: string | undefined },
  ctx: SendContext<DiscordPlatform>,
): Promise<PostResult> {
  const threadId = options.threadId ?? target.query.get('thread_id') ?? undefined;
  const query = threadId === undefined ? '' : `?${new URLSearchParams({ thread_id: threadId })}`;
  const url = `${target.base}/api/${API_VERSION}${Routes.webhookMessage(target.id, target.token, messageId)}${query}`;
  return postJson(url, body, { signal: ctx.signal, timeoutMs: ctx.timeoutMs, method: 'PATCH', headers: { 'user-agent': userAgent() } });
}

/** A request to the bot API under `platforms.discord.api_url`, with the bot token. */
function botRequest(path: string, token: string, body: unknown, method: 'POST' | 'PATCH', ctx: SendContext<DiscordPlatform>): Promise<PostResult> {
  const base = ctx.platformConfig.api_url.replace(/\/+$/, '');
  return postJson(`${base}/${API_VERSION}${path}`, body, {
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
    method,
    headers: { authorization: `Bot ${token}`, 'user-agent': userAgent() },
  });
}

/** Create Message (discord-api-docs resources/message) with a bot token; a thread is a channel too. */
export function createChannelMessage(channelId: string, token: string, body: unknown, ctx: SendContext<DiscordPlatform>): Promise<PostResult> {
  return botRequest(Routes.channelMessages(channelId), token, body, 'POST', ctx);
}

/** Edit Message (discord-api-docs resources/message): the bot's own message. */
export function editChannelMessage(channelId: string, messageId: string, token: string, body: unknown, ctx: SendContext<DiscordPlatform>): Promise<PostResult> {
  return botRequest(Routes.channelMessage(channelId, messageId), token, body, 'PATCH', ctx);
}

/**
 * Start Thread from Message (discord-api-docs resources/channel): answers the thread, a
 * channel whose id is the message's id.
 */
export function startMessageThread(
  channelId: string,
  messageId: string,
  token: string,
  body: RESTPostAPIChannelMessagesThreadsJSONBody,
  ctx: SendContext<DiscordPlatform>,
): Promise<PostResult> {
  return botRequest(Routes.threads(channelId, messageId), token, body, 'POST', ctx);
}
