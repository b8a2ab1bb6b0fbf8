import { z } from 'zod';
import { parseDuration, parseSize } from './duration.js';
import { Secret } from './secret.js';

/** A duration string (`500ms`, `10s`, `5m`, `24h`, `7d`) parsed to milliseconds. */
export const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 500ms, 10s, 5m, 24h, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

export const sizeBytes = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a size like 1mb or 512kb, got "${value}"` });
    return z.NEVER;
  }
  return bytes;
});

/** A secret string, wrapped so it can never be printed by accident. */
export const secret = z.string({ error: 'required' }).transform((value) => new Secret(value));

/** A non-empty secret (tokens, webhook URLs). */
export const requiredSecret = z
  .string({ error: 'required' })
  .min(1, { error: 'required (the value is empty — is its environment variable set?)' })
  .transform((value) => new Secret(value));

/** A webhook URL: a secret that must parse as http(s). */
export const webhookUrl = requiredSecret.superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value.reveal());
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an http(s) URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'expected an http(s) URL' });
  }
});

/** A delivery pace: `1/s`, `30/min`, `5/2s`. */
export const rate = z.string().transform((text, ctx) => {
  const match = /^(\d+(?:\.\d+)?)\s*\/\s*(.+)$/.exec(text.trim());
  const per = match ? ({ s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 } as Record<string, number>)[match[2]!] ?? parseDuration(match[2]!) : undefined;
  const count = match ? Number(match[1]) : NaN;
  if (!match || per === undefined || !(count > 0)) {
    ctx.addIssue({ code: 'custom', message: `expected a rate like 1/s, 30/min or 5/2s, got "${text}"` });
    return z.NEVER;
  }
  return { count, perMs: per } satisfies Rate;
});

export interface Rate {
  count: number;
  perMs: number;
}
