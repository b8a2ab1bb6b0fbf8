// The adapter contract lives with the core that consumes it (src/delivery/adapter.ts): the
// core never imports adapters/, adapters import the contract. Re-exported here so every
// adapter imports it from its own tree.
export type {
  Adapter,
  AnyAdapter,
  FollowUp,
  MessageRef,
  RateLimitHint,
  RenderedMessage,
  RenderFormat,
  RenderOptions,
  SendContext,
  SendResult,
} from '../src/delivery/adapter.js';
