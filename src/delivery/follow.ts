import type { NormalizedEvent } from '../events/event.js';
import type { Delivery, JobMessage, Queue } from '../store/store.js';
import type { FollowUp, SendResult } from './adapter.js';
import { DeliveryError } from './delivery-error.js';

/** What became of a job's later event: its message edited, a reply in its thread, or a new message (the old one was gone). */
export type FollowOutcome = 'edited' | 'replied' | 'reposted';

/**
 * How one delivery of a job goes out (route option `follow`): the first event of a
 * (source, correlation id, channel) posts the job message; later ones edit it or reply in
 * its thread where the channel can, else post a new message.
 */
export interface JobPlan {
  key: Pick<JobMessage, 'source' | 'correlationId' | 'channel'>;
  existing: JobMessage | undefined;
  followUp: FollowUp | undefined;
  /** When the job started: its first message's, or this event's acceptance. */
  startedAt: number;
}

/** The plan for a delivery, or undefined when it is not part of a followed job. Reads the job message (a store read: it may throw). */
export async function planJob(
  store: Queue,
  delivery: Delivery,
  event: NormalizedEvent,
  follows: { edit: boolean; thread: boolean } | undefined,
): Promise<JobPlan | undefined> {
  if (!delivery.follow || !event.correlation_id) return undefined;
  const key = { source: delivery.source, correlationId: event.correlation_id, channel: delivery.channel };
  const existing = await store.jobMessage(key.source, key.correlationId, key.channel);
  const followUp = existing && follows?.[delivery.follow] ? { mode: delivery.follow, ref: existing.ref } : undefined;
  return { key, existing, followUp, startedAt: existing?.startedAt ?? delivery.created_at };
}

/**
 * Sends under the plan. A follow-up whose message was deleted (MESSAGE_GONE) posts a new
 * job message at once. Returns the platform's answer and the job message to record with
 * "sent" (the new reference, or the one that still stands).
 */
export async function sendJob(
  send: (followUp?: FollowUp) => Promise<SendResult>,
  plan: JobPlan | undefined,
): Promise<{ result: SendResult; job?: JobMessage; followed?: FollowOutcome }> {
  if (!plan) return { result: await send() };
  let result: SendResult;
  let followed: FollowOutcome | undefined;
  if (plan.followUp) {
    try {
      result = await send(plan.followUp);
      followed = plan.followUp.mode === 'edit' ? 'edited' : 'replied';
    } catch (err) {
      if (!(err instanceof DeliveryError) || err.code !== 'MESSAGE_GONE') throw err;
      result = await send();
      followed = 'reposted';
    }
  } else {
    result = await send();
  }
  const ref = result.ref ?? (followed === 'edited' || followed === 'replied' ? plan.existing?.ref : undefined);
  return { result, ...(ref ? { job: { ...plan.key, ref, startedAt: plan.startedAt } } : {}), ...(followed ? { followed } : {}) };
}
