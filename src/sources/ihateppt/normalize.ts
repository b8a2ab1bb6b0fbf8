import { z } from 'zod';
import { parseJsonObject } from '../crypto.js';
import { toIso } from '../../events/format.js';
import {
  buildEvent,
  errorOf,
  errorText,
  field,
  httpLinks,
  unknownType,
  type Classification,
  type EventParts,
} from '../normalize-helpers.js';
import { readPayload, type DriftCollector } from '../lenient.js';
import type { Inbound, SourceRequest } from '../source.js';
import { challengeSchema, envelopeSchema, fileSchema, pptSchema, retrySchema, userSchema } from './schema.js';

export const PROVIDER = 'ihateppt';

/** Every event of the I Hate PPT docs' "Supported Events", plus its `webhook.retry` notice. */
export const CLASSIFICATION: Record<string, Classification> = {
  'ppt.generation.started': { category: 'generation', status: 'started', severity: 'info', title: 'Presentation generation started' },
  'ppt.generation.completed': { category: 'generation', status: 'completed', severity: 'success', title: 'Presentation generation completed' },
  'ppt.generation.failed': { category: 'generation', status: 'failed', severity: 'error', title: 'Presentation generation failed' },
  'ppt.generation.cancelled': { category: 'generation', status: 'cancelled', severity: 'info', title: 'Presentation generation cancelled' },
  'ppt.edit.started': { category: 'generation', status: 'started', severity: 'info', title: 'Presentation edit started' },
  'ppt.edit.completed': { category: 'generation', status: 'completed', severity: 'success', title: 'Presentation edit completed' },
  'ppt.edit.failed': { category: 'generation', status: 'failed', severity: 'error', title: 'Presentation edit failed' },
  'file.uploaded': { category: 'file', status: 'completed', severity: 'success', title: 'File uploaded' },
  'file.processed': { category: 'file', status: 'completed', severity: 'success', title: 'File processed' },
  'file.deleted': { category: 'file', status: 'info', severity: 'info', title: 'File deleted' },
  'user.registered': { category: 'user', status: 'info', severity: 'success', title: 'User registered' },
  'user.subscribed': { category: 'user', status: 'info', severity: 'success', title: 'User subscribed' },
  'user.unsubscribed': { category: 'user', status: 'info', severity: 'info', title: 'User unsubscribed' },
  'webhook.retry': { category: 'system', status: 'info', severity: 'warning', title: 'Webhook delivery retried' },
};

type Detail = Omit<EventParts, keyof Classification | 'id' | 'type'>;

/** The fields without which an event cannot be told apart: only they may refuse it. */
const CORE = ['id', 'type'];

export function parseIhateppt(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const challenge = challengeSchema.safeParse(payload);
  if (challenge.success) return { kind: 'reply', body: { challenge: challenge.data.data.challenge } };

  const envelope = readPayload(envelopeSchema, payload, { drift: req.drift, core: CORE });
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    id: envelope.id,
    type: envelope.type,
    ...(CLASSIFICATION[envelope.type] ?? unknownType('I Hate PPT', envelope.type)),
    ...detailFor(envelope.type, envelope.data, req.drift),
    occurred_at: toIso(envelope.created),
  });
  return { kind: 'event', event };
}

function detailFor(type: string, data: Record<string, unknown>, drift: DriftCollector | undefined): Detail {
  const read = <S extends z.ZodType>(schema: S) => readPayload(schema, data, { drift, at: 'data' });
  switch (type.split('.', 1)[0]) {
    case 'ppt':
      return pptParts(read(pptSchema));
    case 'file':
      return fileParts(read(fileSchema));
    case 'user':
      // Only ids and the plan are shown: anything else about a person stays in `data`.
      return userParts(read(userSchema));
    case 'webhook':
      return type === 'webhook.retry' ? retryParts(read(retrySchema)) : {};
    default:
      return {};
  }
}

function pptParts(data: z.output<typeof pptSchema>): Detail {
  const durationMs = data.generation_time === undefined ? undefined : Math.round(data.generation_time * 1000);
  const error = errorOf(data.error);
  return {
    summary: errorText(error) ?? data.reason,
    error,
    prompt: data.instruction,
    duration_ms: durationMs,
    fields: [
      field.text('Title', data.title),
      field.number('Pages', data.pages),
      field.duration('Generation time', durationMs),
      // The documentation gives no unit for the cost.
      field.number('Cost', data.cost),
      field.text('Presentation', data.ppt_id),
      field.text('User', data.user_id),
    ],
    links: httpLinks(['Download', data.download_url], ['Preview', data.preview_url]),
    correlation_id: data.ppt_id,
  };
}

function fileParts(data: z.output<typeof fileSchema>): Detail {
  return {
    fields: [
      field.text('File', data.file_name),
      field.text('Type', data.file_type),
      field.bytes('Size', data.size),
      field.text('File id', data.file_id),
      field.text('User', data.user_id),
    ],
    links: httpLinks(['Open', data.url]),
    correlation_id: data.file_id,
  };
}

function userParts(data: z.output<typeof userSchema>): Detail {
  return { fields: [field.text('User', data.user_id), field.text('Plan', data.plan)] };
}

function retryParts(data: z.output<typeof retrySchema>): Detail {
  return {
    fields: [
      field.text('Original event', data.original_event_id),
      field.number('Retry count', data.retry_count),
      field.time('Next retry at', data.next_retry_at),
    ],
    correlation_id: data.original_event_id,
  };
}
