// 5. Outage (see bench/run.mjs for the whole run): one channel's platform answers 503 for
// 120 s with 200 events queued, then recovers; another channel keeps receiving meanwhile.
// Herald runs with the default delivery settings (max_attempts unlimited, max_age 24h,
// backoff_max 5m), so this measures what a user gets out of the box.
import { join } from 'node:path';
import { heraldConfig, median, metricSum, postEvent, postEvents, round, scrape, sleep, startHerald, stopChild, wpllmBody } from '../lib.mjs';

const DOWN_PATH = '/services/T0BENCH/OUTAGE/down';
const STEADY_PATH = '/services/T0BENCH/OUTAGE/steady';
/** Both channels' pace: the drain after the recovery takes events ÷ RATE seconds at best. */
const RATE = 20;

export async function outage(ctx) {
  const { fake, tmp, log, writeConfig, waitFor, ok, QUICK, TARGETS } = ctx;
  const events = QUICK ? 50 : 200;
  const outageMs = (QUICK ? 30 : 120) * 1000;
  log(`\n== 5. Outage: one channel's platform answers 503 for ${outageMs / 1000} s with ${events} events queued, then recovers; channels paced at ${RATE}/s; default retry settings ==`);
  fake.reset();
  fake.down(DOWN_PATH);
  const run = `outage${Date.now()}`;
  const configPath = writeConfig(
    heraldConfig({
      dbPath: join(tmp, 'outage.db'),
      delivery: 'concurrency: 8, timeout: 10s',
      channels: {
        down: { platform: 'slack', webhook_url: `${fake.url}${DOWN_PATH}`, rate: `${RATE}/s` },
        steady: { platform: 'slack', webhook_url: `${fake.url}${STEADY_PATH}`, rate: `${RATE}/s` },
      },
      routes: [
        { idPattern: `^evt_${run}-down-`, to: ['down'] },
        { idPattern: `^evt_${run}-steady-`, to: ['steady'] },
      ],
    }),
  );
  const herald = await startHerald({ configPath });
  const t0 = Date.now();
  // One at a time, so acceptance order is index order and the delivery order can be checked.
  const posted = await postEvents(herald.url, `${run}-down`, events, 1);
  if ((posted.statuses[200] ?? 0) !== events) throw new Error(`outage enqueue failed: ${JSON.stringify(posted.statuses)}`);

  // While the outage lasts, one event every 2 s goes to the healthy channel.
  const steadySent = new Map();
  let n = 0;
  while (Date.now() - t0 < outageMs) {
    const id = `${run}-steady-${n++}`;
    steadySent.set(`evt_${id}`, Date.now());
    await postEvent(herald.url, wpllmBody(id, 1024));
    await sleep(2000);
  }
  fake.up(DOWN_PATH);
  const recoveredAt = Date.now();
  const requestsDuringOutage = fake.requests.filter((r) => r.path === DOWN_PATH).length;

  const eventId = (r) => /evt_outage\d+-(?:down|steady)-\d+/.exec(r.rawBody)?.[0];
  const downOk = () => fake.requests.filter((r) => r.path === DOWN_PATH && ok(r));
  const finished = await waitFor(() => new Set(downOk().map(eventId)).size >= events, 30_000 + (events / RATE) * 1000 * 2 + 30_000, 100);
  await sleep(1000); // nothing more should arrive
  const metrics = await scrape(herald.url);
  await stopChild(herald.child);

  const delivered = downOk();
  const ids = delivered.map(eventId);
  const distinct = new Set(ids);
  const expectedOrder = Array.from({ length: events }, (_, i) => `evt_${run}-down-${i}`);
  const steadyLatencies = fake.requests
    .filter((r) => r.path === STEADY_PATH && ok(r))
    .map((r) => r.at - steadySent.get(eventId(r)))
    .filter((ms) => Number.isFinite(ms));
  const out = {
    events,
    outage_s: outageMs / 1000,
    rate_per_s: RATE,
    finished,
    requests_during_outage: requestsDuringOutage,
    recovery_to_first_delivery_s: delivered.length ? round((delivered[0].at - recoveredAt) / 1000, 2) : null,
    recovery_to_last_delivery_s: delivered.length ? round((delivered.at(-1).at - recoveredAt) / 1000, 2) : null,
    drain_s: delivered.length ? round((delivered.at(-1).at - delivered[0].at) / 1000, 2) : null,
    delivered: distinct.size,
    all_delivered: expectedOrder.every((id) => distinct.has(id)),
    in_order: ids.length === expectedOrder.length && ids.every((id, i) => id === expectedOrder[i]),
    duplicates: ids.length - distinct.size,
    dead_letters: metricSum(metrics, 'herald_deliveries_total', { outcome: 'dead' }),
    queue_depth_after: metricSum(metrics, 'herald_queue_depth'),
    steady: { events: steadySent.size, delivered: steadyLatencies.length, latency_p50_ms: round(median(steadyLatencies), 1), latency_max_ms: round(Math.max(...steadyLatencies), 1) },
  };
  out.met = { dead: out.dead_letters <= TARGETS.outageDead, duplicates: out.duplicates <= TARGETS.outageDuplicates, delivered: out.all_delivered && out.in_order };
  log(
    `  ${out.requests_during_outage} requests during the ${out.outage_s} s outage; after the recovery: first delivery ${out.recovery_to_first_delivery_s} s, ` +
      `last ${out.recovery_to_last_delivery_s} s (drain ${out.drain_s} s at ${RATE}/s); delivered ${out.delivered}/${events}${out.in_order ? ' in order' : ' OUT OF ORDER'}, duplicates ${out.duplicates}, dead ${out.dead_letters}`,
  );
  log(`  healthy channel meanwhile: ${out.steady.delivered}/${out.steady.events} delivered, latency p50 ${out.steady.latency_p50_ms} ms, max ${out.steady.latency_max_ms} ms`);
  return out;
}
