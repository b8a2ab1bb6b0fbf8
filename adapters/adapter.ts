import type { z } from 'zod';
import type { NormalizedEvent } from '../src/events/event.js';
import type { Rate } from '../src/config/schema-parts.js';

/** Options a route adds to the messages it sends (SPEC §5: opt-in mentions only). */
export interface RenderOptions {
  /** `here`, `channel`, or a platform user/role id. Nothing else may mention anyone. */
  mention?: string;
}

/** A platform payload, ready to post. `render` is pure so goldens and `herald render` work. */
export interface RenderedMessage {
  /** Exactly the body that would be posted (a string for the console). */
  payload: unknown;
  /** A short plain-text summary, for logs and previews. */
  summary: string;
}

/** Base URLs of the platforms' APIs (`platforms.*` in the config). */
export interface PlatformUrls {
  slackApiUrl: string;
  discordApiUrl: string;
}

export interface SendContext {
  signal: AbortSignal;
  timeoutMs: number;
  platforms: PlatformUrls;
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
}

/**
 * One outbound platform: a folder under adapters/ and one line in adapters/registry.ts.
 * `render` is pure; `send` only does I/O and throws DeliveryError (adapters/http.ts).
 */
export interface Adapter<C extends { platform: string } = { platform: string }> {
  readonly platform: string;
  /** A strict zod object including `platform: z.literal(<platform>)`; composed into the config schema. */
  readonly configSchema: z.ZodType<C>;
  /** Pace used when the channel sets no `rate` (PLATFORMS.md). */
  readonly defaultRate: Rate;
  render(event: NormalizedEvent, channel: C, options?: RenderOptions): RenderedMessage;
  send(message: RenderedMessage, channel: C, ctx: SendContext): Promise<SendResult>;
  /**
   * The rate-limit scopes this channel's requests count against, most specific first,
   * e.g. `["discord:webhook:<hash>", "discord:global"]`. A pause on a scope holds every
   * channel that lists it, and only those.
   */
  limitScopes(channel: C): string[];
  /** A human label of the destination with secrets removed, for logs and `validate`. */
  describe(channel: C): string;
}
