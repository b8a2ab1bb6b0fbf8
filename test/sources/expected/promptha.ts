import { CLASSIFICATION } from '../../../src/sources/promptha/normalize.js';
import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  documentedTypes: Object.keys(CLASSIFICATION),
  corePaths: ['event', 'data.eventId'],
  idPath: ['data', 'eventId'],
};
