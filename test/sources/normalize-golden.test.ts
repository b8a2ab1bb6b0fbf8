import { describe, test } from 'vitest';
import type { SourceType } from '../../src/sources/source.js';
import { ihatepptSource } from '../../src/sources/ihateppt/index.js';
import { parrotrouterSource } from '../../src/sources/parrotrouter/index.js';
import { promptpalSource } from '../../src/sources/promptpal/index.js';
import { prompthaSource } from '../../src/sources/promptha/index.js';
import { standardWebhooksSource } from '../../src/sources/standard-webhooks/index.js';
import { wpLlmSource } from '../../src/sources/wp-llm/index.js';
import { expectGolden, fixtures, request } from './helpers.js';

/**
 * Every fixture, normalized with a fixed clock and source key, against
 * test/golden/normalized/<provider>/<fixture>.json (rewrite with UPDATE_GOLDEN=1).
 * The receiver verifies before it parses; parsing alone is what these goldens pin down.
 */
const PROVIDERS: { type: SourceType; config: unknown; headers?: (name: string) => Record<string, string> }[] = [
  { type: wpLlmSource as unknown as SourceType, config: { type: 'wp-llm', secret: 'golden' } },
  { type: ihatepptSource as unknown as SourceType, config: { type: 'ihateppt', secret: 'golden' } },
  { type: parrotrouterSource as unknown as SourceType, config: { type: 'parrotrouter', secret: 'golden' } },
  { type: promptpalSource as unknown as SourceType, config: { type: 'promptpal', token: 'golden' } },
  { type: prompthaSource as unknown as SourceType, config: { type: 'promptha', secret: 'golden' } },
  {
    type: standardWebhooksSource as unknown as SourceType,
    config: { type: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    headers: (name) => ({ 'webhook-id': `msg_${name}` }),
  },
];

for (const { type, config, headers } of PROVIDERS) {
  describe(`${type.type} normalize`, () => {
    const source = type.create('golden-key', type.configSchema.parse(config));
    test.each(fixtures(type.type))(`${type.type} normalize – $name matches its golden`, ({ name, raw }) => {
      expectGolden(`normalized/${type.type}/${name}`, source.parse(request(raw, headers?.(name) ?? {})));
    });
  });
}
