import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { registerAdmin } from './http/admin.js';
import { DriftLog } from './http/drift-log.js';
import { closeWhenBodyUnread, CONNECTION_TIMEOUTS } from './http/connections.js';
import { codeForFastifyError, errorBody, HTTP_ERRORS } from './http/errors.js';
import { registerHealth } from './http/health.js';
import { registerWebhooks } from './http/webhooks.js';
import type { Metrics } from './metrics.js';
import type { Runtime } from './runtime.js';
import type { Store } from './store/store.js';
import { StreamHolder } from './streams/stream-holder.js';

export interface AppDeps {
  runtime: () => Runtime;
  store: Store;
  metrics: Metrics;
  /** Wakes the delivery worker; a no-op when none runs (tests, `herald route`). */
  notify?: (channels: string[], force?: boolean) => void;
  now?: () => Date;
  /** The process's pino logger; silent when omitted (unit tests). */
  logger?: FastifyBaseLogger;
  /**
   * Holds stream ends whose chunks are missing. `herald serve` passes one it has started (it
   * releases held streams at their deadline); without one, streams are still assembled and
   * held, but only a completing chunk releases them.
   */
  streams?: StreamHolder;
}

/** Builds the HTTP app without listening: tests use `app.inject`, main.ts calls `listen`. */
export function buildApp(deps: AppDeps): FastifyInstance {
  // fastify's own logger stays off: no per-request access lines (URLs may carry PromptPal's
  // ?token=, headers carry signatures) and no per-request child logger on the hot path.
  // Herald logs one line per accepted or rejected event itself.
  const log = deps.logger ?? pino({ level: 'silent' });
  const app = Fastify({
    logger: false,
    bodyLimit: deps.runtime().config.server.body_limit,
    return503OnClosing: true,
    keepAliveTimeout: CONNECTION_TIMEOUTS.keepAliveTimeoutMs,
    requestTimeout: CONNECTION_TIMEOUTS.requestTimeoutMs,
    http: { headersTimeout: CONNECTION_TIMEOUTS.headersTimeoutMs, connectionsCheckingInterval: CONNECTION_TIMEOUTS.checkIntervalMs },
  });
  closeWhenBodyUnread(app);
  const notify = deps.notify ?? (() => {});
  const now = deps.now ?? (() => new Date());

  app.setErrorHandler((err, request, reply) => {
    const code = codeForFastifyError(err as { code?: string; statusCode?: number });
    if (HTTP_ERRORS[code] >= 500) log.error({ err, method: request.method, route: request.routeOptions.url }, 'request failed');
    const message = code === 'invalid_payload' ? 'body is empty or not JSON' : undefined;
    return reply.code(HTTP_ERRORS[code]).send(errorBody(code, message));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('not_found')));

  registerHealth(app, { store: deps.store, metrics: deps.metrics });
  const driftLog = new DriftLog({ log, metrics: deps.metrics });
  const streams = deps.streams ?? new StreamHolder({ runtime: deps.runtime, store: deps.store, metrics: deps.metrics, log, notify });
  registerWebhooks(app, { runtime: deps.runtime, store: deps.store, metrics: deps.metrics, notify, now, log, driftLog, streams });
  registerAdmin(app, { runtime: deps.runtime, store: deps.store, notify, now });
  return app;
}
