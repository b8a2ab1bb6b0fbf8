import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';

/** `/healthz` (the process runs), `/readyz` (store writable, config loaded), `/metrics`. */
export function registerHealth(app: FastifyInstance, deps: { store: Store; metrics: Metrics }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const writable = await deps.store.writable();
    if (!writable) return reply.code(503).send({ status: 'unavailable', store: 'not writable' });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
