import { z } from 'zod';
import { parseDuration, parseSize } from './duration.js';
import { shown } from './issues.js';
import { Secret } from './secret.js';

const DURATION_EXAMPLES = 'like 500ms, 10s, 5m, 24h or 7d';

/** A bare number (or digits in a string) is the usual mistake: say which unit to add. */
function durationMessage(input: unknown): string {
  if (typeof input === 'number' || (typeof input === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(input))) {
    return `expected a duration with a unit ${DURATION_EXAMPLES}, got ${shown(input)} (write ${String(input).trim()}s for seconds)`;
  }
  return input === undefined ? 'required' : `expected a duration ${DURATION_EXAMPLES}, got ${shown(input)}`;
}

/** A duration string (`500ms`, `10s`, `5m`, `24h`, `7d`) parsed to milliseconds. */
export const durationMs = z.string({ error: (iss) => durationMessage(iss.input) }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: durationMessage(text) });
    return z.NEVER;
  }
  return ms;
});

const sizeMessage = (input: unknown) => `expected a size like 1mb or 512kb (or a number of bytes), got ${shown(input)}`;

/** A size (`1mb`, `512kb`, or a number of bytes) parsed to bytes. */
export const sizeBytes = z.union([z.string(), z.number()], { error: (iss) => sizeMessage(iss.input) }).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: sizeMessage(value) });
    return z.NEVER;
  }
  return bytes;
});

/**
 * A whole number in [min, max]; digits in a string count too, since numbers may arrive as
 * strings after `${VAR:-8787}` interpolation. `what` names it in errors ("a port number").
 */
export const intFrom = (min: number, max: number, what = `a whole number from ${min} to ${max}`) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.custom<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max, {
      error: (iss) => (iss.input === undefined ? 'required' : `expected ${what}, got ${shown(iss.input)}`),
    }),
  );

/** The type error of a secret: never shows the value, only its kind. */
export const secretTypeError = (iss: { input?: unknown }) =>
  iss.input === undefined ? 'required' : `expected a string, got ${shown(iss.input, true)}${typeof iss.input === 'number' || typeof iss.input === 'boolean' ? ' (write it in quotes)' : ''}`;

/** A secret string, wrapped so it can never be printed by accident. */
export const secret = z.string({ error: secretTypeError }).transform((value) => new Secret(value));

/** A non-empty secret (tokens, webhook URLs). */
export const requiredSecret = z
  .string({ error: secretTypeError })
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
export const rate = z.string({ error: (iss) => `expected a rate like 1/s, 30/min or 5/2s, got ${shown(iss.input)}` }).transform((text, ctx) => {
  const match = /^(\d+(?:\.\d+)?)\s*\/\s*(.+)$/.exec(text.trim());
  const per = match ? ({ s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 } as Record<string, number>)[match[2]!] ?? parseDuration(match[2]!) : undefined;
  const count = match ? Number(match[1]) : NaN;
  if (!match || per === undefined || !(count > 0)) {
    ctx.addIssue({ code: 'custom', message: `expected a rate like 1/s, 30/min or 5/2s, got ${shown(text)}` });
    return z.NEVER;
  }
  return { count, perMs: per } satisfies Rate;
});

export interface Rate {
  count: number;
  perMs: number;
}
