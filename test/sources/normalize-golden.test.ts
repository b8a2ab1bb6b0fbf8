import { describe, test } from 'vitest';
import { SOURCE_TYPES, sourceTypeFor } from '../../src/sources/registry.js';
import { expectedOf } from './expected.js';
import { expectGolden, fixtures, request } from './helpers.js';

/**
 * Every fixture, normalized with a fixed clock and source key, against
 * test/golden/normalized/<provider>/<fixture>.json (rewrite with UPDATE_GOLDEN=1).
 * The receiver verifies before it parses; parsing alone is what these goldens pin down.
 */
describe.each(SOURCE_TYPES.map((s) => s.type))('%s normalize', async (type) => {
  const sourceType = sourceTypeFor(type);
  const source = sourceType.create('golden-key', sourceType.configSchema.parse(sourceType.exampleConfig));
  const { fixtureHeaders } = await expectedOf(type);
  test.each(fixtures(type))(`${type} normalize – $name matches its golden`, ({ name, raw }) => {
    expectGolden(`normalized/${type}/${name}`, source.parse(request(raw, fixtureHeaders?.(name) ?? {})));
  });
});
