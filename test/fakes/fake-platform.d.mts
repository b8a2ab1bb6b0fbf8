/** Types for fake-platform.mjs (plain JavaScript so it also runs under bare `node`). */

export type FakeRoute = 'slack.api' | 'slack.webhook' | 'discord.webhook' | 'discord.bot' | 'teams.workflows' | 'teams.legacy';

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
