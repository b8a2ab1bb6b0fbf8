// PLACEHOLDER — replaced by the real discord renderer.
import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import type { DiscordChannel } from './config.js';

export function renderDiscord(event: NormalizedEvent, _channel: DiscordChannel, _options: RenderOptions = {}): RenderedMessage {
  return { payload: { text: event.title }, summary: event.title };
}
