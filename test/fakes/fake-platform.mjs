#!/usr/bin/env node
// A scriptable fake of the Slack, Discord and Teams endpoints Herald posts to, on a real
// node:http server bound to 127.0.0.1 only. Plain JavaScript so that crash tests and the
// bench can run it with bare `node`; types for TypeScript tests are in fake-platform.d.mts.
//
// In a test:   const fake = await startFakePlatform(); … fake.url … await fake.close();
// As a process: node test/fakes/fake-platform.mjs --port 0
//   prints {"url":"http://127.0.0.1:PORT"} as its first stdout line and is driven over HTTP:
//   POST /_control/script {pathPrefix, replies}   POST /_control/limit {pathPrefix, count, windowMs, …}
//   POST /_control/reset                          GET  /_control/requests → {requests, earlyRetries, stats}
//   POST /_control/down {pathPrefix, reply?}      POST /_control/up {pathPrefix}
//   GET  /_control/messages → {messages}          POST /_control/delete {id}
//
// Routes and their default answers (Slack Web API and Discord bot routes answer as without
// a token when the request has none: {ok:false,error:"not_authed"} / 401):
//   POST  /services/…                          Slack incoming webhook → 200 "ok"
//   POST  /api/chat.postMessage                Slack Web API → {ok:true, channel, ts, message}; with thread_ts
//                                              a reply ({ok:false,error:"thread_not_found"} when the parent is not there)
//   POST  /api/chat.update                     → {ok:true, channel, ts, text, message}, {ok:false,error:"message_not_found"}
//   POST  /api[/vN]/webhooks/:id/:token        Discord webhook → 204, or 200 + the message with ?wait=true
//   PATCH /api[/vN]/webhooks/:id/:token/messages/:mid    → 200 + the edited message, 404 {code:10008} (Unknown Message)
//   POST  /api[/vN]/channels/:id/messages      Discord bot → 200 + the message (a thread's id is a channel too)
//   PATCH /api[/vN]/channels/:id/messages/:mid           → 200 + the edited message, 404 {code:10008}
//   POST  /api[/vN]/channels/:id/messages/:mid/threads   → 201 + the thread {id: mid, type: 11}; again 400 {code:160004}
//   /teams/workflows/…                         Teams Workflows → 202, empty body
//   /teams/…                                   Teams legacy connector → 200 "1"
// Posted messages are kept (fake-messages.mjs: `messages`, by Slack ts or Discord id) so
// edits and thread replies can be checked; `deleteMessage` takes one away as a user would.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { keptMessages } from './fake-messages.mjs';
import { answer, headerValue, parseBody } from './fake-http.mjs';

const HOST = '127.0.0.1';
const BODY_LIMIT_BYTES = 1 << 20;
const now = () => performance.timeOrigin + performance.now(); // epoch ms, sub-ms precision

const DISCORD = String.raw`^\/api(?:\/v\d+)?`;
/** Path patterns of the Discord routes, with the ids they name. */
const DISCORD_ROUTES = [
  ['discord.webhook', new RegExp(`${DISCORD}/webhooks/([^/]+)/([^/]+)/?$`)],
  ['discord.webhook.edit', new RegExp(`${DISCORD}/webhooks/([^/]+)/([^/]+)/messages/([^/]+)/?$`)],
  ['discord.bot', new RegExp(`${DISCORD}/channels/([^/]+)/messages/?$`)],
  ['discord.bot.edit', new RegExp(`${DISCORD}/channels/([^/]+)/messages/([^/]+)/?$`)],
  ['discord.bot.thread', new RegExp(`${DISCORD}/channels/([^/]+)/messages/([^/]+)/threads/?$`)],
];

/** The method each route answers; any other gets 405. */
const METHODS = { 'discord.webhook.edit': 'PATCH', 'discord.bot.edit': 'PATCH' };

/** Which platform endpoint a path is, or undefined. */
export function routeOf(pathname) {
  if (pathname === '/api/chat.postMessage') return 'slack.api';
  if (pathname === '/api/chat.update') return 'slack.update';
  if (pathname.startsWith('/services/')) return 'slack.webhook';
  for (const [route, pattern] of DISCORD_ROUTES) if (pattern.test(pathname)) return route;
  if (pathname.startsWith('/teams/workflows/')) return 'teams.workflows';
  if (pathname.startsWith('/teams/')) return 'teams.legacy';
  return undefined;
}

/** The ids in a Discord route's path: [webhook id, token, message id] or [channel id, message id]. */
function discordIds(route, pathname) {
  const entry = DISCORD_ROUTES.find(([name]) => name === route);
  return entry ? entry[1].exec(pathname).slice(1) : [];
}

export async function startFakePlatform(options = {}) {
  const state = {
    requests: [],
    scripts: [], // { prefix, queue: Reply[] }
    limits: [], // { prefix, count, windowMs, per, global, buckets: Map }
    outages: [], // { prefix, reply }: every request answered with reply until `up`
    blockedUntil: new Map(), // bucket key → epoch ms an announced Retry-After runs out
    earlyRetries: 0,
    byStatus: {},
    timers: new Set(),
  };
  const kept = keptMessages();

  const server = http.createServer((req, res) => {
    const at = now();
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/_control/')) return control(req, res, url, raw);
      handle(req, res, url, raw, at, size > BODY_LIMIT_BYTES);
    });
  });

  function handle(req, res, url, raw, at, tooBig) {
    const route = routeOf(url.pathname);
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      url: `${url.pathname}${url.search}`,
      headers: { ...req.headers },
      body: parseBody(raw, req.headers['content-type']),
      rawBody: raw,
      at,
      route: route ?? null,
      status: 0,
      early: false,
    };
    state.requests.push(record);

    const key = bucketKeyFor(url.pathname);
    const blocked = state.blockedUntil.get(key);
    if (blocked !== undefined && at < blocked) {
      record.early = true;
      state.earlyRetries++;
    }

    let reply;
    const scripted = state.scripts.find((s) => url.pathname.startsWith(s.prefix) && s.queue.length > 0);
    const outage = state.outages.find((o) => url.pathname.startsWith(o.prefix));
    if (scripted) reply = scripted.queue.shift();
    else if (outage) reply = { ...outage.reply };
    else if (!route || req.method !== (METHODS[route] ?? 'POST')) reply = { status: route ? 405 : 404, body: { error: route ? 'method not allowed' : 'no such endpoint' } };
    else if (tooBig) reply = { status: 413, body: 'Request Entity Too Large' };
    else {
      const gate = limited(route, url.pathname, at);
      reply = gate.reply ?? defaultReply(route, url, record);
      if (gate.headers) reply = { ...reply, headers: { ...reply.headers, ...gate.headers } };
    }

    record.status = reply.destroy || reply.hang ? 0 : reply.status ?? 200;
    noteAnnouncedWait(key, reply, at);
    state.byStatus[record.status] = (state.byStatus[record.status] ?? 0) + 1;
    const respond = () => answer(req, res, reply);
    if (reply.delayMs > 0) {
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        respond();
      }, reply.delayMs);
      state.timers.add(timer);
    } else respond();
  }

  /** The key early retries are counted on: the limit's bucket when one covers the path, else the path. */
  function bucketKeyFor(pathname) {
    const limit = state.limits.find((l) => pathname.startsWith(l.prefix));
    if (!limit) return pathname;
    return limit.per === 'prefix' ? `prefix:${limit.prefix}` : pathname;
  }

  /** A 429 (or any reply) that announces a wait: requests before it runs out are "early". */
  function noteAnnouncedWait(key, reply, at) {
    if (reply.status !== 429) return;
    const waits = [];
    const header = headerValue(reply.headers, 'retry-after');
    if (header !== undefined) {
      const seconds = Number(header);
      if (Number.isFinite(seconds)) waits.push(seconds * 1000);
      else if (!Number.isNaN(Date.parse(header))) waits.push(Date.parse(header) - Date.now());
    }
    if (reply.body && typeof reply.body === 'object' && typeof reply.body.retry_after === 'number') waits.push(reply.body.retry_after * 1000);
    if (reply.announcedMs !== undefined) waits.push(reply.announcedMs);
    if (waits.length === 0) return;
    // The shortest announcement counts: a client honouring any of them is not early.
    const until = at + Math.min(...waits);
    state.blockedUntil.set(key, Math.max(until, state.blockedUntil.get(key) ?? 0));
  }

  /**
   * Fixed windows per bucket, like Discord's: N requests, then 429 until the window resets.
   * Returns the 429 to send, or the rate-limit headers a Discord success carries.
   */
  function limited(route, pathname, at) {
    const limit = state.limits.find((l) => pathname.startsWith(l.prefix));
    if (!limit) return {};
    const key = limit.per === 'prefix' ? `prefix:${limit.prefix}` : pathname;
    let bucket = limit.buckets.get(key);
    if (!bucket || at >= bucket.windowStart + limit.windowMs) {
      bucket = { windowStart: at, used: 0 };
      limit.buckets.set(key, bucket);
    }
    const resetAfterMs = bucket.windowStart + limit.windowMs - at;
    if (bucket.used >= limit.count) return { reply: tooManyRequests(route, limit, key, resetAfterMs) };
    bucket.used++;
    // Discord reports the bucket on every answer, so a client can pause before a 429.
    if (!route.startsWith('discord')) return {};
    return { headers: discordRateHeaders(limit, limit.count - bucket.used, resetAfterMs) };
  }

  function tooManyRequests(route, limit, key, waitMs) {
    const retryAfterS = Math.ceil(waitMs) / 1000;
    const headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) };
    let body;
    if (route.startsWith('discord')) {
      Object.assign(headers, discordRateHeaders(limit, 0, waitMs), { 'x-ratelimit-scope': limit.global ? 'global' : 'user' });
      if (limit.global) headers['x-ratelimit-global'] = 'true';
      body = { message: 'You are being rate limited.', retry_after: retryAfterS, global: Boolean(limit.global) };
    } else if (route === 'slack.api' || route === 'slack.update') body = { ok: false, error: 'ratelimited' };
    else if (route === 'slack.webhook') body = 'rate_limited';
    else body = 'Microsoft Teams endpoint returned HTTP error 429';
    return { status: 429, headers, body, announcedMs: waitMs };
  }

  function discordRateHeaders(limit, remaining, resetAfterMs) {
    return {
      'x-ratelimit-limit': String(limit.count),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': ((Date.now() + resetAfterMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': (Math.ceil(resetAfterMs) / 1000).toFixed(3),
      'x-ratelimit-bucket': createHash('sha1').update(limit.prefix).digest('hex').slice(0, 16),
    };
  }

  function defaultReply(route, url, record) {
    const authorized = (scheme) => new RegExp(`^${scheme} \\S+`).test(record.headers.authorization ?? '');
    switch (route) {
      case 'slack.webhook':
        return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
      case 'slack.api':
      case 'slack.update':
        if (!authorized('Bearer')) return { status: 200, body: { ok: false, error: 'not_authed' } };
        return route === 'slack.api' ? kept.slackPost(record.body) : kept.slackUpdate(record.body);
      case 'discord.webhook': {
        const [webhookId] = discordIds(route, url.pathname);
        const message = kept.webhookPost(webhookId, url.searchParams.get('thread_id') ?? undefined, record.body);
        return url.searchParams.get('wait') === 'true' ? { status: 200, body: message } : { status: 204 };
      }
      case 'discord.webhook.edit': {
        const [webhookId, , messageId] = discordIds(route, url.pathname);
        return kept.webhookEdit(webhookId, messageId, url.searchParams.get('thread_id') ?? undefined, record.body);
      }
      case 'discord.bot':
      case 'discord.bot.edit':
      case 'discord.bot.thread': {
        if (!authorized('Bot')) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
        const [channelId, messageId] = discordIds(route, url.pathname);
        if (route === 'discord.bot') return kept.botPost(channelId, record.body);
        return route === 'discord.bot.edit' ? kept.botEdit(channelId, messageId, record.body) : kept.startThread(channelId, messageId, record.body);
      }
      case 'teams.workflows':
        return { status: 202 };
      default:
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: '1' };
    }
  }

  function control(req, res, url, raw) {
    let input = {};
    try {
      input = raw ? JSON.parse(raw) : {};
    } catch {
      return answer(req, res, { status: 400, body: { error: 'invalid JSON' } });
    }
    if (req.method === 'POST' && url.pathname === '/_control/script') api.script(input.pathPrefix, input.replies);
    else if (req.method === 'POST' && url.pathname === '/_control/limit') api.limit(input.pathPrefix, input);
    else if (req.method === 'POST' && url.pathname === '/_control/reset') api.reset();
    else if (req.method === 'POST' && url.pathname === '/_control/down') api.down(input.pathPrefix, input.reply);
    else if (req.method === 'POST' && url.pathname === '/_control/up') api.up(input.pathPrefix);
    else if (req.method === 'POST' && url.pathname === '/_control/delete') {
      return answer(req, res, { status: 200, body: { ok: api.deleteMessage(String(input.id)) } });
    } else if (req.method === 'GET' && url.pathname === '/_control/messages') {
      return answer(req, res, { status: 200, body: { messages: [...kept.messages.values()] } });
    }
    else if (req.method === 'GET' && url.pathname === '/_control/requests') {
      return answer(req, res, { status: 200, body: { requests: state.requests, earlyRetries: state.earlyRetries, stats: api.stats() } });
    } else return answer(req, res, { status: 404, body: { error: 'no such control endpoint' } });
    return answer(req, res, { status: 200, body: { ok: true } });
  }

  const api = {
    url: '',
    get requests() {
      return state.requests;
    },
    get earlyRetries() {
      return state.earlyRetries;
    },
    get messages() {
      return kept.messages;
    },
    deleteMessage(id) {
      return kept.messages.delete(id);
    },
    script(pathPrefix, replies) {
      const list = Array.isArray(replies) ? replies : [replies];
      let entry = state.scripts.find((s) => s.prefix === pathPrefix);
      if (!entry) {
        entry = { prefix: pathPrefix, queue: [] };
        state.scripts.push(entry);
        state.scripts.sort((a, b) => b.prefix.length - a.prefix.length); // most specific first
      }
      entry.queue.push(...list.map((r) => ({ ...r })));
    },
    limit(pathPrefix, { count, windowMs, per = 'path', global = false }) {
      state.limits = state.limits.filter((l) => l.prefix !== pathPrefix);
      state.limits.push({ prefix: pathPrefix, count, windowMs, per, global, buckets: new Map() });
      state.limits.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    down(pathPrefix, reply = { status: 503, body: 'Service Unavailable' }) {
      state.outages = state.outages.filter((o) => o.prefix !== pathPrefix);
      state.outages.push({ prefix: pathPrefix, reply });
      state.outages.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    up(pathPrefix) {
      state.outages = state.outages.filter((o) => o.prefix !== pathPrefix);
    },
    reset() {
      state.requests.length = 0;
      state.scripts = [];
      state.limits = [];
      state.outages = [];
      state.blockedUntil.clear();
      state.earlyRetries = 0;
      state.byStatus = {};
      kept.clear();
    },
    stats() {
      return {
        total: state.requests.length,
        byStatus: { ...state.byStatus },
        rateLimited: state.byStatus[429] ?? 0,
        earlyRetries: state.earlyRetries,
      };
    },
    async close() {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  api.url = `http://${HOST}:${server.address().port}`;
  return api;
}


function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const index = process.argv.indexOf('--port');
  const port = index >= 0 ? Number(process.argv[index + 1]) : 0;
  const fake = await startFakePlatform({ port });
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      fake.close().then(() => process.exit(0));
    });
  }
}
