/** PromptPal has one event, onPromptFinished; this is the docs' example with a fresh timestamp. */
export function promptpalSamples(now: Date): Record<string, unknown> {
  return {
    onPromptFinished: {
      event: 'onPromptFinished',
      projectId: 123,
      promptId: 456,
      userId: 'user-123',
      result: 0,
      timestamp: now.toISOString(),
      duration: 1250,
      tokens: { prompt: 150, completion: 300, total: 450 },
      cached: false,
      ip: '192.168.1.1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      providerId: 789,
      providerDefaultModel: 'gpt-4',
    },
  };
}
