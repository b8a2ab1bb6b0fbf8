import type { SourceType } from './source.js';
import { ihatepptSource } from './ihateppt/index.js';
import { parrotrouterSource } from './parrotrouter/index.js';
import { promptpalSource } from './promptpal/index.js';
import { prompthaSource } from './promptha/index.js';
import { standardWebhooksSource } from './standard-webhooks/index.js';
import { wpLlmSource } from './wp-llm/index.js';

/** Every inbound provider. Adding one = a folder under src/sources/ + one line here. */
export const SOURCE_TYPES = [
  wpLlmSource,
  prompthaSource,
  ihatepptSource,
  promptpalSource,
  parrotrouterSource,
  standardWebhooksSource,
] as const satisfies readonly SourceType<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each type has its own config

export type AnySourceType = SourceType<{ type: string }>;

export function sourceTypeFor(type: string): AnySourceType {
  const found = SOURCE_TYPES.find((s) => s.type === type);
  if (!found) throw new Error(`unknown source type "${type}"`);
  return found as unknown as AnySourceType;
}
