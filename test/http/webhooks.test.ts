import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { StoreUnavailableError } from '../../src/store/store.js';
import { STD_SECRET, testApp, wpllmBody, wpllmSign } from '../helpers/app.js';

const post = (app: ReturnType<typeof testApp>['app'], body: string | Buffer, headers: Record<string, string>, url = '/webhooks/wpllm') =>
  app.inject({ method: 'POST', url, payload: body, headers });

const signed = (body: string) => ({ 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) });

describe('POST /webhooks/:source', () => {
  it('receiver – 200 with the event id and queued deliveries, after the store committed them', async () => {
    const { app, store, notified } = testApp();
    const body = wpllmBody();
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, id: 'evt_123456789', deliveries: 2 });
    expect(await store.queueDepth()).toEqual({ local: 1, other: 1 });
    expect(notified).toEqual([['local', 'other']]);
  });

  it('receiver – charset in the content type is fine; a sha256= prefix is accepted for wp-llm', async () => {
    const { app } = testApp();
    const body = wpllmBody();
    const res = await post(app, body, { 'content-type': 'application/json; charset=utf-8', 'x-wp-llm-signature': `sha256=${wpllmSign(body)}` });
    expect(res.statusCode).toBe(200);
  });

  it('receiver – an event no route matches is stored and acknowledged with 0 deliveries', async () => {
    const { app } = testApp();
    const body = wpllmBody('evt_usage', 'usage.warning');
    const res = await post(app, body, signed(body));
    expect(res.json()).toEqual({ received: true, id: 'evt_usage', deliveries: 0 });
  });

  it('receiver – a duplicate is acknowledged and not delivered twice', async () => {
    const { app, store } = testApp();
    const body = wpllmBody();
    await post(app, body, signed(body));
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, id: 'evt_123456789', duplicate: true });
    expect(await store.queueDepth()).toEqual({ local: 1, other: 1 });
  });

  it('receiver – missing signature is 401 missing_signature', async () => {
    const { app } = testApp();
    const res = await post(app, wpllmBody(), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'missing_signature' });
  });

  it('receiver – a wrong signature is 401 invalid_signature', async () => {
    const { app, store } = testApp();
    const body = wpllmBody();
    const res = await post(app, body, { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body, 'wrong') });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_signature' });
    expect(await store.queueDepth()).toEqual({});
  });

  it('receiver – a signature of a different length is 401, not 500', async () => {
    const { app } = testApp();
    for (const sig of ['abc', 'a'.repeat(200), '', '\u00ff\u00fe']) {
      const res = await post(app, wpllmBody(), { 'content-type': 'application/json', 'x-wp-llm-signature': sig });
      expect(res.statusCode).toBe(401);
    }
  });

  it('receiver – a body re-serialized with other whitespace fails verification', async () => {
    const { app } = testApp();
    const body = wpllmBody();
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    const res = await post(app, pretty, { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_signature' });
  });

  it('receiver – a correctly signed body that is not JSON is 400 invalid_payload', async () => {
    const { app } = testApp();
    const body = '{"id": "evt_1", truncated';
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_payload', message: expect.any(String) });
  });

  it('receiver – a signed JSON body that is not the provider shape is 400 invalid_payload', async () => {
    const { app } = testApp();
    const body = JSON.stringify({ hello: 'world' });
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_payload');
  });

  it('receiver – an empty body with a JSON content type is 400', async () => {
    const { app } = testApp();
    const res = await post(app, '', { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign('') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_payload');
  });

  it('receiver – an unknown source is 404 unknown_source', async () => {
    const { app } = testApp();
    const res = await post(app, wpllmBody(), { 'content-type': 'application/json' }, '/webhooks/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'unknown_source' });
  });

  it('receiver – a body over body_limit is 413 payload_too_large', async () => {
    const { app } = testApp();
    const body = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large' });
  });

  it('receiver – a non-JSON content type is 415, and so is none at all', async () => {
    const { app } = testApp();
    const body = wpllmBody();
    const text = await post(app, body, { 'content-type': 'text/plain', 'x-wp-llm-signature': wpllmSign(body) });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toEqual({ error: 'unsupported_media_type' });
    const none = await app.inject({ method: 'POST', url: '/webhooks/wpllm', payload: Buffer.from(body), headers: { 'x-wp-llm-signature': wpllmSign(body) } });
    expect(none.statusCode).toBe(415);
    expect(none.json()).toEqual({ error: 'unsupported_media_type' });
  });

  it('receiver – a store that throws answers 503 unavailable, without a stack or secret', async () => {
    const store = new MemoryStore();
    store.ingest = async () => {
      throw new StoreUnavailableError('store unavailable: SQLITE_FULL');
    };
    const { app } = testApp({ store });
    const body = wpllmBody();
    const res = await post(app, body, signed(body));
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('{"error":"unavailable"}');
  });

  it('receiver – standard-webhooks: a valid signature is accepted and the id is webhook-id', async () => {
    const { app } = testApp();
    const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 'x' } });
    const now = new Date();
    const sig = new Webhook(STD_SECRET).sign('msg_1', now, body);
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': sig };
    const res = await post(app, body, headers, '/webhooks/hooks');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, id: 'msg_1', deliveries: 1 });
  });

  it('receiver – standard-webhooks: a stale timestamp is 401 timestamp_out_of_tolerance', async () => {
    const { app } = testApp();
    const body = JSON.stringify({ type: 'invoice.paid', data: {} });
    const then = new Date(Date.now() - 10 * 60_000);
    const sig = new Webhook(STD_SECRET).sign('msg_2', then, body);
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(then.getTime() / 1000)), 'webhook-signature': sig };
    const res = await post(app, body, headers, '/webhooks/hooks');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'timestamp_out_of_tolerance' });
  });

  describe('Svix-style headers', () => {
    /** Headers as a Svix sender builds them: the Standard Webhooks HMAC under svix-* names. */
    function svixHeaders(id: string, body: string, secret = STD_SECRET): Record<string, string> {
      const ts = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
      return { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': `v1,${sig}` };
    }
    const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 'inv_1' } });

    it('receiver – standard-webhooks: svix-id/-timestamp/-signature are accepted and svix-id is the event id', async () => {
      const { app, store } = testApp();
      const res = await post(app, body, svixHeaders('msg_svix_1', body), '/webhooks/hooks');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ received: true, id: 'msg_svix_1', deliveries: 1 });
      expect(await store.eventsById('msg_svix_1')).toHaveLength(1);
    });

    it('receiver – standard-webhooks: a Svix retry of the same svix-id is a duplicate', async () => {
      const { app, store } = testApp();
      await post(app, body, svixHeaders('msg_svix_2', body), '/webhooks/hooks');
      const again = await post(app, body, svixHeaders('msg_svix_2', body), '/webhooks/hooks');
      expect(again.json()).toEqual({ received: true, id: 'msg_svix_2', duplicate: true });
      expect(await store.queueDepth()).toEqual({ local: 1 });
    });

    it('receiver – standard-webhooks: a wrong svix-signature is 401 invalid_signature', async () => {
      const { app } = testApp();
      const headers = svixHeaders('msg_svix_3', body, 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=');
      const res = await post(app, body, headers, '/webhooks/hooks');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_signature' });
    });

    it('receiver – standard-webhooks: without webhook-* or svix-* headers it is 401 missing_signature', async () => {
      const { app } = testApp();
      const res = await post(app, body, { 'content-type': 'application/json' }, '/webhooks/hooks');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'missing_signature' });
    });
  });

  it('receiver – every error body is a JSON object with an error code', async () => {
    const { app } = testApp();
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found' });
  });
});
