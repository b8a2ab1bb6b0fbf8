/** Types for fake-platform.mjs (plain JavaScript so it also runs under bare `node`). */

/**
 * Which endpoint a request went to. `slack.api` is chat.postMessage (a thread reply too),
 * `slack.update` chat.update; `discord.webhook.edit` (PATCH) edits a webhook's message,
 * `discord.bot.edit` (PATCH) a bot's, `discord.bot.thread` starts a thread on a message;
 * `discord.bot` posts into a channel or a thread.
 */
export type FakeRoute =
  | 'slack.api'
  | 'slack.update'
  | 'slack.webhook'
  | 'discord.webhook'
  | 'discord.webhook.edit'
  | 'discord.bot'
  | 'discord.bot.edit'
  | 'discord.bot.thread'
  | 'teams.workflows'
  | 'teams.legacy';

/** A message the fake keeps (Slack bot and Discord): its latest content, and where it is. */
export interface FakeMessage {
  platform: 'slack' | 'discord';
  /** Slack `ts` or Discord message id (the key in `messages`). */
  id: string;
  /** Slack channel as posted; Discord `channel_id` (a thread's id for a message posted into it). */
  channel: string;
  /** The body as posted, minus Slack's `channel`, with each edit's fields laid over it. */
  body: any;
  /** Edits so far. */
  edits: number;
  /** The thread it was posted in: Slack `thread_ts` (the parent's ts), Discord thread id. */
  thread?: string;
  /** Discord: the webhook that posted it. */
  webhookId?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  /** Path with the query, as requested. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** JSON or form body parsed (form fields holding JSON are decoded); text otherwise; undefined when empty. */
  body: any;
  rawBody: string;
  /** Arrival, epoch ms with sub-ms precision. */
  at: number;
  route: FakeRoute | null;
  /** Status answered (0 when the socket was destroyed or left hanging). */
  status: number;
  /** Sent before a Retry-After announced on this bucket ran out. */
  early: boolean;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as text/plain; anything else as JSON. */
  body?: unknown;
  /** Answer after this long (e.g. longer than the client's timeout). */
  delayMs?: number;
  /** Close the connection without answering. */
  destroy?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface LimitOptions {
  count: number;
  windowMs: number;
  /** `path` (default): one bucket per request path (per webhook); `prefix`: one bucket for the whole prefix. */
  per?: 'path' | 'prefix';
  /** Discord only: answer 429s as the global limit (`global: true`, `X-RateLimit-Global`). */
  global?: boolean;
}

export interface FakeStats {
  total: number;
  byStatus: Record<string, number>;
  rateLimited: number;
  earlyRetries: number;
}

export interface FakePlatform {
  /** `http://127.0.0.1:<port>` */
  url: string;
  readonly requests: RecordedRequest[];
  /** Requests sent before an announced Retry-After ran out. */
  readonly earlyRetries: number;
  /** Messages posted and not deleted, by Slack ts or Discord id (cleared by `reset`). */
  readonly messages: ReadonlyMap<string, FakeMessage>;
  /** Takes a message away, as a user deleting it: later edits answer "not found". False when there was none. */
  deleteMessage(id: string): boolean;
  /** Queues replies for paths starting with `pathPrefix` (the longest matching prefix wins). */
  script(pathPrefix: string, replies: ScriptedReply | ScriptedReply[]): void;
  /** Rate-limits paths starting with `pathPrefix`: `count` per `windowMs`, then 429s. */
  limit(pathPrefix: string, options: LimitOptions): void;
  /** An outage: every request to paths starting with `pathPrefix` gets `reply` (default 503) until `up`; scripted replies still come first. */
  down(pathPrefix: string, reply?: ScriptedReply): void;
  up(pathPrefix: string): void;
  reset(): void;
  stats(): FakeStats;
  close(): Promise<void>;
}

export function routeOf(pathname: string): FakeRoute | undefined;
export function startFakePlatform(options?: { port?: number }): Promise<FakePlatform>;
