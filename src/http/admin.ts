import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import { safeEqual } from '../sources/crypto.js';
import { deliveryView } from '../store/delivery-view.js';
import type { DeliveryStatus, Store, StoredEvent } from '../store/store.js';
import { errorBody } from './errors.js';

export interface AdminDeps {
  runtime: () => Runtime;
  store: Store;
  notify: (channels: string[], force?: boolean) => void;
  now: () => Date;
}

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'dead'];

/** `/api/*` behind `Authorization: Bearer <admin_token>`; absent when no token is configured. */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = deps.runtime().config.server.admin_token;
    if (token.empty) return reply.code(404).send(errorBody('admin_disabled', 'set server.admin_token to enable /api'));
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!given || !safeEqual(given, token.reveal())) return reply.code(401).send(errorBody('unauthorized'));
  };

  app.get<{ Querystring: { status?: string; channel?: string; limit?: string } }>('/api/deliveries', { onRequest: authorize }, async (request, reply) => {
    const { status, channel, limit } = request.query;
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) {
      return reply.code(400).send(errorBody('invalid_request', `status must be one of ${STATUSES.join(', ')}`));
    }
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) return reply.code(400).send(errorBody('invalid_request', 'limit must be 1–10000'));
    const rows = await deps.store.deliveries({ ...(status ? { status: status as DeliveryStatus } : {}), ...(channel ? { channel } : {}), limit: n });
    return { deliveries: rows.map(deliveryView) };
  });

  app.post<{ Params: { id: string } }>('/api/deliveries/:id/retry', { onRequest: authorize }, async (request, reply) => {
    const id = Number(request.params.id);
    const delivery = Number.isInteger(id) ? await deps.store.delivery(id) : undefined;
    if (!delivery) return reply.code(404).send(errorBody('not_found', `no delivery ${request.params.id}`));
    if (delivery.status !== 'dead') return reply.code(409).send(errorBody('conflict', `delivery ${id} is ${delivery.status}, not dead`));
    await deps.store.retryDead({ ids: [id] }, deps.now().getTime());
    deps.notify([delivery.channel], true);
    return { retried: 1, delivery: deliveryView((await deps.store.delivery(id))!) };
  });

  app.get<{ Params: { id: string } }>('/api/events/:id', { onRequest: authorize }, async (request, reply) => {
    const events = await deps.store.eventsById(request.params.id);
    if (events.length === 0) return reply.code(404).send(errorBody('not_found', `no event ${request.params.id}`));
    const parts: string[] = [];
    for (const stored of events) {
      const deliveries = await deps.store.deliveries({ eventKey: stored.key, limit: 10_000 });
      parts.push(eventJson(stored, deliveries.map(deliveryView)));
    }
    return reply.type('application/json; charset=utf-8').send(`{"events":[${parts.join(',')}]}`);
  });
}

/**
 * One event of `GET /api/events/:id` as JSON text: the normalized event, its deliveries,
 * and `data` — the body exactly as received, spliced in as text (it was valid JSON when it
 * was accepted). Re-serializing `data` would fail: JSON.stringify recurses and overflows the
 * stack on a body nested a few thousand levels deep, and every accepted event must be shown.
 */
function eventJson({ event, raw }: StoredEvent, deliveries: ReturnType<typeof deliveryView>[]): string {
  const { data, ...normalized } = event;
  const head = JSON.stringify({ ...normalized, deliveries });
  return `${head.slice(0, -1)},"data":${raw ? raw.toString('utf8') : dataJson(data)}}`;
}

/** `data` of an event stored without its raw body. */
function dataJson(data: unknown): string {
  try {
    return JSON.stringify(data) ?? 'null';
  } catch {
    return JSON.stringify({ herald_note: 'data is too deeply nested to show' });
  }
}
