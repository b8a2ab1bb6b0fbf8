import type { z } from 'zod';
import type { Rate } from '../config/schema-parts.js';
import type { NormalizedEvent } from '../events/event.js';
import type { FollowMode, MessageRef } from '../store/store.js';

export type { FollowMode, MessageRef };

/**
 * The contract between Herald's core and an outbound platform. The core owns it (the
 * delivery worker, the config schema and the CLI consume it); each folder under adapters/
 * implements it, and adapters/registry.ts lists them. adapters/adapter.ts re-exports it for
 * the adapters' own imports.
 */

/** Options a route adds to the messages it sends: mentions are opt-in, per route, and nothing else may ping anyone. */
export interface RenderOptions {
  /** `here`, `channel`, or a platform user/role id. Nothing else may mention anyone. */
  mention?: string;
  /**
   * The message stands for a whole job (route option `follow`): it shows the job's current
   * state, with when the job started (epoch ms) and how long it has run.
   */
  job?: { startedAt: number };
}

/** A platform payload, ready to post. `render` is pure so goldens and `herald render` work. */
export interface RenderedMessage {
  /** Exactly the body that would be posted (a string for the console). */
  payload: unknown;
  /** A short plain-text summary, for logs and previews. */
  summary: string;
}

export interface SendContext<P = unknown> {
  signal: AbortSignal;
  timeoutMs: number;
  /** This platform's section of the config's `platforms` (parsed by its `platformSchema`; undefined without one). */
  platformConfig: P;
  /** Where the console adapter writes. */
  stdout: NodeJS.WritableStream;
}

/** A pause a successful response asks for (Discord `X-RateLimit-Remaining: 0`). */
export interface RateLimitHint {
  /** One of the adapter's `limitScopes` (or a bucket scope it derives). */
  scope: string;
  waitMs: number;
}

export interface SendResult {
  /** Pauses to apply before the next request in these scopes, even though this one succeeded. */
  pauses?: RateLimitHint[];
  /**
   * Where the message now is, when the platform said (Slack bot `ts`, Discord `?wait=true`
   * id, a thread just started): the worker keeps it to edit or reply later. An edit may
   * return an updated reference, or none (the old one stands).
   */
  ref?: MessageRef;
}

/**
 * What to do with a job's later event instead of posting a new message: edit the job's
 * message (`ref`) or reply in its thread. Only asked of a channel whose adapter's
 * `follows(channel)` allows the mode.
 */
export interface FollowUp {
  mode: FollowMode;
  ref: MessageRef;
}

/**
 * One way a platform renders an event: `herald render --platform <name>`, the golden files
 * (test/golden/<name>/) and the gallery (docs/gallery/<name>/) all iterate these.
 */
export interface RenderFormat {
  /** A channel config that selects this format, as written in YAML (credentials are placeholders: rendering never reads them). */
  readonly channel: Readonly<Record<string, unknown>>;
  /** What the payload is (Markdown, one line: docs/gallery/README.md). */
  readonly what: string;
  /** Where to preview it (Markdown, one line). */
  readonly preview: string;
  /**
   * The part of the payload a previewer takes on its own, when it is not the whole body
   * (the Adaptive Card inside the Teams Workflows envelope): the gallery writes it as
   * `<event>.<suffix>.json` next to the payload.
   */
  readonly previewPart?: { readonly suffix: string; pick(payload: unknown): unknown };
}

/**
 * One outbound platform: a folder under adapters/ and one line in adapters/registry.ts.
 * Everything else that names platforms (config schema, `herald render`, the gallery, the
 * test matrices) is derived from these declarations.
 * `render` is pure; `send` only does I/O and throws DeliveryError (delivery-error.ts).
 */
export interface Adapter<C extends { platform: string } = { platform: string }, P = unknown> {
  readonly platform: string;
  /** A strict zod object including `platform: z.literal(<platform>)`; composed into the config schema. */
  readonly configSchema: z.ZodType<C>;
  /**
   * `platforms.<platform>` in the config (API base URLs, for proxies and gateways): a strict
   * zod object whose every key has a default. Omitted when the platform has no such settings.
   */
  readonly platformSchema?: z.ZodType<P>;
  /** Pace used when the channel sets no `rate` (docs/platform-limits.md). */
  readonly defaultRate: Rate;
  /**
   * The renderings this platform offers, by name; the first is the platform's default. A
   * format may be named after the platform itself (`slack`); otherwise `--platform <platform>`
   * also renders the default format.
   */
  readonly renderFormats: Readonly<Record<string, RenderFormat>>;
  render(event: NormalizedEvent, channel: C, options?: RenderOptions): RenderedMessage;
  /**
   * Posts the message, or with `followUp`, edits the job's message / replies in its
   * thread. An edit or reply whose message is gone throws DeliveryError `MESSAGE_GONE`: the
   * worker then posts a new job message.
   */
  send(message: RenderedMessage, channel: C, ctx: SendContext<P>, followUp?: FollowUp): Promise<SendResult>;
  /**
   * Which follow-ups this channel can do (Slack bot: edit and thread; Discord webhook:
   * edit; Discord bot: both; incoming webhooks and Teams: none — later events are posted
   * as new messages). Omitted: none.
   */
  follows?(channel: C): { edit: boolean; thread: boolean };
  /**
   * The rate-limit scopes this channel's requests count against, most specific first,
   * e.g. `["discord:webhook:<hash>", "discord:global"]`. A pause on a scope holds every
   * channel that lists it, and only those.
   */
  limitScopes(channel: C): string[];
  /** A human label of the destination with secrets removed, for logs and `validate`. */
  describe(channel: C): string;
}

/** Any registered adapter, as the core holds them (each has its own channel and platform types). */
export type AnyAdapter = Adapter<{ platform: string }, unknown>;
