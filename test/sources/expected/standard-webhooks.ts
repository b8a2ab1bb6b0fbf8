import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  documentedTypes: ['user.created'],
  // The event id is the webhook-id header.
  corePaths: ['type'],
  fixtureHeaders: (fixture) => ({ 'webhook-id': `msg_${fixture}` }),
};
