/**
 * One payload per ParrotRouter event, shaped as the guide's dispatcher builds them
 * (AsyncLLMService for completion/error/start, StreamingWebhookService for chunks/end).
 */
export function parrotrouterSamples(now: Date): Record<string, unknown> {
  const timestamp = now.toISOString();
  const tag = now.getTime().toString(36);
  const requestId = `req_${now.getTime()}_${tag}`;
  // The streaming samples share one request for the current minute, so that separate
  // `herald simulate` runs of a chunk and then the end assemble into one message.
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const streamRequestId = `req_${minute}_stream`;
  const streamId = `stream_${minute.toString(36)}`;
  const base = { requestId, userId: 'user_42', model: 'gpt-3.5-turbo' };
  const prompt = 'Summarize the release notes in three bullet points';
  const event = (n: number, name: string, data: Record<string, unknown>) => ({
    id: `evt_${now.getTime()}_${tag}${n}`,
    timestamp,
    event: name,
    data,
  });
  return {
    'llm.completion': event(1, 'llm.completion', {
      ...base,
      prompt,
      completion: '- Faster routing between providers\n- Streaming webhooks\n- Dead-letter queue for failed deliveries',
      tokens: { prompt: 42, completion: 31, total: 73 },
      metadata: { duration: 1840, provider: 'parrotrouter' },
    }),
    'llm.error': event(2, 'llm.error', {
      ...base,
      prompt,
      error: { code: 'RATE_LIMITED', message: 'Upstream provider rate limit exceeded' },
    }),
    'llm.streaming.start': event(3, 'llm.streaming.start', { ...base, requestId: streamRequestId, prompt }),
    'llm.streaming.chunk': event(4, 'llm.streaming.chunk', {
      requestId: streamRequestId,
      streamId,
      chunkIndex: 0,
      content: '- Faster routing between providers\n',
    }),
    'llm.streaming.end': event(5, 'llm.streaming.end', { requestId: streamRequestId, streamId, totalChunks: 1 }),
  };
}
