// Every render format of every registered adapter under one name (the names of
// test/golden/<format>/), the fixtures they are exercised with, and each platform's own
// checks (checks/<platform>.ts: its limits and who its payloads may ping).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { AnyAdapter, RenderedMessage, RenderOptions } from '../../../adapters/adapter.js';
import { ADAPTERS } from '../../../adapters/registry.js';
import type { NormalizedEvent } from '../../../src/events/event.js';

export const TEST_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Render = (event: NormalizedEvent, options?: RenderOptions) => RenderedMessage;

/** A render format's name: `slack`, `slack-markdown`, `teams-adaptive`, … */
export type PlatformName = string;

/** What a platform's tests check on every payload it renders (test/adapters/render/checks/<platform>.ts). */
export interface PlatformChecks {
  /** Every limit of the platform holds. `mention`: the route's mention option the payload was rendered with. */
  limits(payload: unknown, mention?: string): void;
  /** Nobody is pinged unless `mention` asks, and then exactly whom it names. Omitted where a payload cannot ping. */
  pings?(payload: unknown, mention: string | undefined): void;
}

function formatsOf(adapter: AnyAdapter): [PlatformName, { adapter: AnyAdapter; render: Render }][] {
  return Object.entries(adapter.renderFormats).map(([name, format]) => {
    const channel = (adapter.configSchema as z.ZodType).parse(format.channel) as { platform: string };
    return [name, { adapter, render: (event, options) => adapter.render(event, channel, options) }];
  });
}

const FORMATS = new Map(ADAPTERS.flatMap(formatsOf));

export const PLATFORM_NAMES: PlatformName[] = [...FORMATS.keys()];

/** Renders `event` in a format, with its platform's adapter. */
export function renderAs(format: PlatformName, event: NormalizedEvent, options?: RenderOptions): RenderedMessage {
  const found = FORMATS.get(format);
  if (!found) throw new Error(`no render format "${format}"`);
  return found.render(event, options);
}

async function checksOf(platform: string): Promise<PlatformChecks> {
  try {
    return ((await import(`./checks/${platform}.ts`)) as { checks: PlatformChecks }).checks;
  } catch (err) {
    throw new Error(`test/adapters/render/checks/${platform}.ts is missing: every registered platform states its limits there`, { cause: err });
  }
}

const CHECKS = new Map(await Promise.all(ADAPTERS.map(async (a) => [a.platform, await checksOf(a.platform)] as const)));

function checksFor(format: PlatformName): PlatformChecks {
  const platform = FORMATS.get(format)?.adapter.platform;
  const checks = platform && CHECKS.get(platform);
  if (!checks) throw new Error(`no render format "${format}"`);
  return checks;
}

/** Asserts every limit of the format's platform. */
export function assertLimits(format: PlatformName, payload: unknown, mention?: string): void {
  checksFor(format).limits(payload, mention);
}

/** Asserts the payload pings nobody but whom `mention` names (where the platform can ping at all). */
export function assertPings(format: PlatformName, payload: unknown, mention: string | undefined): void {
  checksFor(format).pings?.(payload, mention);
}

export interface Fixture {
  /** Golden file name without extension, e.g. `analysis-completed`, `normalized/wp-llm/usage.warning`. */
  name: string;
  event: NormalizedEvent;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The hand-written events in test/fixtures/events, plus every normalized event the source
 * tests keep under test/golden/normalized/<provider>/ (`{kind:"event", event}` files, or
 * bare events), so the matrix grows with the providers.
 */
export function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  const events = join(TEST_ROOT, 'fixtures', 'events');
  for (const file of readdirSync(events).filter((f) => f.endsWith('.json')).sort()) {
    fixtures.push({ name: basename(file, '.json'), event: readJson(join(events, file)) as NormalizedEvent });
  }
  const normalized = join(TEST_ROOT, 'golden', 'normalized');
  if (existsSync(normalized)) {
    for (const provider of readdirSync(normalized, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      for (const file of readdirSync(join(normalized, provider)).filter((f) => f.endsWith('.json')).sort()) {
        const event = eventOf(readJson(join(normalized, provider, file)));
        if (event) fixtures.push({ name: `normalized/${provider}/${basename(file, '.json')}`, event });
      }
    }
  }
  return fixtures;
}

function eventOf(value: unknown): NormalizedEvent | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (record.kind === 'event' && record.event && typeof record.event === 'object') return record.event as NormalizedEvent;
  if (typeof record.id === 'string' && typeof record.category === 'string' && typeof record.title === 'string') {
    return record as unknown as NormalizedEvent;
  }
  return undefined;
}
