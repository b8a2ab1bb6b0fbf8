import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor } from '../helpers/herald-process.js';

let fake: FakePlatform;
const dir = tempDir('herald-life-');
beforeAll(async () => {
  fake = await startFakePlatform();
});
afterAll(async () => {
  await fake?.close();
  dir.cleanup();
});

const base = (db: string, extraSources = '') => `
storage: { driver: sqlite, path: ${db} }
delivery: { timeout: 5s }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
${extraSources}
channels:
  slack: { platform: slack, webhook_url: ${fake.url}/services/T/B/life, rate: 100/s }
routes:
  - to: [slack]
`;

async function send(url: string, id: string, path = '/webhooks/wpllm') {
  const body = wpllmBody(id);
  return fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
}

describe('lifecycle', () => {
  it('SIGHUP – an invalid file keeps the old config; a valid one is applied', async () => {
    const db = join(dir.path, 'hup.db');
    const herald = await startHerald(base(db), dir.path);
    const configPath = join(dir.path, 'herald.yaml');
    try {
      writeFileSync(configPath, 'sources: [this is not valid');
      herald.child.kill('SIGHUP');
      await waitFor(() => herald.stdout().includes('config reload failed'), 5000, 'reload failure log');
      expect((await send(herald.url, 'evt_hup_1')).status).toBe(200);

      writeFileSync(configPath, base(db, `  second: { type: wp-llm, secret: ${WPLLM_SECRET} }`).replace('sources:\n', 'sources:\n'));
      herald.child.kill('SIGHUP');
      await waitFor(() => herald.stdout().includes('config reloaded'), 5000, 'reload log');
      expect((await send(herald.url, 'evt_hup_2', '/webhooks/second')).status).toBe(200);
    } finally {
      expect((await herald.stop()).code).toBe(0);
    }
  });

  it('SIGTERM – finishes the in-flight send, leaves the rest pending, exits 0; a restart delivers the rest', async () => {
    fake.reset();
    const db = join(dir.path, 'term.db');
    fake.script('/services/T/B/life', [{ status: 200, body: 'ok', delayMs: 1500 }]);
    const herald = await startHerald(base(db), dir.path);
    for (let i = 0; i < 5; i++) expect((await send(herald.url, `evt_term_${i}`)).status).toBe(200);
    await waitFor(() => fake.requests.length >= 1, 5000, 'the first send');
    const result = await herald.stop('SIGTERM');
    expect(result.code).toBe(0);
    expect(fake.requests.filter((r) => r.status === 200)).toHaveLength(1);

    const again = await startHerald(base(db), dir.path);
    try {
      await waitFor(() => fake.requests.filter((r) => r.status === 200).length >= 5, 10_000, 'the rest');
      const ids = fake.requests.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body).match(/evt_term_\d/)?.[0]);
      expect(ids).toEqual(['evt_term_0', 'evt_term_1', 'evt_term_2', 'evt_term_3', 'evt_term_4']);
    } finally {
      await again.stop();
    }
  });

  it('SIGINT twice – the second signal exits at once and nothing acknowledged is lost', async () => {
    fake.reset();
    const db = join(dir.path, 'int.db');
    fake.script('/services/T/B/life', [{ status: 200, body: 'ok', delayMs: 4000 }]);
    const herald = await startHerald(base(db), dir.path);
    for (let i = 0; i < 3; i++) expect((await send(herald.url, `evt_int_${i}`)).status).toBe(200);
    await waitFor(() => fake.requests.length >= 1, 5000, 'the first send');
    const started = Date.now();
    herald.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    herald.child.kill('SIGINT');
    await herald.exited;
    expect(Date.now() - started).toBeLessThan(3000);

    const again = await startHerald(base(db), dir.path);
    try {
      await waitFor(() => new Set(fake.requests.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body).match(/evt_int_\d/)?.[0])).size === 3, 15_000, 'all three');
    } finally {
      await again.stop();
    }
  });
});
