import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform, type RecordedRequest } from '../fakes/fake-platform.mjs';
import { WPLLM_SECRET, wpllmBody, wpllmSign } from '../helpers/app.js';
import { startHerald, tempDir, waitFor, type HeraldProcess } from '../helpers/herald-process.js';

/**
 * Delivery against a scriptable fake platform, through a real `herald serve` process.
 * Each channel gets its own fake path and its own events (routed by event id prefix).
 */
const CHANNELS: Record<string, string> = {
  slack429: 'platform: slack, webhook_url: "${FAKE}/services/T/B/slack429"',
  discord15: 'platform: discord, webhook_url: "${FAKE}/api/webhooks/15/tok15"',
  remaining0: 'platform: discord, webhook_url: "${FAKE}/api/webhooks/16/tok16"',
  slow: 'platform: slack, webhook_url: "${FAKE}/services/T/B/slow"',
  fast: 'platform: slack, webhook_url: "${FAKE}/services/T/B/fast"',
  ordered: 'platform: slack, webhook_url: "${FAKE}/services/T/B/ordered"',
  outage: 'platform: teams, webhook_url: "${FAKE}/teams/workflows/outage"',
  gone: 'platform: slack, webhook_url: "${FAKE}/services/T/B/gone"',
};
const ADMIN = 'delivery-admin-token';

function config(): string {
  const channels = Object.entries(CHANNELS).map(([name, spec]) => `  ${name}: { ${spec}, rate: 100/s }`).join('\n');
  const routes = Object.keys(CHANNELS).map((name) => `  - match: { where: { id: { matches: "^${name}-" } } }\n    to: [${name}]`).join('\n');
  return `
server: { admin_token: ${ADMIN} }
storage: { driver: sqlite, path: ./herald.db }
delivery: { max_attempts: 10, timeout: 3s }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
channels:
${channels}
routes:
${routes}
`;
}

let fake: FakePlatform;
let herald: HeraldProcess;
const dir = tempDir('herald-delivery-');

beforeAll(async () => {
  fake = await startFakePlatform();
  herald = await startHerald(config().replaceAll('${FAKE}', fake.url), dir.path);
});
afterAll(async () => {
  await herald?.stop();
  await fake?.close();
  dir.cleanup();
});

async function send(id: string) {
  const body = wpllmBody(id);
  const res = await fetch(`${herald.url}/webhooks/wpllm`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
  expect(res.status).toBe(200);
}

const on = (path: string) => fake.requests.filter((r) => r.path.includes(path));
const ok = (rs: RecordedRequest[]) => rs.filter((r) => r.status >= 200 && r.status < 300);
/** The event id (`<channel>-<n>`) a rendered message carries. */
const idOf = (channel: string) => (r: RecordedRequest) => new RegExp(`${channel}-\\d+`).exec(JSON.stringify(r.body))?.[0];

describe('delivery through rate limits and failures', () => {
  it('429 with Retry-After: 2 – retried once, no earlier than 2 s later', async () => {
    fake.script('/services/T/B/slack429', [{ status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' }]);
    await send('slack429-1');
    await waitFor(() => ok(on('/slack429')).length === 1, 10_000, 'the retry');
    const [first, second] = on('/slack429');
    expect(on('/slack429')).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000);
    expect(fake.earlyRetries).toBe(0);
  });

  it('Discord 429 JSON retry_after: 1.5 – honoured to the fraction', async () => {
    fake.script('/api/v10/webhooks/15', [{ status: 429, body: { message: 'You are being rate limited.', retry_after: 1.5, global: false } }]);
    await send('discord15-1');
    await waitFor(() => ok(on('/webhooks/15/')).length === 1, 10_000, 'the retry');
    const [first, second] = on('/webhooks/15/');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1500);
    expect(second!.at - first!.at).toBeLessThan(3000);
  });

  it('Discord X-RateLimit-Remaining: 0 – the bucket is paused before any 429', async () => {
    fake.limit('/api/v10/webhooks/16', { count: 2, windowMs: 1500 });
    for (let i = 1; i <= 6; i++) await send(`remaining0-${i}`);
    await waitFor(() => ok(on('/webhooks/16/')).length === 6, 15_000, 'six messages');
    expect(on('/webhooks/16/').filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('a channel rate-limited for 10 s does not delay another channel', async () => {
    fake.script('/services/T/B/slow', [{ status: 429, headers: { 'retry-after': '10' }, body: 'rate_limited' }]);
    await send('slow-1');
    await waitFor(() => on('/slow').length === 1, 5000, 'the 429');
    const started = Date.now();
    for (let i = 1; i <= 3; i++) await send(`fast-${i}`);
    await waitFor(() => ok(on('/fast')).length === 3, 5000, 'the other channel');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(on('/slow')).toHaveLength(1);
  });

  it('20 events to one channel stay in order through intermittent 429s and 5xx', async () => {
    const replies = [];
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 1) replies.push({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
      if (i % 5 === 3) replies.push({ status: 503, body: 'unavailable' });
      replies.push({ status: 200, body: 'ok' });
    }
    fake.script('/services/T/B/ordered', replies);
    for (let i = 1; i <= 20; i++) await send(`ordered-${i}`);
    await waitFor(() => ok(on('/ordered')).length === 20, 45_000, 'twenty messages');
    expect(ok(on('/ordered')).map(idOf('ordered'))).toEqual(Array.from({ length: 20 }, (_, i) => `ordered-${i + 1}`));
    expect(on('/ordered').filter((r) => r.status === 429 || r.status === 503).length).toBeGreaterThan(0);
  }, 60_000);

  it('outage – 503 for a while, then recovery: everything arrives exactly once', async () => {
    fake.script('/teams/workflows/outage', Array.from({ length: 4 }, () => ({ status: 503, body: 'Service Unavailable' })));
    for (let i = 1; i <= 5; i++) await send(`outage-${i}`);
    await waitFor(() => ok(on('/outage')).length === 5, 45_000, 'five messages');
    await new Promise((r) => setTimeout(r, 300));
    const ids = ok(on('/outage')).map(idOf('outage'));
    expect(ids).toEqual(['outage-1', 'outage-2', 'outage-3', 'outage-4', 'outage-5']);
  }, 60_000);

  it('a permanent failure is dead-lettered after exactly one request; retry re-delivers once fixed', async () => {
    fake.script('/services/T/B/gone', [{ status: 404, body: 'no_service' }]);
    await send('gone-1');
    const auth = { authorization: `Bearer ${ADMIN}` };
    const dead = await waitFor(async () => {
      const res = await fetch(`${herald.url}/api/deliveries?status=dead&channel=gone`, { headers: auth });
      const { deliveries } = (await res.json()) as { deliveries: { id: number; last_error: string; event_id: string }[] };
      return deliveries.length === 1 && deliveries[0];
    }, 10_000, 'the dead letter');
    expect(dead.event_id).toBe('gone-1');
    expect(dead.last_error).toMatch(/GONE/);
    await new Promise((r) => setTimeout(r, 500));
    expect(on('/gone')).toHaveLength(1);
    expect(JSON.stringify(dead)).not.toContain('/services/T/B/gone');

    const retry = await fetch(`${herald.url}/api/deliveries/${dead.id}/retry`, { method: 'POST', headers: auth });
    expect(retry.status).toBe(200);
    await waitFor(() => ok(on('/gone')).length === 1, 10_000, 'the re-delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(on('/gone')).toHaveLength(2);
  });

  it('no request was sent before an announced Retry-After ran out', () => {
    expect(fake.earlyRetries).toBe(0);
  });
});
