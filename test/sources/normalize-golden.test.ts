import { describe, test } from 'vitest';
import { sourceTypeFor } from '../../src/sources/registry.js';
import { expectGolden, fixtures, request } from './helpers.js';

/**
 * Every fixture, normalized with a fixed clock and source key, against
 * test/golden/normalized/<provider>/<fixture>.json (rewrite with UPDATE_GOLDEN=1).
 * The receiver verifies before it parses; parsing alone is what these goldens pin down.
 */
const PROVIDERS: { type: string; config: object; headers?: (name: string) => Record<string, string> }[] = [
  { type: 'wp-llm', config: { secret: 'golden' } },
  { type: 'promptha', config: { secret: 'golden' } },
  { type: 'ihateppt', config: { secret: 'golden' } },
  { type: 'promptpal', config: { token: 'golden' } },
  { type: 'parrotrouter', config: { secret: 'golden' } },
  {
    type: 'standard-webhooks',
    config: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    // The event id of a Standard Webhooks event is its webhook-id header.
    headers: (name) => ({ 'webhook-id': `msg_${name}` }),
  },
];

describe.each(PROVIDERS)('$type normalize', ({ type, config, headers }) => {
  const sourceType = sourceTypeFor(type);
  const source = sourceType.create('golden-key', sourceType.configSchema.parse({ type, ...config }));
  test.each(fixtures(type))(`${type} normalize – $name matches its golden`, ({ name, raw }) => {
    expectGolden(`normalized/${type}/${name}`, source.parse(request(raw, headers?.(name) ?? {})));
  });
});
