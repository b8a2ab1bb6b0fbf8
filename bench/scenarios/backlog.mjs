// 4. Backlog (see bench/run.mjs for the whole run).
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cpuMs, heraldConfig, metricSum, round, rssBytes, runLoadgen, scrape, sleep, startHerald, stopChild, waitQuiet } from '../lib.mjs';

export async function backlog(ctx) {
  const { fake, tmp, log, writeConfig, waitFor, ok, channelSet, forConfig, QUICK, TARGETS } = ctx;
  const channelCount = 10;
  const pending = QUICK ? 20_000 : 100_000;
  const events = pending / channelCount + 1; // +1: each channel's first delivery goes out during the enqueue
  log(`\n== 4. Backlog: ${pending} pending deliveries (${events} events × ${channelCount} channels), drained against a fast fake ==`);
  fake.reset();
  const channels = channelSet(channelCount, '1/h');
  const names = Object.keys(channels);
  const dbPath = join(tmp, 'backlog.db');
  const configPath = writeConfig(heraldConfig({ dbPath, channels: forConfig(channels), routeTo: names }));

  // Enqueue through HTTP ingest while every channel is held at 1/h.
  const a = await startHerald({ configPath, name: 'herald (enqueue)' });
  let enqueueRssMax = rssBytes(a.pid) ?? 0;
  const rssTimer = setInterval(() => (enqueueRssMax = Math.max(enqueueRssMax, rssBytes(a.pid) ?? 0)), 1000);
  const t0 = Date.now();
  const load = await runLoadgen({ url: a.url, requests: events, concurrency: 64, label: 'backlog enqueue' });
  clearInterval(rssTimer);
  enqueueRssMax = Math.max(enqueueRssMax, rssBytes(a.pid) ?? 0);
  const enqueueS = (Date.now() - t0) / 1000;
  if (load.ok_200 !== events) throw new Error(`backlog enqueue: ${JSON.stringify(load.status)}`);
  await waitFor(() => fake.requests.filter(ok).length >= channelCount, 10_000);
  const depthBefore = metricSum(await scrape(a.url), 'herald_queue_depth');
  log(`  enqueued ${events} events at ${load.rps} req/s in ${round(enqueueS, 1)} s; pending ${depthBefore}; enqueue RSS max ${round(enqueueRssMax / 2 ** 20, 1)} MB`);
  await stopChild(a.child); // SIGTERM: graceful stop, everything stays pending in the store

  const quiet = await waitQuiet({ maxWaitMs: QUICK ? 5000 : 20_000 });
  // Drain: restart on the same store with a fast pace; the fake answers everything at once.
  // --trace-gc (a Node flag; Herald itself is unchanged) prints the heap after every GC, so
  // the live heap (after each full mark-compact) can be told apart from RSS.
  fake.reset();
  for (const ch of Object.values(channels)) ch.rate = '10000/s';
  writeFileSync(configPath, heraldConfig({ dbPath, channels: forConfig(channels), routeTo: names }));
  let delivered = 0;
  const samples = [];
  const drainStart = Date.now();
  const b = await startHerald({ configPath, name: 'herald (drain)', nodeArgs: ['--trace-gc'] });
  const cpu0 = cpuMs(b.pid);
  const liveHeap = []; // MB after each mark-compact
  let gcTail = '';
  b.child.stdout.on('data', (chunk) => {
    const lines = (gcTail + chunk.toString()).split('\n');
    gcTail = lines.pop();
    for (const line of lines) {
      const m = /Mark-Compact[^\d]*[\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
      if (m) liveHeap.push({ t_s: round((Date.now() - drainStart) / 1000, 1), live_mb: Number(m[1]), committed_mb: Number(m[2]) });
    }
  });
  const startRss = rssBytes(b.pid);
  let firstAt;
  let lastAt;
  const timeoutMs = (QUICK ? 120 : 420) * 1000;
  for (;;) {
    await sleep(1000);
    const rss = rssBytes(b.pid);
    // Count and drop the fake's records so the bench itself does not hold 100k requests.
    const rs = fake.requests.splice(0, fake.requests.length);
    for (const r of rs) {
      if (!ok(r)) continue;
      delivered++;
      firstAt ??= r.at;
      lastAt = r.at;
    }
    samples.push({ t_s: round((Date.now() - drainStart) / 1000, 1), rss_mb: round(rss / 2 ** 20, 1), delivered });
    if (samples.length % 15 === 0) log(`  t=${samples.at(-1).t_s}s delivered ${delivered} RSS ${samples.at(-1).rss_mb} MB`);
    if (delivered >= pending || Date.now() - drainStart > timeoutMs || b.child.exitCode !== null) break;
  }
  const cpuDrain = cpuMs(b.pid) - cpu0;
  const metrics = b.child.exitCode === null ? await scrape(b.url) : [];
  await stopChild(b.child);
  const drainS = firstAt !== undefined ? (lastAt - firstAt) / 1000 : null;
  // Flatness over the drain itself: from the first second with deliveries to the last.
  const during = samples.filter((x, i) => x.delivered > 0 && (i === 0 || samples[i - 1].delivered < pending));
  const rssList = during.map((x) => x.rss_mb);
  const q = Math.max(1, Math.floor(rssList.length / 4));
  const mean = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const firstQ = mean(rssList.slice(0, q));
  const lastQ = mean(rssList.slice(-q));
  const maxRss = Math.max(...samples.map((x) => x.rss_mb));
  const heapQ = Math.max(1, Math.floor(liveHeap.length / 4));
  const out = {
    pending_target: pending,
    channels: channelCount,
    events,
    enqueue: { rps: load.rps, seconds: round(enqueueS, 1), rss_max_mb: round(enqueueRssMax / 2 ** 20, 1), pending_before: depthBefore },
    drain: {
      idle_before: quiet.idle_share,
      delivered,
      finished: delivered >= pending,
      seconds: round(drainS, 1),
      rate_per_s: drainS ? round(delivered / drainS, 1) : null,
      cpu_ms_per_delivery: delivered ? round(cpuDrain / delivered, 3) : null,
      cpu_share: drainS ? round(cpuDrain / 1000 / drainS, 2) : null,
      rss_start_mb: round(startRss / 2 ** 20, 1),
      rss_max_mb: round(maxRss, 1),
      rss_first_quarter_mean_mb: round(firstQ, 1),
      rss_last_quarter_mean_mb: round(lastQ, 1),
      last_over_first: round(lastQ / firstQ, 3),
      live_heap_after_full_gc_mb: liveHeap.length
        ? {
            count: liveHeap.length,
            first_quarter_mean: round(mean(liveHeap.slice(0, heapQ).map((x) => x.live_mb)), 1),
            last_quarter_mean: round(mean(liveHeap.slice(-heapQ).map((x) => x.live_mb)), 1),
            max: Math.max(...liveHeap.map((x) => x.live_mb)),
            committed_max: Math.max(...liveHeap.map((x) => x.committed_mb)),
          }
        : null,
      queue_depth_after: metricSum(metrics, 'herald_queue_depth'),
      dead: metricSum(metrics, 'herald_deliveries_total', { outcome: 'dead' }),
    },
    samples,
    live_heap: liveHeap,
  };
  out.met = { rss: maxRss * 2 ** 20 < TARGETS.backlogRssBytes, flat: lastQ / firstQ <= TARGETS.backlogFlat, drained: out.drain.finished };
  log(
    `  drained ${delivered}/${pending} in ${out.drain.seconds} s (${out.drain.rate_per_s}/s); RSS start ${out.drain.rss_start_mb} MB, max ${out.drain.rss_max_mb} MB (target < 200), ` +
      `first-quarter mean ${out.drain.rss_first_quarter_mean_mb} MB, last-quarter mean ${out.drain.rss_last_quarter_mean_mb} MB (×${out.drain.last_over_first})`,
  );
  const lh = out.drain.live_heap_after_full_gc_mb;
  if (lh) log(`  V8 heap after each full GC (${lh.count}): first quarter ${lh.first_quarter_mean} MB, last quarter ${lh.last_quarter_mean} MB, max ${lh.max} MB; heap committed up to ${lh.committed_max} MB`);
  log(`  Herald CPU while draining: ${out.drain.cpu_ms_per_delivery} ms per delivery (${out.drain.cpu_share} of one core)`);
  return out;
}
