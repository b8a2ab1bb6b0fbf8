// Every platform/format renderer under one name, the fixtures they are exercised with, and
// the limit assertions that go with each.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderedMessage, RenderOptions } from '../../../adapters/adapter.js';
import { renderConsole } from '../../../adapters/console/render.js';
import { renderDiscord } from '../../../adapters/discord/render.js';
import { renderSlack } from '../../../adapters/slack/render.js';
import { renderTeams } from '../../../adapters/teams/render.js';
import type { NormalizedEvent } from '../../../src/events/event.js';
import { Secret } from '../../../src/config/secret.js';
import { assertDiscordLimits, assertSlackLimits, assertTeamsLimits } from './limits.js';

export const TEST_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Render = (event: NormalizedEvent, options?: RenderOptions) => RenderedMessage;

export type PlatformName = 'slack' | 'slack-markdown' | 'discord' | 'teams-adaptive' | 'teams-messagecard' | 'console';

export const PLATFORMS: Record<PlatformName, Render> = {
  slack: (event, options) =>
    renderSlack(event, { platform: 'slack', webhook_url: new Secret('https://hooks.slack.com/services/T0/B0/x'), slack_format: 'blocks' }, options),
  'slack-markdown': (event, options) =>
    renderSlack(event, { platform: 'slack', webhook_url: new Secret('https://hooks.slack.com/services/T0/B0/x'), slack_format: 'markdown' }, options),
  discord: (event, options) =>
    renderDiscord(event, { platform: 'discord', webhook_url: new Secret('https://discord.com/api/webhooks/1/x') }, options),
  'teams-adaptive': (event, options) =>
    renderTeams(event, { platform: 'teams', webhook_url: new Secret('https://example.logic.azure.com/workflows/x'), format: 'adaptive-card' }, options),
  'teams-messagecard': (event, options) =>
    renderTeams(event, { platform: 'teams', webhook_url: new Secret('https://example.webhook.office.com/x'), format: 'messagecard' }, options),
  console: (event, options) => renderConsole(event, { platform: 'console' }, options),
};
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as PlatformName[];

/** Asserts every limit of the platform; the console has none but must be text. */
export function assertLimits(platform: PlatformName, payload: unknown, mentionToken?: string): void {
  if (platform === 'slack' || platform === 'slack-markdown') assertSlackLimits(payload, mentionToken ? { mentionToken } : {});
  else if (platform === 'discord') assertDiscordLimits(payload);
  else if (platform === 'teams-adaptive' || platform === 'teams-messagecard') assertTeamsLimits(payload);
  else if (typeof payload !== 'string' || payload.length === 0) throw new Error('console payload must be non-empty text');
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
