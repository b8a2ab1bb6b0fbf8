import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { SendContext, SendResult } from '../../../adapters/adapter.js';
import { DeliveryError, type DeliveryErrorCode } from '../../../adapters/http.js';
import type { FakePlatform, ScriptedReply } from '../../fakes/fake-platform.mjs';

/** `platforms.<platform>` of the platforms that have API base URLs (Slack and Discord bots). */
export type ApiPlatformConfig = { api_url: string };

export function sendContext(fake: Pick<FakePlatform, 'url'>, overrides: Partial<SendContext<ApiPlatformConfig>> = {}): SendContext<ApiPlatformConfig> {
  return {
    signal: new AbortController().signal,
    timeoutMs: 1000,
    platformConfig: { api_url: `${fake.url}/api/` },
    stdout: process.stdout,
    ...overrides,
  };
}

/** A loopback URL nothing listens on (a port just freed). */
export async function refusedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export async function failure(promise: Promise<SendResult>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

/** One row of a classification table: a scripted answer (or a transport failure) and its outcome. */
export interface Row {
  name: string;
  reply?: ScriptedReply;
  /** Instead of a reply: point the channel at a closed port, or answer after the timeout. */
  transport?: 'refused' | 'timeout';
  expect: DeliveryErrorCode | 'delivered';
  retryAfterMs?: number | [min: number, max: number];
  scope?: string;
  status?: number;
}

export function checkOutcome(row: Row, outcome: SendResult | DeliveryError): void {
  if (row.expect === 'delivered') {
    expect(outcome).not.toBeInstanceOf(DeliveryError);
    return;
  }
  expect(outcome).toBeInstanceOf(DeliveryError);
  const err = outcome as DeliveryError;
  expect({ code: err.code, retryable: err.retryable }).toEqual({ code: row.expect, retryable: RETRYABLE.has(row.expect) });
  if (typeof row.retryAfterMs === 'number') expect(err.retryAfterMs).toBe(row.retryAfterMs);
  if (Array.isArray(row.retryAfterMs)) {
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(row.retryAfterMs[0]);
    expect(err.retryAfterMs).toBeLessThanOrEqual(row.retryAfterMs[1]);
  }
  if (row.scope !== undefined) expect(err.scope).toBe(row.scope);
  if (row.status !== undefined) expect(err.status).toBe(row.status);
}

const RETRYABLE = new Set<DeliveryErrorCode>(['RATE_LIMITED', 'SERVER', 'NETWORK', 'TIMEOUT']);

export async function outcomeOf(promise: Promise<SendResult>): Promise<SendResult | DeliveryError> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
}

/** An HTTP date `seconds` from now, for Retry-After. */
export function httpDateIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toUTCString();
}

/** The rows every adapter shares: each status class and both transport failures. */
export function statusClassRows(errorBody: (status: number) => unknown): Row[] {
  const row = (status: number, expectCode: DeliveryErrorCode, extra: Partial<Row> = {}): Row => ({
    name: `${status}`,
    reply: { status, body: errorBody(status) },
    expect: expectCode,
    status,
    ...extra,
  });
  return [
    row(400, 'REJECTED'),
    row(401, 'AUTH'),
    row(403, 'AUTH'),
    row(404, 'GONE'),
    row(408, 'SERVER'),
    row(410, 'GONE'),
    row(413, 'TOO_LARGE'),
    { ...row(429, 'RATE_LIMITED'), name: '429 with Retry-After seconds', reply: { status: 429, headers: { 'retry-after': '7' }, body: errorBody(429) }, retryAfterMs: 7000 },
    {
      ...row(429, 'RATE_LIMITED'),
      name: '429 with Retry-After HTTP date',
      reply: { status: 429, headers: { 'retry-after': httpDateIn(30) }, body: errorBody(429) },
      retryAfterMs: [28_000, 30_000],
    },
    row(500, 'SERVER'),
    row(502, 'SERVER'),
    row(503, 'SERVER'),
    { name: 'connection refused', transport: 'refused', expect: 'NETWORK' },
    { name: 'connection closed without an answer', reply: { destroy: true }, expect: 'NETWORK' },
    { name: 'no answer within the timeout', transport: 'timeout', expect: 'TIMEOUT' },
  ];
}

/** Every way an error can reach a log or an API response. */
export function everyRendering(err: DeliveryError): string {
  return [err.message, String(err), JSON.stringify(err), inspect(err, { depth: 10 }), err.stack ?? ''].join('\n');
}
