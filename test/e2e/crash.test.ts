import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor } from '../helpers/herald-process.js';

let fake: FakePlatform;
const dir = tempDir();

beforeAll(async () => {
  fake = await startFakePlatform();
});
afterAll(async () => {
  await fake?.close();
  dir.cleanup();
});

const config = (url: string) => `
storage: { driver: sqlite, path: ${dir.path}/herald.db }
delivery: { max_attempts: 50, timeout: 2s, concurrency: 4 }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
  slack: { platform: slack, webhook_url: ${url}/services/T/B/crash, rate: 1000/s }
  discord: { platform: discord, webhook_url: ${url}/api/webhooks/9/crash, rate: 1000/s }
routes:
  - to: [slack, discord]
`;

describe('crash recovery', () => {
  it('crash – deliveries pending while the platform answers 503 all arrive after kill -9 and a restart', async () => {
    const EVENTS = 300;
    fake.script('/services/', Array.from({ length: 10_000 }, () => ({ status: 503 })));
    fake.script('/api/', Array.from({ length: 10_000 }, () => ({ status: 503 })));
    const first = await startHerald(config(fake.url), dir.path);
    const accepted: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const body = wpllmBody(`evt_crash_${i}`);
      const res = await fetch(`${first.url}/webhooks/wpllm`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) },
      });
      expect(res.status).toBe(200);
      accepted.push(`evt_crash_${i}`);
    }
    await waitFor(() => fake.requests.filter((r) => r.route === 'discord.webhook').length >= 2 && fake.requests.filter((r) => r.route === 'slack.webhook').length >= 2, 10_000, 'failing attempts');
    expect(fake.requests.every((r) => r.status === 503)).toBe(true);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    fake.reset(); // the platform is healthy again
    const second = await startHerald(config(fake.url), dir.path);
    try {
      const delivered = (route: string) =>
        new Set(fake.requests.filter((r) => r.route === route && r.status < 300).map((r) => JSON.stringify(r.body).match(/evt_crash_\d+/)?.[0]));
      await waitFor(() => delivered('slack.webhook').size === EVENTS && delivered('discord.webhook').size === EVENTS, 60_000, 'every delivery');
      for (const route of ['slack.webhook', 'discord.webhook']) expect([...delivered(route)].sort()).toEqual([...accepted].sort());
      // In order per channel: the first successful request of each event comes in acceptance order.
      const order = fake.requests.filter((r) => r.path.startsWith('/services/') && r.status < 300).map((r) => Number(JSON.stringify(r.body).match(/evt_crash_(\d+)/)![1]));
      const firsts = order.filter((n, i) => order.indexOf(n) === i);
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    } finally {
      expect((await second.stop('SIGTERM')).code).toBe(0);
    }
  }, 120_000);
});
