import type { z } from 'zod';
import type { NormalizedEvent } from '../events/event.js';
import type { DriftCollector } from './lenient.js';

/** One inbound request as a source sees it: the raw bytes, never a re-serialized body. */
export interface SourceRequest {
  raw: Buffer;
  /** Header names lower-cased; a repeated header is joined with ", ". */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  now: Date;
  /** Collects the payload's fields of an unexpected type (see lenient.ts); the receiver reports them. */
  drift?: DriftCollector;
}

/** Marks the start or end of a streamed response (ParrotRouter). */
export interface StreamMark {
  id: string;
  role: 'start' | 'end';
  /** How many chunks the stream has, when its end says so. */
  totalChunks?: number;
  /** How long an end that lacks chunks waits for them before it is delivered as it is. */
  waitMs?: number;
}

/** What a verified request turns into. */
export type Inbound =
  /** A normal event. */
  | { kind: 'event'; event: NormalizedEvent; stream?: StreamMark }
  /** A piece of a streamed response: stored, never delivered on its own. */
  | { kind: 'chunk'; id: string; streamId: string; index: number; text: string }
  /** Answered as-is with 200 and nothing stored (I Hate PPT's verification challenge). */
  | { kind: 'reply'; body: Record<string, unknown> };

export type SourceErrorCode = 'invalid_payload' | 'missing_signature' | 'invalid_signature' | 'timestamp_out_of_tolerance';

/** The one error a source throws; the receiver maps `code` to its HTTP status (src/http/errors.ts). */
export class SourceError extends Error {
  readonly code: SourceErrorCode;

  constructor(code: SourceErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = 'SourceError';
    this.code = code;
  }
}

/** A configured inbound provider (one per `sources.<key>`). */
export interface Source {
  readonly key: string;
  readonly provider: string;
  /** Checks the signature/token on the raw bytes. Throws SourceError; never anything else. */
  verify(req: SourceRequest): void;
  /** Parses and normalizes a verified request. Throws SourceError('invalid_payload'). */
  parse(req: SourceRequest): Inbound;
}

/** What `herald simulate` needs to send a request exactly as the provider would. */
export interface SignedRequest {
  headers: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * One provider type: its config schema, its factory and how it signs (for simulate). A
 * folder under src/sources/ and one line in src/sources/registry.ts; everything else that
 * names providers (config schema, log redaction, CLI help, test matrices) derives from these
 * declarations.
 */
export interface SourceType<C extends { type: string } = { type: string }> {
  readonly type: string;
  /** A strict zod object including `type: z.literal(<type>)`; composed into the config schema. */
  readonly configSchema: z.ZodType<C>;
  /**
   * A valid config of this type as written in YAML, with placeholder secrets: `herald render`
   * normalizes with it when no config names the source, and the tests build every provider
   * from it.
   */
  readonly exampleConfig: Readonly<{ type: string } & Record<string, unknown>>;
  /** Request headers (lower case) that carry the provider's signature or token: the logger censors them. */
  readonly signatureHeaders: readonly string[];
  /** Query parameters that carry a token instead (PromptPal's `?token=`): censored too. */
  readonly signatureQuery?: readonly string[];
  create(key: string, config: C): Source;
  /**
   * Sample payloads built from the provider's documentation, the most typical first, each
   * keyed by its event type. When one type has several samples (PromptPal's
   * onPromptFinished succeeds or fails), the others are keyed `<type>:<variant>`, e.g.
   * `onPromptFinished:failed`; `herald simulate --list` shows these names.
   */
  samples(now: Date): Record<string, unknown>;
  /** Signs a body exactly as the provider does, with the config's first usable secret. */
  sign(raw: Buffer, config: C, now: Date): SignedRequest;
}
