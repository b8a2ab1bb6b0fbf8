import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  // result 0 and result 1
  documentedTypes: ['onPromptFinished', 'onPromptFinished:failed'],
  corePaths: ['event'],
};
