import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SourceError } from './source.js';
import type { Secret } from '../config/secret.js';

/** Default replay window of timestamped schemes (past and future), per SPEC §2. */
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

/** Checks a unix-seconds timestamp header against the tolerance, past and future. */
export function checkTimestamp(header: string | undefined, now: Date, toleranceMs: number): number {
  if (header === undefined || header === '') throw new SourceError('missing_signature', 'timestamp header missing');
  if (!/^\d{1,13}$/.test(header.trim())) throw new SourceError('timestamp_out_of_tolerance', 'timestamp unparsable');
  const seconds = Number(header.trim());
  if (Math.abs(now.getTime() - seconds * 1000) > toleranceMs) {
    throw new SourceError('timestamp_out_of_tolerance', 'timestamp outside tolerance');
  }
  return seconds;
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
