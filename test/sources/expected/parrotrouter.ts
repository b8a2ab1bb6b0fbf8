import { CLASSIFICATION } from '../../../src/sources/parrotrouter/normalize.js';
import type { ProviderExpectations } from '../expected.js';

export const expected: ProviderExpectations = {
  documentedTypes: [...Object.keys(CLASSIFICATION), 'llm.streaming.chunk'],
  // For chunks: the stream id (requestId, or streamId), the index and the text.
  corePaths: ['id', 'event', 'data.requestId', 'data.streamId', 'data.chunkIndex', 'data.content'],
  idPath: ['id'],
};
