import type { SourceType } from './source.js';
import { ihatepptSource } from './ihateppt/index.js';
import { parrotrouterSource } from './parrotrouter/index.js';
import { promptpalSource } from './promptpal/index.js';
import { prompthaSource } from './promptha/index.js';
import { standardWebhooksSource } from './standard-webhooks/index.js';
import { wpLlmSource } from './wp-llm/index.js';

export type AnySourceType = SourceType<{ type: string }>;

/**
 * Every inbound provider. Adding one = a folder under src/sources/ + one line here; the
 * config schema, log redaction, CLI help and the test matrices derive from this list.
 */
export const SOURCE_TYPES: readonly AnySourceType[] = [
  wpLlmSource,
  prompthaSource,
  ihatepptSource,
  promptpalSource,
  parrotrouterSource,
  standardWebhooksSource,
] satisfies readonly SourceType<any>[] as readonly SourceType<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each type has its own config

export function sourceTypeFor(type: string): AnySourceType {
  const found = SOURCE_TYPES.find((s) => s.type === type);
  if (!found) throw new Error(`unknown source type "${type}"`);
  return found;
}
