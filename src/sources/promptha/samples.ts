/**
 * One delivery per Promptha event, the most typical first (`herald simulate` sends it when
 * no event is named), with the payload fields its docs list for each
 * ("Available Events") inside the `{ event, data, timestamp }` body of its handler sample.
 */
export function prompthaSamples(now: Date): Record<string, unknown> {
  const timestamp = now.toISOString();
  const tag = now.getTime().toString(36);
  const delivery = (n: number, event: string, data: Record<string, unknown>) => ({
    event,
    data: { eventId: `evt_${tag}_${n}`, ...data },
    timestamp,
  });
  const execution = { executionId: `exec_${tag}`, fabricId: 'product-description' };
  const session = { sessionId: `sess_${tag}`, askId: 'ask_support_bot' };
  return {
    'fabric.completed': delivery(2, 'fabric.completed', {
      ...execution,
      result: {
        output:
          'Meet the **TrailFlow 2**: a featherweight trail runner with a grippy outsole and a cushioned ride for long days on rough ground.',
      },
      usage: { promptTokens: 120, completionTokens: 64, totalTokens: 184, credits: 2 },
      duration: 3200,
    }),
    'fabric.started': delivery(1, 'fabric.started', {
      ...execution,
      inputs: { product: 'Trail running shoe', tone: 'friendly' },
    }),
    'fabric.failed': delivery(3, 'fabric.failed', {
      ...execution,
      error: { type: 'rate_limit', message: 'Upstream model rate limit reached' },
    }),
    'ask.session.created': delivery(4, 'ask.session.created', session),
    'ask.message': delivery(5, 'ask.message', {
      ...session,
      message: { role: 'assistant', content: 'You can reset your password from **Settings → Security**.' },
    }),
    'ask.session.ended': delivery(6, 'ask.session.ended', {
      ...session,
      summary: 'The user learned how to reset their password.',
      messageCount: 6,
    }),
    'credits.low': delivery(7, 'credits.low', { remaining: 50, threshold: 100, userId: 'user_42' }),
    'credits.depleted': delivery(8, 'credits.depleted', {
      lastUsage: { fabricId: 'seo-optimizer', credits: 3, executionId: `exec_${tag}` },
      userId: 'user_42',
    }),
    'credits.purchased': delivery(9, 'credits.purchased', { amount: 1000, newBalance: 1050, userId: 'user_42' }),
  };
}
