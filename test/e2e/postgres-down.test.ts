// PostgreSQL goes away under a running replica (a proxy in front of the real server is
// cut): webhooks get 503 and /readyz 503, nothing is lost; when it is back, everything
// resumes by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor } from '../helpers/herald-process.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

let fake: FakePlatform;
let db: { url: string; drop(): Promise<void> };
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const dir = tempDir();

beforeAll(async () => {
  fake = await startFakePlatform();
  db = await createTestDatabase('herald_down');
  const url = new URL(db.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
});
afterAll(async () => {
  await fake?.close();
  await proxy?.close();
  await db?.drop();
  dir.cleanup();
});

const post = (base: string, id: string) => {
  const body = wpllmBody(id);
  return fetch(`${base}/webhooks/wpllm`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
};

describe('PostgreSQL down at start', () => {
  it('postgres down – a replica started before its database waits for it (logging each wait), then serves', async () => {
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    proxy.cut();
    setTimeout(() => proxy.restore(), 2500);
    const started = Date.now();
    const herald = await startHerald(
      `
storage: { driver: postgres, url: "\${HERALD_DATABASE_URL}", connect_timeout: 20s }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
`,
      dir.path,
      { HERALD_DATABASE_URL: viaProxy.toString() },
    );
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(herald.stdout()).toMatch(/"attempt":1,.*"msg":"waiting for PostgreSQL"/);
      expect((await post(herald.url, 'evt_late_db')).status).toBe(200);
    } finally {
      expect((await herald.stop('SIGTERM')).code).toBe(0);
    }
  }, 60_000);
});

describe('PostgreSQL down while running', () => {
  it('postgres down – webhooks and /readyz answer 503 while the database is unreachable, and all resumes when it is back', async () => {
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    // The server trusts loopback: the password is ignored, but must never be shown.
    viaProxy.password = 'hunter2-db-password';
    const herald = await startHerald(
      `
storage: { driver: postgres, url: "\${HERALD_DATABASE_URL}" }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  slack: { platform: slack, webhook_url: ${fake.url}/services/T/B/down, rate: 100/s }
routes:
  - to: [slack]
`,
      dir.path,
      { HERALD_DATABASE_URL: viaProxy.toString() },
    );
    try {
      expect((await post(herald.url, 'evt_down_0')).status).toBe(200);
      await waitFor(() => fake.requests.length === 1, 10_000, 'the first post');

      proxy.cut();
      const refused = await post(herald.url, 'evt_down_1');
      expect(refused.status).toBe(503);
      expect(JSON.stringify(await refused.json())).not.toContain('hunter2');
      await waitFor(async () => (await fetch(`${herald.url}/readyz`)).status === 503, 10_000, '/readyz 503');
      expect((await fetch(`${herald.url}/healthz`)).status).toBe(200);

      proxy.restore();
      await waitFor(async () => (await post(herald.url, 'evt_down_2')).status === 200, 20_000, 'ingest to resume');
      await waitFor(async () => (await fetch(`${herald.url}/readyz`)).status === 200, 10_000, '/readyz 200');
      await waitFor(() => fake.requests.filter((r) => r.status === 200).length >= 2, 20_000, 'deliveries to resume');
      const posted = fake.requests.map((r) => JSON.stringify(r.body).match(/evt_down_\d/)?.[0]);
      expect(posted).toEqual(['evt_down_0', 'evt_down_2']);
      expect(herald.stdout() + herald.stderr()).not.toContain('hunter2');
    } finally {
      expect((await herald.stop('SIGTERM')).code).toBe(0);
    }
  }, 90_000);
});
