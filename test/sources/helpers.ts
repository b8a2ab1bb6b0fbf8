import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DriftCollector, type DriftEntry } from '../../src/sources/lenient.js';
import { SourceError, type Inbound, type Source, type SourceErrorCode, type SourceRequest } from '../../src/sources/source.js';

const TEST_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The fixed clock of fixture tests and goldens. */
export const NOW = new Date('2024-01-15T10:30:05.000Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);

export interface Fixture {
  name: string;
  raw: Buffer;
}

/** Every fixture of a provider, as the exact bytes on disk (never re-serialized). */
export function fixtures(provider: string): Fixture[] {
  const dir = join(TEST_ROOT, 'fixtures', provider);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.json'.length), raw: readFileSync(join(dir, file)) }));
}

export function fixture(provider: string, name: string): Buffer {
  return readFileSync(join(TEST_ROOT, 'fixtures', provider, `${name}.json`));
}

/** A request as the receiver hands it to a source: header names lower-cased. */
export function request(
  raw: Buffer | string,
  headers: Record<string, string | undefined> = {},
  options: { now?: Date; query?: Record<string, string | undefined> } = {},
): SourceRequest {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return {
    raw: typeof raw === 'string' ? Buffer.from(raw) : raw,
    headers: lower,
    query: options.query ?? {},
    now: options.now ?? NOW,
  };
}

/** Parses as the receiver does, with a drift collector: the inbound and the fields it reported. */
export function parseDrifted(source: Source, body: string, headers: Record<string, string> = {}): { inbound: Inbound; drift: DriftEntry[] } {
  const drift = new DriftCollector();
  const inbound = source.parse({ ...request(body, headers), drift });
  return { inbound, drift: drift.entries };
}

/** Runs `fn` and asserts it throws a SourceError with `code` (and nothing else). */
export function expectSourceError(fn: () => unknown, code: SourceErrorCode): SourceError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected SourceError(${code})`).toBeInstanceOf(SourceError);
  expect((thrown as SourceError).code).toBe(code);
  return thrown as SourceError;
}

/** Compares `value` with test/golden/<path>.json, or rewrites it when UPDATE_GOLDEN=1. */
export function expectGolden(path: string, value: unknown): void {
  const file = join(TEST_ROOT, 'golden', `${path}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden ${path}.json missing: run with UPDATE_GOLDEN=1 and review the new file`);
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(expected));
}

/** A body re-serialized with other whitespace: same JSON, different bytes. */
export function reformatted(raw: Buffer): Buffer {
  const text = JSON.stringify(JSON.parse(raw.toString('utf8')), null, 3);
  return Buffer.from(text === raw.toString('utf8') ? JSON.stringify(JSON.parse(text)) : text);
}

/** The body with one JSON value changed: a tampered payload. */
export function tampered(raw: Buffer): Buffer {
  const value = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...value, tampered: true }));
}
