import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform, type RecordedRequest } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { runCli, startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

/**
 * Platform outages through a real `herald serve`: short `backoff_max`/`max_age` values stand
 * in for the defaults' minutes and hours. Each channel has its own fake path and events
 * (routed by event id prefix).
 */
const ADMIN = 'outage-admin-token';
const auth = { authorization: `Bearer ${ADMIN}` };

function config(fakeUrl: string, dbPath: string, channels: string[], delivery: string): string {
  return `
server: { admin_token: ${ADMIN} }
storage: { driver: sqlite, path: ${dbPath} }
delivery: { ${delivery} }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
${channels.map((c) => `  ${c}: { platform: slack, webhook_url: "${fakeUrl}/services/T/B/${c}", rate: 100/s }`).join('\n')}
routes:
${channels.map((c) => `  - match: { where: { id: { matches: "^${c}-" } } }\n    to: [${c}]`).join('\n')}
`;
}

async function send(herald: HeraldProcess, id: string): Promise<number> {
  const body = wpllmBody(id);
  const res = await fetch(`${herald.url}/webhooks/wpllm`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
  return res.status;
}

interface ApiDelivery {
  id: number;
  event_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
}
async function deliveries(herald: HeraldProcess, query: string): Promise<ApiDelivery[]> {
  const res = await fetch(`${herald.url}/api/deliveries?${query}&limit=1000`, { headers: auth });
  return ((await res.json()) as { deliveries: ApiDelivery[] }).deliveries;
}

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
afterAll(async () => {
  await fake?.close();
});

const on = (channel: string) => fake.requests.filter((r) => r.path === `/services/T/B/${channel}`);
const ok = (rs: RecordedRequest[]) => rs.filter((r) => r.status >= 200 && r.status < 300);
const failed = (rs: RecordedRequest[]) => rs.filter((r) => r.status >= 500);
const idOf = (channel: string) => (r: RecordedRequest) => new RegExp(`${channel}-\\d+`).exec(r.rawBody)?.[0];

describe('outage with a running server', () => {
  const dir = tempDir('herald-outage-');
  let herald: HeraldProcess;
  beforeAll(async () => {
    herald = await startHerald(config(fake.url, join(dir.path, 'herald.db'), ['down', 'steady', 'gone'], 'backoff_max: 1s, max_age: 2m, timeout: 2s'), dir.path);
  });
  afterAll(async () => {
    await herald?.stop();
    dir.cleanup();
  });

  it('outage – a channel down with 20 queued: all posted once, in order, 0 dead; another channel unaffected meanwhile', async () => {
    fake.down('/services/T/B/down');
    for (let i = 1; i <= 20; i++) expect(await send(herald, `down-${i}`)).toBe(200);
    for (let i = 1; i <= 5; i++) expect(await send(herald, `steady-${i}`)).toBe(200);
    await waitFor(() => ok(on('steady')).length === 5, 5000, 'the healthy channel');
    await waitFor(() => failed(on('down')).length >= 5, 10_000, 'failing attempts');
    // Only the head of the queue is tried while the platform fails.
    expect(new Set(on('down').map(idOf('down')))).toEqual(new Set(['down-1']));

    fake.up('/services/T/B/down');
    await waitFor(() => ok(on('down')).length === 20, 15_000, 'the drain');
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    expect(ok(on('down')).map(idOf('down'))).toEqual(Array.from({ length: 20 }, (_, i) => `down-${i + 1}`));
    expect(on('down')).toHaveLength(20 + failed(on('down')).length);
    expect(ok(on('steady'))).toHaveLength(5);
    expect(await deliveries(herald, 'status=dead&channel=down')).toEqual([]);
    // attempts = the requests that failed for that delivery, on every surface.
    const sent = await deliveries(herald, 'status=sent&channel=down');
    expect(sent.find((d) => d.event_id === 'down-1')!.attempts).toBe(failed(on('down')).length);
    expect(sent.filter((d) => d.event_id !== 'down-1').every((d) => d.attempts === 0)).toBe(true);
    const logged = herald.stdout().split('\n').filter((l) => l.includes('"msg":"delivered"') && l.includes('"event_id":"down-1"'));
    expect(logged.map((l) => (JSON.parse(l) as { attempts: number }).attempts)).toEqual([failed(on('down')).length]);
  }, 40_000);

  it('attempts – a permanent failure made one request: the API, the log and `herald dlq list` all say 1', async () => {
    fake.script('/services/T/B/gone', [{ status: 404, body: 'no_service' }]);
    expect(await send(herald, 'gone-1')).toBe(200);
    const [dead] = await waitFor(async () => {
      const list = await deliveries(herald, 'status=dead&channel=gone');
      return list.length === 1 && list;
    }, 10_000, 'the dead letter');
    expect(dead).toMatchObject({ event_id: 'gone-1', attempts: 1, last_error: 'GONE: slack webhook answered no_service' });
    const line = herald.stdout().split('\n').find((l) => l.includes('"msg":"delivery dead-lettered"') && l.includes('gone-1'))!;
    expect(JSON.parse(line)).toMatchObject({ attempts: 1 });
    const list = await runCli(['dlq', 'list', '--config', join(dir.path, 'herald.yaml')], { PATH: process.env.PATH ?? '' });
    expect(list.stdout).toMatch(new RegExp(`^${dead!.id}\\tgone-1\\tgone\\t1\\t`, 'm'));
    expect(on('gone')).toHaveLength(1);
  });
});

describe('SIGTERM during an outage', () => {
  const dir = tempDir('herald-outage-restart-');
  afterAll(() => dir.cleanup());

  it('restart – pending deliveries, their attempts and next attempt times survive; the schedule resumes, then all arrive once', async () => {
    const yaml = config(fake.url, join(dir.path, 'herald.db'), ['later'], 'backoff_max: 4s, max_age: 2m, timeout: 2s');
    fake.down('/services/T/B/later');
    const first = await startHerald(yaml, dir.path);
    for (let i = 1; i <= 3; i++) expect(await send(first, `later-${i}`)).toBe(200);
    await waitFor(() => failed(on('later')).length >= 4, 15_000, 'four failed attempts');
    expect((await first.stop('SIGTERM')).code).toBe(0);
    const failedBefore = failed(on('later')).length;

    const { SqliteStore } = await import('../../src/store/sqlite/sqlite-store.js');
    const store = SqliteStore.open({ path: join(dir.path, 'herald.db'), sync: 'full' });
    const stored = await store.deliveries({ status: 'pending' });
    await store.close();
    expect(stored.map((d) => d.event_id)).toEqual(['later-1', 'later-2', 'later-3']);
    expect(stored[0]!.attempts).toBe(failedBefore);
    expect(stored[0]!.next_attempt_at).toBeGreaterThan(stored[0]!.updated_at);

    const second = await startHerald(yaml, dir.path);
    try {
      await waitFor(() => failed(on('later')).length > failedBefore, 15_000, 'the next attempt after the restart');
      // Not before the time the first process had scheduled (the fake stamps arrivals with
      // the monotonic clock, which may differ from Date.now by a few ms).
      expect(failed(on('later'))[failedBefore]!.at).toBeGreaterThanOrEqual(stored[0]!.next_attempt_at - 20);
      fake.up('/services/T/B/later');
      await waitFor(() => ok(on('later')).length === 3, 15_000, 'the drain');
      await new Promise((r) => setTimeout(r, 300));
      expect(ok(on('later')).map(idOf('later'))).toEqual(['later-1', 'later-2', 'later-3']);
      const [head] = (await deliveries(second, 'status=sent&channel=later')).filter((d) => d.event_id === 'later-1');
      expect(head!.attempts).toBe(failed(on('later')).length);
    } finally {
      expect((await second.stop('SIGTERM')).code).toBe(0);
    }
  }, 60_000);
});
