/**
 * Standard Webhooks defines the envelope (`type`, `timestamp`, `data`), not the events:
 * `user.created` is the specification's own example, the others show how generic LLM
 * job events are classified from their type. The most typical comes first (`herald
 * simulate` sends it when no event is named).
 */
export function standardWebhooksSamples(now: Date): Record<string, unknown> {
  const timestamp = now.toISOString();
  const tag = now.getTime().toString(36);
  return {
    'generation.completed': {
      type: 'generation.completed',
      timestamp,
      data: {
        id: `job_${tag}`,
        model: 'gpt-4o-mini',
        prompt: 'Write a SQL query that lists the ten newest customers',
        completion: 'SELECT id, name, created_at\nFROM customers\nORDER BY created_at DESC\nLIMIT 10;',
        usage: { prompt_tokens: 18, completion_tokens: 22, total_tokens: 40 },
        duration_ms: 840,
      },
    },
    'generation.failed': {
      type: 'generation.failed',
      timestamp,
      data: { id: `job_${tag}`, model: 'gpt-4o-mini', error: { code: 'timeout', message: 'The model did not answer within 60 s' } },
    },
    'user.created': {
      type: 'user.created',
      timestamp,
      data: { id: `usr_${tag}`, type: 'user', name: 'Some user' },
    },
    'usage.warning': {
      type: 'usage.warning',
      timestamp,
      data: { message: '85% of the monthly token budget is used', used_tokens: 850_000, budget_tokens: 1_000_000 },
    },
  };
}
