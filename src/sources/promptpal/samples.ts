/**
 * PromptPal has one event, onPromptFinished, whose `result` says how the run ended. The
 * success (`result: 0`) is the docs' example with a fresh timestamp and comes first
 * (`herald simulate` sends it when no event is named); the failure (`result: 1`) has the
 * same type, so it is keyed `onPromptFinished:failed` (see SourceType.samples).
 */
export function promptpalSamples(now: Date): Record<string, unknown> {
  const run = {
    event: 'onPromptFinished',
    projectId: 123,
    promptId: 456,
    userId: 'user-123',
    timestamp: now.toISOString(),
    ip: '192.168.1.1',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    providerId: 789,
    providerDefaultModel: 'gpt-4',
  };
  return {
    onPromptFinished: { ...run, result: 0, duration: 1250, tokens: { prompt: 150, completion: 300, total: 450 }, cached: false },
    'onPromptFinished:failed': { ...run, result: 1, duration: 10_003, tokens: { prompt: 150, completion: 0, total: 150 }, cached: false },
  };
}
