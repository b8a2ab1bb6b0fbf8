import { CLASSIFICATION } from '../../../src/sources/ihateppt/normalize.js';
import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  documentedTypes: [...Object.keys(CLASSIFICATION), 'webhook.verification'],
  // The verification challenge is only a challenge while it carries one.
  corePaths: ['id', 'type', 'data.challenge'],
  idPath: ['id'],
};
