import { describe, expect, it } from 'vitest';
import type { FollowUp, SendResult } from '../../src/delivery/adapter.js';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { planJob, sendJob } from '../../src/delivery/follow.js';
import type { Delivery, JobMessage, Queue } from '../../src/store/store.js';
import { sampleEvent } from '../helpers/event.js';

const T0 = 1_700_000_000_000;

function delivery(follow: Delivery['follow']): Delivery {
  return {
    id: 1,
    event_key: 1,
    event_id: 'e1',
    source: 'slides',
    channel: 'bot',
    status: 'pending',
    attempts: 0,
    next_attempt_at: T0,
    created_at: T0 + 5000,
    updated_at: T0,
    last_error: null,
    mention: null,
    follow,
  };
}

const stored: JobMessage = { source: 'slides', correlationId: 'ppt_1', channel: 'bot', ref: { channel: 'C1', ts: '1.000100' }, startedAt: T0 };
const store = (job?: JobMessage) => ({ jobMessage: async () => job }) as unknown as Queue;
const BOTH = { edit: true, thread: true };

describe('job follow-ups: planning', () => {
  it('follow – no plan without a follow mode or without a correlation id', async () => {
    expect(await planJob(store(stored), delivery(null), sampleEvent({ correlation_id: 'ppt_1' }), BOTH)).toBeUndefined();
    expect(await planJob(store(stored), delivery('edit'), sampleEvent({ correlation_id: undefined }), BOTH)).toBeUndefined();
  });

  it('follow – the first event of a job posts; its start is its own acceptance', async () => {
    const plan = await planJob(store(undefined), delivery('edit'), sampleEvent({ correlation_id: 'ppt_1' }), BOTH);
    expect(plan).toMatchObject({ followUp: undefined, startedAt: T0 + 5000, key: { source: 'slides', correlationId: 'ppt_1', channel: 'bot' } });
  });

  it('follow – a later event edits or replies where the channel can, and posts where it cannot', async () => {
    const event = sampleEvent({ correlation_id: 'ppt_1' });
    expect((await planJob(store(stored), delivery('edit'), event, BOTH))?.followUp).toEqual({ mode: 'edit', ref: stored.ref });
    expect((await planJob(store(stored), delivery('thread'), event, BOTH))?.followUp).toEqual({ mode: 'thread', ref: stored.ref });
    const webhookOnly = await planJob(store(stored), delivery('thread'), event, { edit: true, thread: false });
    expect(webhookOnly?.followUp).toBeUndefined();
    expect(webhookOnly?.startedAt).toBe(T0);
    expect((await planJob(store(stored), delivery('edit'), event, undefined))?.followUp).toBeUndefined();
  });
});

describe('job follow-ups: sending', () => {
  const plan = (existing?: JobMessage, followUp?: FollowUp) => ({ key: { source: 'slides', correlationId: 'ppt_1', channel: 'bot' }, existing, followUp, startedAt: T0 });

  it('follow – a post records the reference the platform gave', async () => {
    const out = await sendJob(async () => ({ ref: { channel: 'C1', ts: '2.0' } }), plan());
    expect(out).toEqual({ result: { ref: { channel: 'C1', ts: '2.0' } }, job: { ...plan().key, ref: { channel: 'C1', ts: '2.0' }, startedAt: T0 } });
  });

  it('follow – an edit keeps the reference when the platform returns none', async () => {
    const calls: (FollowUp | undefined)[] = [];
    const out = await sendJob(async (f) => (calls.push(f), {}), plan(stored, { mode: 'edit', ref: stored.ref }));
    expect(calls).toEqual([{ mode: 'edit', ref: stored.ref }]);
    expect(out.followed).toBe('edited');
    expect(out.job?.ref).toEqual(stored.ref);
  });

  it('follow – an edit of a deleted message posts a new job message and records it, keeping the start', async () => {
    const calls: (FollowUp | undefined)[] = [];
    const send = async (f?: FollowUp): Promise<SendResult> => {
      calls.push(f);
      if (f) throw new DeliveryError('MESSAGE_GONE', 'Unknown Message', { status: 404 });
      return { ref: { channel: 'C1', ts: '3.0' } };
    };
    const out = await sendJob(send, plan(stored, { mode: 'edit', ref: stored.ref }));
    expect(calls).toEqual([{ mode: 'edit', ref: stored.ref }, undefined]);
    expect(out).toMatchObject({ followed: 'reposted', job: { ref: { channel: 'C1', ts: '3.0' }, startedAt: T0 } });
  });

  it('follow – any other failure of an edit is the delivery’s failure (retried by the worker)', async () => {
    const err = new DeliveryError('SERVER', '503', { status: 503 });
    await expect(sendJob(async () => Promise.reject(err), plan(stored, { mode: 'edit', ref: stored.ref }))).rejects.toBe(err);
  });

  it('follow – a channel that gives no reference records no job message', async () => {
    expect(await sendJob(async () => ({}), plan())).toEqual({ result: {} });
  });
});
