import type { z } from 'zod';
import type { Secret } from '../config/secret.js';
import { hmacHex } from './crypto.js';
import { hmacConfigSchema, signingSecret, usableSecrets, type HmacConfig } from './hmac-config.js';
import type { Inbound, SourceRequest, SourceType } from './source.js';

type TimestampedConfig<T extends string> = z.output<ReturnType<typeof hmacConfigSchema<T>>>;

/** The config every timestamped source has; a provider may add keys of its own. */
type BaseConfig<T extends string> = HmacConfig & { type: T };

/**
 * A provider that signs `${timestamp}.${body}` with HMAC-SHA256 and sends the hex digest
 * and the unix-seconds timestamp in headers (Promptha, I Hate PPT, ParrotRouter). Each
 * provider keeps only what differs: how it verifies, how it normalizes, its samples and its
 * header names.
 */
export function timestampedHmacSource<T extends string, C extends BaseConfig<T> = TimestampedConfig<T>>(spec: {
  type: T;
  /** A provider with keys of its own gives its whole schema; otherwise type, secret(s), tolerance. */
  configSchema?: z.ZodType<C>;
  verify: (req: SourceRequest, secrets: readonly Secret[], toleranceMs: number) => void;
  parse: (key: string, req: SourceRequest, config: C) => Inbound;
  samples: (now: Date) => Record<string, unknown>;
  /** The headers the provider sends for `raw`, signed at `timestamp` with hex `signature`. */
  headers: (signature: string, timestamp: string, raw: Buffer) => Record<string, string>;
  /** The header (lower case) that carries the signature. */
  signatureHeader: string;
  /** For a provider with keys of its own; default `{ type, secret }`. */
  exampleConfig?: { type: T } & Record<string, unknown>;
}): SourceType<C> {
  return {
    type: spec.type,
    configSchema: spec.configSchema ?? (hmacConfigSchema(spec.type) as unknown as z.ZodType<C>),
    exampleConfig: spec.exampleConfig ?? { type: spec.type, secret: 'example-secret' },
    signatureHeaders: [spec.signatureHeader],
    create(key, config) {
      const secrets = usableSecrets(config);
      return {
        key,
        provider: spec.type,
        verify: (req) => spec.verify(req, secrets, config.tolerance),
        parse: (req) => spec.parse(key, req, config),
      };
    },
    samples: spec.samples,
    sign(raw, config, now) {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const signature = hmacHex('sha256', signingSecret(config), timestamp, '.', raw);
      return { headers: spec.headers(signature, timestamp, raw) };
    },
  };
}
