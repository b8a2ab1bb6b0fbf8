// 2. Paced delivery (see bench/run.mjs for the whole run).
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { heraldConfig, median, metricSum, postEvents, round, scrape, sleep, startHerald, stopChild, waitQuiet } from '../lib.mjs';

/**
 * Achieved steady rate of one channel from the arrival times of its accepted requests.
 * A pacer that sends in bursts of N (what a fixed-window platform allows) makes
 * n/(t_n − t_1) overshoot by one burst; (n − N)/(t_n − t_N) counts the requests after the
 * first burst over the time they took, which is the long-run rate for bursty and smooth
 * senders alike (n is a multiple of N here).
 */
function steadyRate(times, N) {
  if (times.length <= N) return null;
  const n = times.length;
  return ((n - N) / (times[n - 1] - times[N - 1])) * 1000;
}

export async function paced(ctx, channelCount, N, seconds) {
  const { fake, tmp, log, writeConfig, waitFor, ok, limitAll, channelSet, forConfig, QUICK, TARGETS } = ctx;
  const perChannel = N * seconds;
  log(`\n== 2. Paced delivery: ${channelCount} channel(s), platform allows ${N}/s per webhook, Herald rate ${N}/s, ${perChannel} deliveries each ==`);
  fake.reset();
  const channels = channelSet(channelCount, '1/h');
  const names = Object.keys(channels);
  const dbPath = join(tmp, `paced-${channelCount}.db`);
  const configPath = writeConfig(heraldConfig({ dbPath, channels: forConfig(channels), routeTo: names }));
  const herald = await startHerald({ configPath });
  // Enqueue: at `rate: 1/h` each channel sends its first delivery at once and holds the rest.
  const posted = await postEvents(herald.url, `paced${channelCount}-${Date.now()}`, perChannel + 1, 16);
  if ((posted.statuses[200] ?? 0) !== perChannel + 1) throw new Error(`paced enqueue failed: ${JSON.stringify(posted.statuses)}`);
  await waitFor(() => fake.requests.filter(ok).length >= channelCount, 10_000);
  await sleep(300);
  const pre = fake.requests.length;
  // Measure: reset the fake, impose N/s per webhook, switch Herald to rate N/s (SIGHUP).
  for (const ch of Object.values(channels)) ch.rate = `${N}/s`;
  writeFileSync(configPath, heraldConfig({ dbPath, channels: forConfig(channels), routeTo: names }));
  const quiet = await waitQuiet({ maxWaitMs: QUICK ? 5000 : 20_000 });
  fake.reset();
  limitAll(N, 1000);
  const t0 = Date.now();
  process.kill(herald.pid, 'SIGHUP');
  const expected = channelCount * perChannel;
  const finished = await waitFor(() => fake.requests.filter(ok).length >= expected, (seconds * 3 + 30) * 1000, 200);
  const elapsed = (Date.now() - t0) / 1000;
  const metrics = await scrape(herald.url);
  await stopChild(herald.child);

  const figures = drainFigures(ctx, [...fake.requests], channels, N);
  const out = {
    channels: channelCount,
    N,
    per_channel_deliveries: perChannel,
    enqueue_presend_requests: pre,
    idle_before: quiet.idle_share,
    finished,
    elapsed_s: round(elapsed, 2),
    expected,
    ...figures,
    queue_depth_after: metricSum(metrics, 'herald_queue_depth'),
  };
  out.met = { rate: out.ratio_min >= TARGETS.pacedRatio, share_429: out.share_429 < TARGETS.paced429Share };
  logDrain(log, out, TARGETS);
  return out;
}

/**
 * Figures of a paced drain from the fake's requests: each channel's achieved steady rate
 * against N, the 429s, and for every 429 how close it followed the request N places earlier.
 */
export function drainFigures(ctx, reqs, channels, N) {
  const { ok, pathOf, TARGETS } = ctx;
  const perPath = new Map();
  for (const r of reqs) {
    const e = perPath.get(pathOf(r)) ?? { ok: [], total: 0, r429: 0 };
    e.total++;
    if (ok(r)) e.ok.push(r.at);
    if (r.status === 429) e.r429++;
    perPath.set(pathOf(r), e);
  }
  // For every 429: how long after the request N places earlier (on the same webhook) it
  // arrived. Herald spaces the *start* of request i+N at least 1010 ms after request i; a
  // 429 means the arrivals were closer than the platform's 1000 ms window.
  const gaps429 = [];
  const byPath = new Map();
  for (const r of reqs) byPath.set(pathOf(r), [...(byPath.get(pathOf(r)) ?? []), r]);
  for (const list of byPath.values()) {
    list.sort((x, y) => x.at - y.at);
    list.forEach((r, j) => {
      if (r.status === 429 && j >= N) gaps429.push(round(r.at - list[j - N].at, 1));
    });
  }
  const perChannelOut = Object.keys(channels).map((name) => {
    const e = perPath.get(channels[name]._path) ?? { ok: [], total: 0, r429: 0 };
    const times = e.ok.sort((a, b) => a - b);
    const rate = steadyRate(times, N);
    return { channel: name, delivered: times.length, requests: e.total, r429: e.r429, rate_per_s: round(rate, 3), ratio: round(rate / N, 3) };
  });
  const r429 = reqs.filter((r) => r.status === 429).length;
  const ratios = perChannelOut.map((c) => c.ratio ?? 0);
  return {
    delivered: reqs.filter(ok).length,
    requests: reqs.length,
    r429,
    share_429: round(r429 / Math.max(1, reqs.length), 5),
    early_retries: ctx.fake.earlyRetries,
    gaps_ms_before_429: gaps429,
    ratio_min: round(Math.min(...ratios), 3),
    ratio_mean: round(ratios.reduce((a, b) => a + b, 0) / ratios.length, 3),
    channels_below_target: ratios.filter((x) => x < TARGETS.pacedRatio).length,
    ratio_median: round(median(ratios), 3),
    ratio_max: round(Math.max(...ratios), 3),
    per_channel: perChannelOut,
  };
}

/** The lines a paced drain prints (`out` holds drainFigures and delivered/expected/elapsed). */
export function logDrain(log, out, TARGETS) {
  log(
    `  delivered ${out.delivered}/${out.expected} in ${out.elapsed_s} s; achieved/N per channel: min ${out.ratio_min}, median ${out.ratio_median}, mean ${out.ratio_mean}, max ${out.ratio_max}; ` +
      `${out.channels_below_target} channel(s) below ${TARGETS.pacedRatio}; ` +
      `429s ${out.r429}/${out.requests} = ${round(out.share_429 * 100, 3)}% (target < 1%)`,
  );
  if (out.per_channel.length === 1) log(`  ${out.per_channel[0].channel}: ${out.per_channel[0].rate_per_s} req/s achieved`);
  if (out.gaps_ms_before_429.length) log(`  each 429 arrived this many ms after the request ${out.N} places before it on its webhook: ${out.gaps_ms_before_429.join(', ')}`);
}
