// Production requests: each adapter sends to the real hosts (Slack, Discord, Teams), where
// nock answers in place of the platform, so the test sees the request exactly as it would
// leave the machine (method, URL with its query, headers, body). Behaviour tests (retries,
// rate limits, errors) use the fake platform server instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { SendContext } from '../../../adapters/adapter.js';
import { REGISTRIES } from '../../../src/cli/context.js';
import { parseConfigText } from '../../../src/config/loader.js';
import type { NormalizedEvent } from '../../../src/events/event.js';
import { loadFixtures, TEST_ROOT, type PlatformName } from '../render/platforms.js';
import type { ApiPlatformConfig } from './helpers.js';

export interface SeenRequest {
  method: string;
  /** Origin, path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text for other content types. */
  body: unknown;
}

/** Nothing may leave the machine; every answer is scripted and must be used. */
export function useProductionHosts(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'a scripted answer was never asked for').toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}

const FRAMING = new Set(['connection', 'content-length']);

/** Answers the next request (POST unless `method` says) to `origin` with `reply` and records the request. */
export function answerOnce(
  origin: string,
  reply: { status: number; body?: string | Record<string, unknown>; headers?: Record<string, string> },
  method: 'POST' | 'PATCH' = 'POST',
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  nock(origin)
    .intercept(() => true, method)
    .reply(function (uri, body) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(this.req.headers)) {
        // Framing that node's HTTP client adds to every request, not something an adapter chose.
        if (FRAMING.has(name.toLowerCase())) continue;
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      seen.push({ method: this.req.method ?? '', url: `${origin}${uri}`, headers, body });
      return [reply.status, reply.body ?? '', reply.headers ?? {}];
    });
  return seen;
}

/** The platform's settings a config gets when it does not set `platforms` (the real APIs). */
export function productionContext(platform: string): SendContext<ApiPlatformConfig> {
  const loaded = parseConfigText('{}', {}, REGISTRIES);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return {
    signal: new AbortController().signal,
    timeoutMs: 5000,
    platformConfig: loaded.config.platforms[platform] as ApiPlatformConfig,
    stdout: process.stdout,
  };
}

/** The fixture the golden payloads are compared on, and its golden payload per platform. */
export const GOLDEN_FIXTURE = 'generation-completed-php';

export function goldenEvent(): NormalizedEvent {
  const fixture = loadFixtures().find((f) => f.name === GOLDEN_FIXTURE);
  if (!fixture) throw new Error(`fixture ${GOLDEN_FIXTURE} missing`);
  return fixture.event;
}

export function goldenPayload(platform: PlatformName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(TEST_ROOT, 'golden', platform, `${GOLDEN_FIXTURE}.json`), 'utf8')) as Record<string, unknown>;
}
