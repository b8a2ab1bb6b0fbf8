import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAdmin } from './http/admin.js';
import { codeForFastifyError, errorBody, HTTP_ERRORS } from './http/errors.js';
import { registerHealth } from './http/health.js';
import { registerWebhooks } from './http/webhooks.js';
import type { Metrics } from './metrics.js';
import type { Runtime } from './runtime.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  runtime: () => Runtime;
  store: Store;
  metrics: Metrics;
  /** Wakes the delivery worker; a no-op when none runs (tests, `herald route`). */
  notify?: (channels: string[]) => void;
  now?: () => Date;
  /** The process's pino logger; none in unit tests. */
  logger?: FastifyBaseLogger;
}

/** Builds the HTTP app without listening: tests use `app.inject`, main.ts calls `listen`. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.runtime().config.server.body_limit,
    // No per-request access lines: URLs may carry a token (PromptPal's ?token=) and headers
    // carry signatures. Herald logs one line per accepted or rejected event instead.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  const notify = deps.notify ?? (() => {});
  const now = deps.now ?? (() => new Date());

  app.setErrorHandler((err, request, reply) => {
    const code = codeForFastifyError(err as { code?: string; statusCode?: number });
    if (HTTP_ERRORS[code] >= 500) request.log.error({ err }, 'request failed');
    const message = code === 'invalid_payload' ? 'body is empty or not JSON' : undefined;
    return reply.code(HTTP_ERRORS[code]).send(errorBody(code, message));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('not_found')));

  registerHealth(app, { store: deps.store, metrics: deps.metrics });
  registerWebhooks(app, { runtime: deps.runtime, store: deps.store, metrics: deps.metrics, notify, now });
  registerAdmin(app, { runtime: deps.runtime, store: deps.store, notify, now });
  return app;
}
