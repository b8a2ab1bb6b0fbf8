// PLACEHOLDER — replaced by the real console renderer.
import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import type { ConsoleChannel } from './config.js';

export function renderConsole(event: NormalizedEvent, _channel: ConsoleChannel, _options: RenderOptions = {}): RenderedMessage {
  return { payload: { text: event.title }, summary: event.title };
}
