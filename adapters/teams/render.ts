// PLACEHOLDER — replaced by the real teams renderer.
import type { NormalizedEvent } from '../../src/events/event.js';
import type { RenderedMessage, RenderOptions } from '../adapter.js';
import type { TeamsChannel } from './config.js';

export function renderTeams(event: NormalizedEvent, _channel: TeamsChannel, _options: RenderOptions = {}): RenderedMessage {
  return { payload: { text: event.title }, summary: event.title };
}
