/**
 * One delivery per I Hate PPT event, the most typical first (`herald simulate` sends it
 * when no event is named). ppt.generation.completed, webhook.retry and the
 * verification challenge are the docs' own examples; the rest share their envelope.
 */
export function ihatepptSamples(now: Date): Record<string, unknown> {
  const created = now.toISOString();
  const tag = now.getTime().toString(36);
  const event = (n: number, type: string, data: Record<string, unknown>) => ({ id: `evt_${tag}_${n}`, type, created, data });
  const ppt = { ppt_id: `ppt_${tag}`, user_id: 'user_789', title: 'AI Development Trends' };
  const download = `https://api.ihateppt.com/v1/ppt/ppt_${tag}/download`;
  const file = { file_id: `file_${tag}`, user_id: 'user_789', file_name: 'q3-report.pdf', file_type: 'application/pdf', size: 482_133 };
  return {
    'ppt.generation.completed': event(2, 'ppt.generation.completed', {
      ...ppt,
      pages: 8,
      download_url: download,
      generation_time: 25.5,
      cost: 30,
    }),
    'ppt.generation.started': event(1, 'ppt.generation.started', { ...ppt }),
    'ppt.generation.failed': event(3, 'ppt.generation.failed', { ...ppt, error: 'Template rendering failed on page 6' }),
    'ppt.generation.cancelled': event(4, 'ppt.generation.cancelled', { ...ppt, reason: 'Cancelled by the user' }),
    'ppt.edit.started': event(5, 'ppt.edit.started', { ...ppt, instruction: 'Add a summary slide at the end' }),
    'ppt.edit.completed': event(6, 'ppt.edit.completed', {
      ...ppt,
      instruction: 'Add a summary slide at the end',
      pages: 9,
      download_url: download,
      generation_time: 6.2,
      cost: 5,
    }),
    'ppt.edit.failed': event(7, 'ppt.edit.failed', { ...ppt, instruction: 'Translate to Klingon', error: 'Unsupported language' }),
    'file.uploaded': event(8, 'file.uploaded', file),
    'file.processed': event(9, 'file.processed', file),
    'file.deleted': event(10, 'file.deleted', { file_id: file.file_id, user_id: file.user_id }),
    'user.registered': event(11, 'user.registered', { user_id: 'user_790', plan: 'free' }),
    'user.subscribed': event(12, 'user.subscribed', { user_id: 'user_790', plan: 'pro' }),
    'user.unsubscribed': event(13, 'user.unsubscribed', { user_id: 'user_790', plan: 'pro' }),
    'webhook.verification': { type: 'webhook.verification', data: { challenge: `challenge_${tag}` } },
    'webhook.retry': event(14, 'webhook.retry', {
      original_event_id: `evt_${tag}_2`,
      retry_count: 2,
      next_retry_at: new Date(now.getTime() + 30_000).toISOString(),
    }),
  };
}
