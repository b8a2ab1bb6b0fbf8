// PLACEHOLDER — replaced by the real slack renderer.
import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import type { SlackChannel } from './config.js';

export function renderSlack(event: NormalizedEvent, _channel: SlackChannel, _options: RenderOptions = {}): RenderedMessage {
  return { payload: { text: event.title }, summary: event.title };
}
