import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { adapterFor } from '../../adapters/registry.js';
import type { NormalizedEvent } from '../events/event.js';
import { SourceError } from '../sources/source.js';
import { CliError, out } from './context.js';
import { knownSourceType, placeholderSourceConfig, signedRequest } from './provider-request.js';

/** `--platform` values and the channel config each renders for (no secrets are needed to render). */
export const RENDER_TARGETS: Record<string, Record<string, unknown>> = {
  slack: { platform: 'slack', webhook_url: 'https://hooks.slack.com/services/T000/B000/render' },
  'slack-markdown': { platform: 'slack', webhook_url: 'https://hooks.slack.com/services/T000/B000/render', slack_format: 'markdown' },
  discord: { platform: 'discord', webhook_url: 'https://discord.com/api/webhooks/1/render' },
  'teams-adaptive': { platform: 'teams', webhook_url: 'https://example.invalid/workflows/render', format: 'adaptive-card' },
  'teams-messagecard': { platform: 'teams', webhook_url: 'https://example.invalid/webhook/render', format: 'messagecard' },
  console: { platform: 'console' },
};

/** Normalizes a provider payload file as the receiver would (signature checks aside). */
export function normalizeFile(sourceType: string, file: string, now = new Date()): NormalizedEvent {
  const type = knownSourceType(sourceType);
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const config = placeholderSourceConfig(type);
  const source = type.create(sourceType, config);
  let inbound;
  try {
    inbound = source.parse(signedRequest(type, config, raw, now));
  } catch (err) {
    if (err instanceof SourceError) throw new CliError(`${file}: not a valid ${sourceType} payload: ${err.message}`);
    throw err;
  }
  if (inbound.kind === 'chunk') throw new CliError(`${file}: a stream chunk is stored, not rendered; render its llm.streaming.end event`);
  if (inbound.kind === 'reply') throw new CliError(`${file}: a verification challenge is answered, not rendered`);
  return inbound.event;
}

export function renderCommand(file: string, options: { platform: string; sourceType: string; mention?: string }): number {
  const target = RENDER_TARGETS[options.platform];
  if (!target) throw new CliError(`unknown platform "${options.platform}" (expected one of ${Object.keys(RENDER_TARGETS).join(', ')})`);
  const event = normalizeFile(options.sourceType, file);
  const adapter = adapterFor(target.platform as string);
  const channel = (adapter.configSchema as z.ZodType).parse(target) as { platform: string };
  const { payload } = adapter.render(event, channel, options.mention ? { mention: options.mention } : {});
  out(typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2));
  return 0;
}
