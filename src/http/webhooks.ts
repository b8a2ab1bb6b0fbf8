import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics.js';
import type { Runtime } from '../runtime.js';
import { DriftCollector } from '../sources/lenient.js';
import { SourceError, type Inbound, type Source, type SourceRequest } from '../sources/source.js';
import { StoreUnavailableError, type Store } from '../store/store.js';
import type { StreamHolder } from '../streams/stream-holder.js';
import type { DriftLog } from './drift-log.js';
import { errorBody, type HttpErrorCode, HTTP_ERRORS } from './errors.js';

export interface WebhookDeps {
  runtime: () => Runtime;
  store: Store;
  metrics: Metrics;
  /** Wakes the delivery worker for channels that just got deliveries. */
  notify: (channels: string[]) => void;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Reports fields of an unexpected type in accepted payloads. */
  driftLog: DriftLog;
  /** Assembles streams, holding an end whose chunks are missing. */
  streams: StreamHolder;
}

type Params = { source: string };

/** Media types treated as JSON: application/json and application/*+json, charset allowed. */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

function send(reply: FastifyReply, code: HttpErrorCode, message?: string): FastifyReply {
  return reply.code(HTTP_ERRORS[code]).send(errorBody(code, message));
}

/**
 * Header names as node gives them (lower-cased), each value one string. Node joins repeated
 * headers itself except a few (set-cookie) it keeps as lists: only then is a copy made.
 */
function flatHeaders(headers: FastifyRequest['headers']): Record<string, string | undefined> {
  for (const name in headers) {
    if (typeof headers[name] !== 'string' && headers[name] !== undefined) return copyFlat(headers, (list) => list.join(', '));
  }
  return headers as Record<string, string | undefined>;
}

/** Query parameters, each one string: the first of a repeated one. Copied only when one repeats. */
function flatQuery(query: unknown): Record<string, string | undefined> {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const name in params) {
    if (typeof params[name] !== 'string') return copyFlat(params, (list) => String(list[0]));
  }
  return params as Record<string, string | undefined>;
}

function copyFlat(values: Record<string, unknown>, fromList: (list: unknown[]) => string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(values)) out[name] = Array.isArray(value) ? fromList(value) : typeof value === 'string' ? value : undefined;
  return out;
}

/** The 200 of an accepted event, written as JSON text directly (no serializer pass). */
function acceptedBody(id: string, deliveries: number): string {
  return `{"received":true,"id":${JSON.stringify(id)},"deliveries":${deliveries}}`;
}

const JSON_UTF8 = 'application/json; charset=utf-8';

/** `POST /webhooks/:source` — verify on raw bytes, normalize, route, commit, then answer 200. */
export function registerWebhooks(app: FastifyInstance, deps: WebhookDeps): void {
  // Bodies are kept as raw bytes: signatures are checked over exactly what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Params: Params }>('/webhooks/:source', {
    // Unknown sources are refused before the body is read.
    onRequest: (request, reply, done) => {
      if (deps.runtime().sources.has(request.params.source)) done();
      else send(reply, 'unknown_source');
    },
    handler: async (request, reply) => {
      const source = deps.runtime().sources.get(request.params.source);
      if (!source) return send(reply, 'unknown_source');
      const contentType = request.headers['content-type'];
      if (!contentType || !JSON_TYPE.test(contentType)) return send(reply, 'unsupported_media_type');
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const req: SourceRequest = {
        raw,
        headers: flatHeaders(request.headers),
        query: flatQuery(request.query),
        now: deps.now(),
        drift: new DriftCollector(),
      };
      return receive(source, req, reply, deps);
    },
  });
}

async function receive(source: Source, req: SourceRequest, reply: FastifyReply, deps: WebhookDeps) {
  const count = (type: string, outcome: string) => deps.metrics.countEvent(source.key, type, outcome);
  let inbound;
  try {
    if (req.raw.length === 0) throw new SourceError('invalid_payload', 'empty body');
    source.verify(req);
    inbound = source.parse(req);
    if (req.drift?.size) deps.driftLog.report(source.key, req.drift.entries);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    count('', err.code);
    deps.log.info({ source: source.key, outcome: err.code, reason: err.message }, 'webhook rejected');
    return send(reply, err.code, err.code === 'invalid_payload' ? err.message : undefined);
  }

  const now = req.now.getTime();
  try {
    if (inbound.kind === 'reply') {
      count('', 'challenge');
      return reply.code(200).send(inbound.body);
    }
    if (inbound.kind === 'chunk') {
      await deps.streams.chunk(source.key, inbound, now);
      count('llm.streaming.chunk', 'chunk');
      return reply.code(200).type(JSON_UTF8).send(acceptedBody(inbound.id, 0));
    }
    const { event } = inbound;
    const result = await commit(source, inbound, req.raw, now, deps);
    if (result.duplicate) {
      count(event.type, 'duplicate');
      deps.log.info({ event_id: event.id, source: event.source, type: event.type, outcome: 'duplicate' }, 'webhook duplicate');
      return reply.code(200).send({ received: true, id: event.id, duplicate: true });
    }
    count(event.type, 'accepted');
    deps.log.info(
      { event_id: event.id, source: event.source, type: event.type, deliveries: result.deliveries, channels: result.channels, ...(result.held ? { held: true } : {}) },
      'event accepted',
    );
    return reply.code(200).type(JSON_UTF8).send(acceptedBody(event.id, result.deliveries));
  } catch (err) {
    count(inbound.kind === 'event' ? inbound.event.type : '', 'unavailable');
    deps.log.error({ err: err instanceof StoreUnavailableError ? err.message : err, source: source.key }, 'store unavailable');
    return send(reply, 'unavailable');
  }
}

type Committed = { duplicate: true } | { duplicate: false; deliveries: number; channels: string[]; held?: boolean };

/**
 * Commits an event and its deliveries, then wakes the worker. A stream's end goes through
 * the stream holder, which may hold it (0 deliveries now) until its chunks are there.
 */
async function commit(source: Source, inbound: Extract<Inbound, { kind: 'event' }>, raw: Buffer, now: number, deps: WebhookDeps): Promise<Committed> {
  const { event, stream } = inbound;
  if (stream?.role === 'end') {
    const ended = await deps.streams.end(source.key, event, stream, raw, now);
    if (ended.duplicate) return ended;
    return { duplicate: false, deliveries: ended.deliveries, channels: ended.released?.targets.map((t) => t.channel) ?? [], held: ended.held };
  }
  const { config, router } = deps.runtime();
  const { targets } = router.route(event);
  const result = await deps.store.ingest({ event, raw, targets, dedupeUntil: now + config.dedupe_window, now });
  if (result.duplicate) return result;
  const channels = targets.map((t) => t.channel);
  if (channels.length > 0) deps.notify(channels);
  return { duplicate: false, deliveries: result.deliveries, channels };
}
