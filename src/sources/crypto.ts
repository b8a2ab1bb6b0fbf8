import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SourceError } from './source.js';
import type { Secret } from '../config/secret.js';

/** Default replay window of timestamped schemes (past and future): `tolerance`, default 5m. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export function hmacHex(algorithm: 'sha256' | 'sha512', key: string, ...parts: (string | Buffer)[]): string {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

/**
 * Constant-time comparison of two strings that never throws: `timingSafeEqual` throws on
 * buffers of different length (the seeds' bug), so lengths are equalized by hashing first.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/**
 * Constant-time comparison of an offered digest with the expected one. A digest's length is
 * public (64 hex characters for SHA-256), so a length mismatch may return early — but it
 * must never reach `timingSafeEqual`, which throws on it. Cheaper than `safeEqual` on the
 * hot path: no extra hashing.
 */
export function digestEqual(offered: string, expected: string): boolean {
  if (offered.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(offered, 'latin1'), Buffer.from(expected, 'latin1'));
}

/** True when `signature` equals the HMAC of the parts under any of the secrets. */
export function matchesAnySecret(
  signature: string,
  secrets: readonly Secret[],
  compute: (key: string) => string,
): boolean {
  let ok = false;
  const offered = signature.toLowerCase();
  // Every secret is tried (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) if (digestEqual(offered, compute(secret.reveal()))) ok = true;
  return ok;
}

/** A unix-seconds value this large would be past the year 5000: it is milliseconds. */
const MILLISECONDS_FROM = 1e11;

/**
 * Checks a unix-seconds timestamp header against the tolerance, past and future. The
 * error's message (logged, never sent to the client) names the likely cause — a value in
 * milliseconds or a date instead of seconds, or how far off the clock is — so an operator
 * can tell a sender's bug from a replay. `sender` names the provider in that message.
 */
export function checkTimestamp(header: string | undefined, now: Date, toleranceMs: number, sender = 'the sender'): number {
  if (header === undefined || header === '') throw new SourceError('missing_signature', 'timestamp header missing');
  const text = header.trim();
  const expects = `${sender} expects unix seconds`;
  if (!/^\d{1,13}$/.test(text)) throw new SourceError('timestamp_out_of_tolerance', `${unparsableCause(text)}; ${expects}`);
  const seconds = Number(text);
  const offsetMs = seconds * 1000 - now.getTime();
  if (Math.abs(offsetMs) <= toleranceMs) return seconds;
  const cause =
    seconds >= MILLISECONDS_FROM
      ? `timestamp looks like milliseconds; ${expects}`
      : `timestamp is ${roughly(Math.abs(offsetMs))} in the ${offsetMs < 0 ? 'past' : 'future'}, beyond the tolerance of ${roughly(toleranceMs)} (a replay, a late retry, or a clock out of sync)`;
  throw new SourceError('timestamp_out_of_tolerance', cause);
}

function unparsableCause(text: string): string {
  if (/^\d+$/.test(text)) return `timestamp has ${text.length} digits (microseconds or nanoseconds?)`;
  if (/^\d+\.\d+$/.test(text)) return 'timestamp has a fractional part';
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return 'timestamp looks like an ISO 8601 date';
  if (/[a-z]{3}/i.test(text) && !Number.isNaN(Date.parse(text))) return 'timestamp looks like a date';
  return 'timestamp unparsable';
}

/** `42s`, `7m`, `3h`, `12d`: the size of a clock offset, for a log line. */
function roughly(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 120 * 60) return `${Math.round(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

export function sha256Hex(raw: Buffer | string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Parses the raw body as a JSON object, or throws invalid_payload. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SourceError('invalid_payload', 'body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SourceError('invalid_payload', 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A signature or timestamp header, or missing_signature when absent or blank. */
export function requireHeader(headers: Record<string, string | undefined>, name: string): string {
  const value = headers[name]?.trim();
  if (value === undefined || value === '') throw new SourceError('missing_signature', `${name} header missing`);
  return value;
}

/**
 * Checks a hex HMAC signature against every configured secret (rotation) and throws
 * invalid_signature when none matches. `parts` are hashed in order, e.g. `ts`, `.`, `raw`.
 */
export function verifyHexHmac(
  signature: string,
  secrets: readonly Secret[],
  algorithm: 'sha256' | 'sha512',
  ...parts: (string | Buffer)[]
): void {
  if (!matchesAnySecret(signature, secrets, (key) => hmacHex(algorithm, key, ...parts))) {
    throw new SourceError('invalid_signature', 'signature does not match');
  }
}
