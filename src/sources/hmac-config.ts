import { z } from 'zod';
import { durationMs, secret } from '../config/schema-parts.js';
import type { Secret } from '../config/secret.js';
import { DEFAULT_TOLERANCE_MS } from './crypto.js';

/**
 * The config keys every HMAC source shares (README "Providers"): `secret`, or a `secrets` list for
 * rotation. Empty strings in the list are dropped (an unset `${OLD_SECRET:-}` is normal),
 * and a source left with no usable secret is an error at `secret` ("secret: required").
 */
export function secretKeys<T extends z.ZodType<Secret, string>>(item: T) {
  return {
    secret: item.optional(),
    secrets: z.array(item).transform((list) => list.filter((s) => !s.empty)).optional(),
  };
}

export const hmacSecretKeys = secretKeys(secret);

/** The replay window of timestamped schemes, default 5m. */
export const toleranceKey = { tolerance: durationMs.default(DEFAULT_TOLERANCE_MS) };

export interface SecretConfig {
  secret?: Secret | undefined;
  secrets?: Secret[] | undefined;
}

export interface HmacConfig extends SecretConfig {
  tolerance: number;
}

/** superRefine for a source object: exactly one of secret/secrets, holding a usable secret. */
export function requireUsableSecret(config: SecretConfig, ctx: z.RefinementCtx): void {
  if (config.secret !== undefined && config.secrets !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['secrets'], message: 'give either secret or secrets, not both' });
    return;
  }
  if (config.secrets !== undefined) {
    if (config.secrets.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets'],
        message: 'required (every entry is empty — are their environment variables set?)',
      });
    }
    return;
  }
  if (config.secret === undefined) {
    ctx.addIssue({ code: 'custom', path: ['secret'], message: 'required' });
  } else if (config.secret.empty) {
    ctx.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'required (the value is empty — is its environment variable set?)',
    });
  }
}

/** The secrets a signature may be made with, first one first (it is the one `sign` uses). */
export function usableSecrets(config: SecretConfig): Secret[] {
  const all = config.secrets ?? (config.secret ? [config.secret] : []);
  return all.filter((s) => !s.empty);
}

/** The secret `sign()` uses (herald simulate): the first usable one. */
export function signingSecret(config: SecretConfig): string {
  const first = usableSecrets(config)[0];
  if (!first) throw new Error('source has no usable secret');
  return first.reveal();
}

/** A strict config object for a timestamped HMAC source: type, secret(s), tolerance. */
export function hmacConfigSchema<T extends string>(type: T) {
  return z
    .strictObject({ type: z.literal(type), ...hmacSecretKeys, ...toleranceKey })
    .superRefine(requireUsableSecret);
}
