import type { z } from 'zod';
import type { Secret } from '../config/secret.js';
import { hmacHex } from './crypto.js';
import { hmacConfigSchema, signingSecret, usableSecrets } from './hmac-config.js';
import type { Inbound, SourceRequest, SourceType } from './source.js';

type TimestampedConfig<T extends string> = z.output<ReturnType<typeof hmacConfigSchema<T>>>;

/**
 * A provider that signs `${timestamp}.${body}` with HMAC-SHA256 and sends the hex digest
 * and the unix-seconds timestamp in headers (Promptha, I Hate PPT, ParrotRouter). Each
 * provider keeps only what differs: how it verifies, how it normalizes, its samples and its
 * header names.
 */
export function timestampedHmacSource<T extends string>(spec: {
  type: T;
  verify: (req: SourceRequest, secrets: readonly Secret[], toleranceMs: number) => void;
  parse: (key: string, req: SourceRequest) => Inbound;
  samples: (now: Date) => Record<string, unknown>;
  /** The headers the provider sends for `raw`, signed at `timestamp` with hex `signature`. */
  headers: (signature: string, timestamp: string, raw: Buffer) => Record<string, string>;
}): SourceType<TimestampedConfig<T>> {
  return {
    type: spec.type,
    configSchema: hmacConfigSchema(spec.type),
    create(key, config) {
      const secrets = usableSecrets(config);
      return {
        key,
        provider: spec.type,
        verify: (req) => spec.verify(req, secrets, config.tolerance),
        parse: (req) => spec.parse(key, req),
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
