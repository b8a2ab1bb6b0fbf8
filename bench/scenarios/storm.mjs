// 3. 429 storm (see bench/run.mjs for the whole run).
import { join } from 'node:path';
import { heraldConfig, metricSum, postEvents, round, scrape, sleep, startHerald, stopChild } from '../lib.mjs';

export async function storm(ctx) {
  const { fake, tmp, log, writeConfig, waitFor, ok, limitAll, pathOf, channelSet, forConfig, QUICK, TARGETS } = ctx;
  const events = QUICK ? 50 : 200;
  log(`\n== 3. 429 storm: fake admits 5/s per webhook, 429 + Retry-After beyond; Herald at 50/s; ${events} events to Slack, Discord and Teams ==`);
  fake.reset();
  limitAll(5, 1000);
  const channels = channelSet(3, '50/s');
  const names = Object.keys(channels);
  const configPath = writeConfig(heraldConfig({ dbPath: join(tmp, 'storm.db'), channels: forConfig(channels), routeTo: names }));
  const herald = await startHerald({ configPath });
  const t0 = Date.now();
  const posted = await postEvents(herald.url, `storm-${Date.now()}`, events, 16);
  const expected = events * names.length;
  const finished = await waitFor(() => fake.requests.filter(ok).length >= expected, (events / 5) * 1000 * 2.5 + 30_000, 250);
  const elapsed = (Date.now() - t0) / 1000;
  await sleep(500); // nothing more should arrive
  const metrics = await scrape(herald.url);
  await stopChild(herald.child);
  const reqs = [...fake.requests];
  const perChannelOut = names.map((name) => {
    const rs = reqs.filter((r) => pathOf(r) === channels[name]._path);
    // Each message names its event id (the context line / footer): count distinct events.
    const okIds = new Set();
    for (const r of rs.filter(ok)) {
      const id = /evt_storm-\d+-\d+/.exec(r.rawBody)?.[0];
      if (id) okIds.add(id);
    }
    return {
      channel: name,
      delivered: rs.filter(ok).length,
      distinct_events: okIds.size,
      requests: rs.length,
      r429: rs.filter((r) => r.status === 429).length,
      early: rs.filter((r) => r.early).length,
    };
  });
  const delivered = perChannelOut.reduce((a, c) => a + c.distinct_events, 0);
  const out = {
    events,
    ingest_statuses: posted.statuses,
    expected_deliveries: expected,
    delivered,
    share_delivered: round(delivered / expected, 4),
    finished,
    elapsed_s: round(elapsed, 2),
    requests: reqs.length,
    r429: reqs.filter((r) => r.status === 429).length,
    early_retries: fake.earlyRetries,
    herald_sent: metricSum(metrics, 'herald_deliveries_total', { outcome: 'sent' }),
    herald_rate_limited: metricSum(metrics, 'herald_deliveries_total', { outcome: 'rate_limited' }),
    herald_dead: metricSum(metrics, 'herald_deliveries_total', { outcome: 'dead' }),
    queue_depth_after: metricSum(metrics, 'herald_queue_depth'),
    per_channel: perChannelOut,
  };
  out.met = { delivered: out.share_delivered >= TARGETS.stormDelivered, early: out.early_retries <= TARGETS.stormEarly };
  log(
    `  delivered ${delivered}/${expected} (${round(out.share_delivered * 100, 2)}%) in ${out.elapsed_s} s; requests ${out.requests}, 429s ${out.r429}; ` +
      `sent before Retry-After ran out: ${out.early_retries} (target 0); dead ${out.herald_dead}`,
  );
  for (const c of perChannelOut) log(`  ${c.channel}: ${c.distinct_events} events, ${c.requests} requests, ${c.r429} × 429, ${c.early} early`);
  return out;
}
