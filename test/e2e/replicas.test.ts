// Several `herald serve` processes on one PostgreSQL database act as one Herald: each
// event is posted once, per channel in acceptance order, across kill -9, 429s and pacing.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform, type RecordedRequest } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { runCli, startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';
import { createTestDatabase } from '../helpers/postgres.js';

let fake: FakePlatform;
const databases: { url: string; drop(): Promise<void> }[] = [];
const dirs: { path: string; cleanup(): void }[] = [];
const running: HeraldProcess[] = [];

beforeAll(async () => {
  fake = await startFakePlatform();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await fake?.close();
  for (const db of databases) await db.drop();
  for (const d of dirs) d.cleanup();
});

/** Starts `count` replicas on one config (each in its own folder, all on one fresh database). */
async function replicas(count: number, channels: string, follow: 'edit' | 'off' = 'off'): Promise<{ url: string; list: HeraldProcess[] }> {
  fake.reset();
  const db = await createTestDatabase('herald_replicas');
  databases.push(db);
  const config = `
storage: { driver: postgres, url: "\${HERALD_DATABASE_URL}" }
delivery: { timeout: 2s, concurrency: 4 }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
${channels}
routes:
  - to: [${[...channels.matchAll(/^ {2}([\w-]+):/gm)].map((m) => m[1]).join(', ')}]
    follow: ${follow}
`;
  const started = await Promise.all(
    Array.from({ length: count }, () => {
      const dir = tempDir();
      dirs.push(dir);
      return startHerald(config, dir.path, { HERALD_DATABASE_URL: db.url });
    }),
  );
  running.push(...started);
  return { url: db.url, list: started };
}

async function send(replica: HeraldProcess, id: string): Promise<void> {
  const body = wpllmBody(id);
  const res = await fetch(`${replica.url}/webhooks/wpllm`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) },
  });
  expect(res.status).toBe(200);
}

const eventOf = (r: RecordedRequest, prefix: string) => JSON.stringify(r.body).match(new RegExp(`${prefix}_\\d+`))?.[0];
const posted = (prefix: string, pathPart: string) => fake.requests.filter((r) => r.path.includes(pathPart) && r.status >= 200 && r.status < 300).map((r) => eventOf(r, prefix)!);

async function stopAll(list: HeraldProcess[]): Promise<void> {
  for (const p of list) expect((await p.stop('SIGTERM')).code).toBe(0);
}

describe('replicas on PostgreSQL', () => {
  it('replicas – 200 events spread over two replicas are each posted exactly once, in acceptance order per channel', async () => {
    const { list: [a, b] } = await replicas(
      2,
      `  slack: { platform: slack, webhook_url: ${fake.url}/services/T/B/spread, rate: 1000/s }
  discord: { platform: discord, webhook_url: ${fake.url}/api/webhooks/1/spread, rate: 1000/s }`,
    );
    const ids = Array.from({ length: 200 }, (_, i) => `evt_spread_${i}`);
    for (const [i, id] of ids.entries()) await send(i % 2 === 0 ? a! : b!, id);
    await waitFor(() => posted('evt_spread', '/services/').length >= 200 && posted('evt_spread', '/webhooks/1/spread').length >= 200, 60_000, 'every post');
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would show up now
    expect(posted('evt_spread', '/services/')).toEqual(ids);
    expect(posted('evt_spread', '/webhooks/1/spread')).toEqual(ids);
    await stopAll([a!, b!]);
  }, 120_000);

  it('replicas – kill -9 of the replica sending a busy channel: the other resumes it within the lease time, nothing is lost', async () => {
    const { url: dbUrl, list: [a, b] } = await replicas(2, `  busy: { platform: slack, webhook_url: ${fake.url}/services/T/B/busy, rate: 20/s }`);
    const ids = Array.from({ length: 120 }, (_, i) => `evt_busy_${i}`);
    for (const [i, id] of ids.entries()) await send(i % 2 === 0 ? a! : b!, id);
    await waitFor(() => posted('evt_busy', '/busy').length >= 20, 20_000, 'the drain to start');
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query<{ owner: string }>(`SELECT owner FROM leases WHERE channel = 'busy'`);
    await client.end();
    const holder = [a!, b!].find((p) => rows[0]!.owner.includes(`:${p.child.pid}:`))!;
    const other = holder === a ? b! : a!;
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    await holder.exited;
    await waitFor(() => new Set(posted('evt_busy', '/busy')).size === ids.length, 60_000, 'every event after the kill');
    const resumedAt = fake.requests.find((r) => r.path.includes('/busy') && r.at > killedAt + 50)!.at;
    expect(resumedAt - killedAt).toBeLessThan(15_000);
    const sent = posted('evt_busy', '/busy');
    // Only the delivery in flight when its replica died may be posted twice.
    expect(sent.length - new Set(sent).size).toBeLessThanOrEqual(1);
    expect(sent.filter((id, i) => sent.indexOf(id) === i)).toEqual(ids);
    await stopAll([other]);
  }, 120_000);

  it('replicas – a replica stopped with SIGTERM gives its channels back: the other resumes them at once', async () => {
    const { url: dbUrl, list: [a, b] } = await replicas(2, `  rolling: { platform: slack, webhook_url: ${fake.url}/services/T/B/rolling, rate: 20/s }`);
    for (let i = 0; i < 100; i++) await send(i % 2 === 0 ? a! : b!, `evt_roll_${i}`);
    await waitFor(() => posted('evt_roll', '/rolling').length >= 20, 20_000, 'the drain to start');
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query<{ owner: string }>(`SELECT owner FROM leases WHERE channel = 'rolling'`);
    await client.end();
    const holder = [a!, b!].find((p) => rows[0]!.owner.includes(`:${p.child.pid}:`))!;
    const other = holder === a ? b! : a!;
    expect((await holder.stop('SIGTERM')).code).toBe(0);
    const stoppedAt = Date.now();
    await waitFor(() => new Set(posted('evt_roll', '/rolling')).size === 100, 30_000, 'every event after the stop');
    const resumedAt = fake.requests.find((r) => r.path.includes('/rolling') && r.at > stoppedAt)!.at;
    // One pace window (the stopped replica may have sent 20 in its last second), not a lease expiry.
    expect(resumedAt - stoppedAt).toBeLessThan(3_000);
    const sent = posted('evt_roll', '/rolling');
    expect(sent).toEqual(Array.from({ length: 100 }, (_, i) => `evt_roll_${i}`));
    await stopAll([other]);
  }, 90_000);

  it('replicas – busy channels move to a replica that joins, between two of their sends', async () => {
    // Twelve channels: the chance that hashing prefers one replica for all of them is 1 in 2,048.
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const channels = names.map((n) => `  ${n}: { platform: slack, webhook_url: ${fake.url}/services/T/B/${n}, rate: 5/s }`).join('\n');
    const { url: dbUrl, list: [a] } = await replicas(1, channels);
    // A backlog on every channel (each event goes to all twelve): 12 s of sending at 5/s,
    // all of it taken by the only replica there is.
    for (let i = 0; i < 60; i++) await send(a!, `evt_join_${i}`);
    const dir = tempDir();
    dirs.push(dir);
    const b = await startHerald(readFileSync(`${dirs.at(-2)!.path}/herald.yaml`, 'utf8'), dir.path, { HERALD_DATABASE_URL: dbUrl });
    running.push(b);
    const postedTo = (n: string) => fake.requests.filter((r) => r.path === `/services/T/B/${n}` && r.status === 200).map((r) => eventOf(r, 'evt_join'));
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      // Taken while the channel still has work: not only once A is done with it.
      await waitFor(async () => {
        const { rows } = await client.query<{ owner: string; channel: string }>(`SELECT owner, channel FROM leases WHERE expires_at > herald_now_ms()`);
        return rows.some((r) => r.owner.includes(`:${b.child.pid}:`) && new Set(postedTo(r.channel)).size < 50);
      }, 15_000, 'the joining replica to take busy channels');
    } finally {
      await client.end();
    }
    await waitFor(() => names.every((n) => new Set(postedTo(n)).size === 60), 30_000, 'every post');
    // Handed over between two sends: nothing posted twice, each channel in order.
    for (const n of names) expect(postedTo(n)).toEqual(Array.from({ length: 60 }, (_, i) => `evt_join_${i}`));
    await stopAll([a!, b]);
  }, 90_000);

  it('replicas – a 429 with Retry-After: 3 seen by one replica holds that webhook on every replica for 3 s', async () => {
    // Eight channels on one webhook, spread over both replicas by their leases.
    const channels = Array.from({ length: 8 }, (_, i) => `  d${i}: { platform: discord, webhook_url: ${fake.url}/api/webhooks/7/shared, rate: 1000/s, username: d${i} }`).join('\n');
    const { list: [a, b] } = await replicas(2, channels);
    fake.script('/api/', { status: 429, headers: { 'retry-after': '3' }, body: { message: 'You are being rate limited.', retry_after: 3, global: false } });
    for (let i = 0; i < 10; i++) await send(i % 2 === 0 ? a! : b!, `evt_pause_${i}`);
    await waitFor(() => new Set(posted('evt_pause', '/shared')).size === 10, 30_000, 'every post');
    const first429 = fake.requests.find((r) => r.status === 429)!;
    // Requests already on their way when the 429 was answered may still land just after it;
    // none may start once a replica has heard of it, until the 3 s are over.
    const during = fake.requests.filter((r) => r.path.includes('/shared') && r.at > first429.at + 250 && r.at < first429.at + 3000);
    expect(during).toEqual([]);
    await stopAll([a!, b!]);
  }, 60_000);

  it('replicas – dead letters, the dlq CLI and queue depth see every replica’s state', async () => {
    const { url: dbUrl, list: [a, b] } = await replicas(2, `  gone: { platform: slack, webhook_url: ${fake.url}/services/T/B/gone, rate: 100/s }`);
    fake.script('/services/T/B/gone', [{ status: 404, body: 'no_service' }, { status: 404, body: 'no_service' }]);
    await send(a!, 'evt_dlq_0');
    await send(a!, 'evt_dlq_1');
    await waitFor(() => fake.requests.filter((r) => r.path.includes('/gone')).length === 2, 15_000, 'two refused posts');
    // The dead letters were written by whichever replica held the channel; the CLI and the
    // other replica's admin API see them.
    const env = { HERALD_DATABASE_URL: dbUrl };
    const configPath = `${dirs.at(-1)!.path}/herald.yaml`;
    const listed = await runCli(['dlq', 'list', '--json', '--config', configPath], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { deliveries: { event_id: string }[] }).deliveries.map((d) => d.event_id).sort()).toEqual(['evt_dlq_0', 'evt_dlq_1']);
    // A retry from the CLI wakes the replica holding the channel (NOTIFY), not a poll.
    const retried = await runCli(['dlq', 'retry', '--all', '--config', configPath], env);
    expect(retried.code).toBe(0);
    await waitFor(() => fake.requests.filter((r) => r.path.includes('/gone') && r.status === 200).length === 2, 10_000, 'the retried posts');
    // Queue depth is the database's, whichever replica is asked.
    fake.down('/services/T/B/gone');
    await send(a!, 'evt_dlq_2');
    await waitFor(async () => (await (await fetch(`${b!.url}/metrics`)).text()).includes('herald_queue_depth{channel="gone"} 1'), 10_000, 'queue depth on the other replica');
    fake.up('/services/T/B/gone');
    await stopAll([a!, b!]);
  }, 60_000);

  it('replicas – a job whose events reach both replicas is one Discord message, edited in place', async () => {
    const channels = `  jobs: { platform: discord, webhook_url: ${fake.url}/api/webhooks/8/jobs, rate: 100/s }`;
    const { list: [a, b] } = await replicas(2, channels, 'edit');
    // Every event of the test body has the same generation id: one job.
    for (let i = 0; i < 3; i++) {
      await send(i % 2 === 0 ? a! : b!, `evt_job_${i}`);
      await waitFor(() => fake.requests.filter((r) => r.path.includes('/jobs') && r.status < 300).length === i + 1, 15_000, `event ${i}`);
    }
    expect(fake.requests.filter((r) => r.route === 'discord.webhook').length).toBe(1);
    expect(fake.requests.filter((r) => r.route === 'discord.webhook.edit').length).toBe(2);
    await stopAll([a!, b!]);
  }, 60_000);

  it('replicas – a channel at rate 5/s fed by two replicas gets at most 5 requests in any second', async () => {
    const { list: [a, b] } = await replicas(2, `  paced: { platform: slack, webhook_url: ${fake.url}/services/T/B/paced, rate: 5/s }`);
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 === 0 ? a! : b!, `evt_paced_${i}`)));
    await waitFor(() => posted('evt_paced', '/paced').length >= 20, 30_000, 'every post').catch((err) => {
      console.log(fake.requests.map((r) => [r.path, r.status, eventOf(r, 'evt_paced')]), a!.stdout().slice(-3000), b!.stdout().slice(-3000));
      throw err;
    });
    const times = fake.requests.filter((r) => r.path.includes('/paced')).map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    await stopAll([a!, b!]);
  }, 60_000);
});
