import { z } from 'zod';
import { worstSeverity, type Severity } from '../../events/event.js';
import { parseJsonObject } from '../crypto.js';
import { toIso } from '../../events/format.js';
import {
  buildEvent,
  completionBody,
  errorOf,
  errorText,
  field,
  firstLine,
  httpLinks,
  unknownType,
  usageOf,
  type Classification,
  type EventParts,
} from '../normalize-helpers.js';
import { readPayload, type DriftCollector } from '../lenient.js';
import type { Inbound, SourceRequest } from '../source.js';
import {
  analysisSchema,
  envelopeSchema,
  generationSchema,
  issueSchema,
  systemSchema,
  trainingSchema,
  usageSchema,
} from './schema.js';

export const PROVIDER = 'wp-llm';

/** Every event type of the WP LLM docs' "Event Types" tables. */
export const CLASSIFICATION: Record<string, Classification> = {
  'generation.started': { category: 'generation', status: 'started', severity: 'info', title: 'Code generation started' },
  'generation.completed': { category: 'generation', status: 'completed', severity: 'success', title: 'Code generation completed' },
  'generation.failed': { category: 'generation', status: 'failed', severity: 'error', title: 'Code generation failed' },
  // analysis.completed's severity is the worst issue severity (see analysisParts).
  'analysis.completed': { category: 'analysis', status: 'completed', severity: 'success', title: 'Code analysis completed' },
  'analysis.failed': { category: 'analysis', status: 'failed', severity: 'error', title: 'Code analysis failed' },
  'model.training.started': { category: 'training', status: 'started', severity: 'info', title: 'Model training started' },
  'model.training.completed': { category: 'training', status: 'completed', severity: 'success', title: 'Model training completed' },
  'model.training.failed': { category: 'training', status: 'failed', severity: 'error', title: 'Model training failed' },
  'usage.warning': { category: 'usage', status: 'alert', severity: 'warning', title: 'Usage warning' },
  'usage.limit_exceeded': { category: 'usage', status: 'alert', severity: 'error', title: 'Rate limit exceeded' },
  'usage.quota_exceeded': { category: 'usage', status: 'alert', severity: 'critical', title: 'Monthly quota exceeded' },
  'system.maintenance': { category: 'system', status: 'info', severity: 'warning', title: 'Scheduled maintenance' },
  'system.update': { category: 'system', status: 'info', severity: 'info', title: 'System update' },
};

/** WP LLM issue severity → the event's severity (README "WP LLM"). */
const EVENT_SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'success',
  none: 'success',
  info: 'success',
};

/** An issue as an item: low findings are information, not a "success". */
const ITEM_SEVERITY: Record<string, Severity> = { ...EVENT_SEVERITY, low: 'info', none: 'info', info: 'info' };

type Data = Record<string, unknown>;
type Detail = Omit<EventParts, keyof Classification | 'id' | 'type'> & Partial<Pick<Classification, 'severity'>>;

/** The fields without which an event cannot be told apart: only they may refuse it. */
const CORE = ['id', 'type'];

export function parseWpLlm(key: string, req: SourceRequest): Inbound {
  const payload = parseJsonObject(req.raw);
  const envelope = readPayload(envelopeSchema, payload, { drift: req.drift, core: CORE });
  const classification = CLASSIFICATION[envelope.type] ?? unknownType('WP LLM', envelope.type);
  const detail = detailFor(envelope.type, envelope.data, req.drift);
  const event = buildEvent({ key, provider: PROVIDER }, req, payload, {
    id: envelope.id,
    type: envelope.type,
    ...classification,
    ...detail,
    severity: detail.severity ?? classification.severity,
    occurred_at: detail.occurred_at ?? toIso(envelope.created),
  });
  return { kind: 'event', event };
}

function detailFor(type: string, data: Data, drift: DriftCollector | undefined): Detail {
  const read = <S extends z.ZodType>(schema: S) => readPayload(schema, data, { drift, at: 'data' });
  const group = type.startsWith('model.training.') ? 'training' : type.split('.', 1)[0];
  switch (group) {
    case 'generation':
      return generationParts(type, read(generationSchema));
    case 'analysis':
      return analysisParts(type, read(analysisSchema));
    case 'training':
      return trainingParts(read(trainingSchema));
    case 'usage':
      return usageParts(read(usageSchema));
    case 'system':
      return systemParts(read(systemSchema));
    default:
      return { correlation_id: typeof data.id === 'string' ? data.id : undefined };
  }
}

function generationParts(type: string, data: z.output<typeof generationSchema>): Detail {
  const usage = usageOf(data.usage?.prompt_tokens, data.usage?.completion_tokens, data.usage?.total_tokens);
  const error = errorOf(data.error);
  return {
    summary: type === 'generation.failed' ? errorText(error) : firstLine(data.prompt),
    error,
    body: type === 'generation.completed' ? completionBody(data.completion) : undefined,
    prompt: data.prompt,
    model: data.model,
    usage,
    duration_ms: data.duration_ms,
    fields: [
      field.text('Model', data.model),
      field.tokens('Tokens', usage),
      field.duration('Duration', data.duration_ms),
      field.text('Finish reason', data.finish_reason),
    ],
    correlation_id: data.id,
  };
}

function analysisParts(type: string, data: z.output<typeof analysisSchema>): Detail {
  const items = data.issues.map((issue) => ({
    severity: ITEM_SEVERITY[issue.severity?.toLowerCase() ?? ''] ?? 'warning',
    title: issue.message ?? issue.type ?? 'Issue',
    detail: issue.suggestion,
    location: issue.line === undefined ? undefined : `line ${issue.line}`,
  }));
  const error = errorOf(data.error);
  return {
    severity: type === 'analysis.completed' ? worstSeverity(data.issues.map(issueEventSeverity), 'success') : undefined,
    summary: errorText(error),
    error,
    fields: [
      // WP LLM scores are fractions (0.3); a provider sending percentages is read as such.
      field.score('Score', data.score, (data.score ?? 0) > 1 ? 100 : 1),
      // With issues listed, the renderers count them by severity themselves.
      field.number('Issues', error || items.length > 0 ? undefined : 0),
      field.list('Recommendations', data.recommendations),
    ],
    items: items.map((item) => dropUndefined(item)),
    correlation_id: data.id,
  };
}

function issueEventSeverity(issue: z.output<typeof issueSchema>): Severity {
  return EVENT_SEVERITY[issue.severity?.toLowerCase() ?? ''] ?? 'warning';
}

function trainingParts(data: z.output<typeof trainingSchema>): Detail {
  const error = errorOf(data.error);
  const durationMs = data.training_time === undefined ? undefined : data.training_time * 1000;
  return {
    summary: errorText(error),
    error,
    model: data.fine_tuned_model ?? data.model,
    duration_ms: durationMs,
    fields: [
      field.text('Model', data.model),
      field.text('Base model', data.base_model),
      field.text('Fine-tuned model', data.fine_tuned_model),
      field.number('Trained tokens', data.trained_tokens),
      field.number('Epochs', data.epochs),
      field.duration('Training time', durationMs),
    ],
    correlation_id: data.id,
  };
}

function usageParts(data: z.output<typeof usageSchema>): Detail {
  const limit = data.limit ?? data.quota;
  return {
    // The provider's own words only: the numbers are facts, which every platform shows.
    summary: data.message,
    fields: [
      field.number(data.quota !== undefined ? 'Quota' : 'Limit', limit),
      field.usage('Current usage', data.current_usage, limit),
      field.percent('Usage', data.percentage),
      field.text('Period', data.period),
      field.time('Resets at', data.reset_time),
      field.delay('Retry after', data.retry_after === undefined ? undefined : data.retry_after * 1000),
    ],
  };
}

function systemParts(data: z.output<typeof systemSchema>): Detail {
  return {
    summary: firstLine(data.message),
    body: data.changes?.length ? { format: 'markdown', content: data.changes.map((c) => `- ${c}`).join('\n') } : undefined,
    fields: [
      field.text('Title', data.title),
      field.text('Version', data.version),
      field.text('Status', data.status),
      field.time('Starts', data.start_time),
      field.time('Ends', data.end_time),
      field.text('Affected services', data.affected_services?.join(', ')),
    ],
    links: httpLinks(['Details', data.url]),
  };
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
