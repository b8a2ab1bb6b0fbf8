import { CLASSIFICATION } from '../../../src/sources/wp-llm/normalize.js';
import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  documentedTypes: Object.keys(CLASSIFICATION),
  corePaths: ['id', 'type'],
  idPath: ['id'],
};
