import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { ADMIN_TOKEN, testApp, wpllmBody, wpllmSign } from '../helpers/app.js';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function withDeadLetter() {
  const t = testApp({ admin: true });
  const body = wpllmBody();
  await t.app.inject({ method: 'POST', url: '/webhooks/wpllm', payload: body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
  const head = (await t.store.head('local'))!;
  await t.store.markDead(head.id, 'GONE: slack answered 404', Date.now());
  return { ...t, deadId: head.id };
}

describe('health and metrics', () => {
  it('healthz – 200 {"status":"ok"}', async () => {
    const { app } = testApp();
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('readyz – 200 while the store is writable, 503 when it is not', async () => {
    const store = new MemoryStore();
    const { app } = testApp({ store });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    await store.close();
    expect((await app.inject('/readyz')).statusCode).toBe(503);
  });

  it('metrics – Prometheus text with herald_ series and their documented label names', async () => {
    const { app } = testApp();
    const body = wpllmBody();
    await app.inject({ method: 'POST', url: '/webhooks/wpllm', payload: body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toContain('herald_events_received_total{source="wpllm",type="generation.completed",outcome="accepted"} 1');
    expect(res.body).toContain('herald_queue_depth{channel="local"} 1');
    for (const name of ['herald_deliveries_total', 'herald_delivery_latency_seconds', 'herald_rate_limit_waits_total', 'herald_dead_letters_total']) {
      expect(res.body).toContain(`# TYPE ${name}`);
    }
  });
});

describe('admin API', () => {
  it('admin – disabled (404) when no admin_token is configured', async () => {
    const { app } = testApp();
    const res = await app.inject({ url: '/api/deliveries', headers: auth });
    expect(res.statusCode).toBe(404);
  });

  it('admin – 401 without the bearer token or with a wrong one', async () => {
    const { app } = testApp({ admin: true });
    expect((await app.inject('/api/deliveries')).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/deliveries', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/deliveries/1/retry' })).statusCode).toBe(401);
  });

  it('admin – lists deliveries by status with the documented fields', async () => {
    const { app, deadId } = await withDeadLetter();
    const res = await app.inject({ url: '/api/deliveries?status=dead', headers: auth });
    expect(res.statusCode).toBe(200);
    const { deliveries } = res.json();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ id: deadId, event_id: 'evt_123456789', channel: 'local', status: 'dead', attempts: 0, last_error: 'GONE: slack answered 404' });
    const pending = (await app.inject({ url: '/api/deliveries?status=pending', headers: auth })).json().deliveries;
    expect(pending.map((d: { channel: string }) => d.channel)).toEqual(['other']);
    expect((await app.inject({ url: '/api/deliveries?status=bogus', headers: auth })).statusCode).toBe(400);
  });

  it('admin – retrying a dead letter queues it again and wakes the worker', async () => {
    const { app, store, notified, deadId } = await withDeadLetter();
    const res = await app.inject({ method: 'POST', url: `/api/deliveries/${deadId}/retry`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect((await store.delivery(deadId))?.status).toBe('pending');
    expect(notified.at(-1)).toEqual(['local']);
    expect((await app.inject({ method: 'POST', url: `/api/deliveries/${deadId}/retry`, headers: auth })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/api/deliveries/999/retry', headers: auth })).statusCode).toBe(404);
  });

  it('admin – GET /api/events/:id returns the normalized event and its deliveries', async () => {
    const { app } = await withDeadLetter();
    const res = await app.inject({ url: '/api/events/evt_123456789', headers: auth });
    expect(res.statusCode).toBe(200);
    const [event] = res.json().events;
    expect(event).toMatchObject({ id: 'evt_123456789', source: 'wpllm', type: 'generation.completed' });
    expect(event.deliveries).toHaveLength(2);
    expect((await app.inject({ url: '/api/events/nope', headers: auth })).statusCode).toBe(404);
  });
});
