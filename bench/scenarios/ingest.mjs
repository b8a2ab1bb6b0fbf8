// 1. Ingest (see bench/run.mjs for the whole run).
import { join } from 'node:path';
import { BENCH_DIR, firstJsonLine, heraldConfig, median, round, rssBytes, runLoadgen, spawnTracked, startHerald, stopChild, waitQuiet } from '../lib.mjs';

export async function ingest(ctx) {
  const { fake, tmp, log, writeConfig, QUICK, REPS, TARGETS, DISTURBED } = ctx;
  log('\n== 1. Ingest: bare fastify + HMAC vs herald serve (sqlite, sync full) ==');
  const requests = QUICK ? 5000 : 20000;
  const warmup = QUICK ? 1000 : 2000;
  const baselineChild = spawnTracked('baseline', process.execPath, [join(BENCH_DIR, 'baseline.mjs'), '--port', '0']);
  const { url: baselineUrl } = await firstJsonLine(baselineChild);
  // Reference (not a target): the same bare route plus the cheapest durable store — one
  // (id, raw body) row per request, group-committed, synchronous=FULL. Shows what this
  // machine's fsync allows before any of Herald's own work.
  const refChild = spawnTracked('baseline+sqlite', process.execPath, [join(BENCH_DIR, 'baseline.mjs'), '--port', '0', '--db', join(tmp, 'reference.db')]);
  const { url: refUrl } = await firstJsonLine(refChild);
  // herald: every event routed to one Slack channel on the fake (default pace 1/s, so the
  // worker barely sends during the runs: this measures ingest). herald-noroute: the same
  // with no route at all (events are still verified, normalized and committed).
  const routedConfig = writeConfig(
    heraldConfig({
      dbPath: join(tmp, 'ingest.db'),
      channels: { out: { platform: 'slack', webhook_url: `${fake.url}/services/T0BENCH/B0/ingest` } },
      routeTo: ['out'],
    }),
  );
  const noRouteConfig = writeConfig(heraldConfig({ dbPath: join(tmp, 'ingest-noroute.db') }));
  const herald = await startHerald({ configPath: routedConfig });
  const heraldNoRoute = await startHerald({ configPath: noRouteConfig, name: 'herald (no route)' });
  const targets = [
    ['baseline', baselineUrl, baselineChild.pid],
    ['herald', herald.url, herald.pid],
    ['herald-noroute', heraldNoRoute.url, heraldNoRoute.pid],
    ['ref-sqlite', refUrl, refChild.pid],
  ];
  log(`  baseline ${baselineUrl}; herald ${herald.url} (route → 1 Slack channel on the fake); herald-noroute ${heraldNoRoute.url}; ref-sqlite ${refUrl} (bare route + group-committed 1-row insert, FULL)`);
  log(`  ${requests} requests per run after ${warmup} warm-up, ${REPS} rep(s); a run disturbed by other processes (> ${DISTURBED * 100}% of the machine) is repeated up to twice`);

  const runs = [];
  for (let rep = 1; rep <= REPS; rep++) {
    for (const c of [16, 64]) {
      for (const [target, url, serverPid] of targets) {
        let best;
        for (let attempt = 1; attempt <= 3; attempt++) {
          const quiet = await waitQuiet({ maxWaitMs: QUICK ? 5000 : 20_000 });
          const r = await runLoadgen({ url, requests, concurrency: c, warmup, label: `${target} c=${c} rep ${rep}`, serverPid });
          r.quiet = quiet;
          r.attempt = attempt;
          r.server_cpu_us_per_req = round((r.server_cpu_ms * 1000) / (requests + warmup), 1);
          if (!best || r.other_cpu_share < best.other_cpu_share) best = r;
          if (r.other_cpu_share <= DISTURBED) break;
          log(`  (${target} c=${c} rep ${rep}: other processes used ${round(r.other_cpu_share * 100, 1)}% of the machine; again)`);
        }
        const r = best;
        log(
          `  ${target.padEnd(14)} c=${String(c).padEnd(2)} rep ${rep}: ${String(r.rps).padStart(8)} req/s  p50 ${String(r.latency_ms.p50).padStart(5)} ms  p99 ${String(r.latency_ms.p99).padStart(6)} ms  ` +
            `non-200 ${r.non_200 + r.errors}  server CPU ${r.server_cpu_us_per_req} µs/req  other processes ${round(r.other_cpu_share * 100, 1)}%`,
        );
        runs.push({ target, c, rep, ...r });
      }
    }
  }
  const rss = { herald: rssBytes(herald.pid), herald_noroute: rssBytes(heraldNoRoute.pid) };
  await stopChild(herald.child);
  await stopChild(heraldNoRoute.child);
  await stopChild(baselineChild);
  await stopChild(refChild);

  const summary = {};
  for (const c of [16, 64]) {
    const pick = (target) => {
      const rs = runs.filter((r) => r.target === target && r.c === c);
      return {
        rps: median(rs.map((r) => r.rps)),
        p50_ms: median(rs.map((r) => r.latency_ms.p50)),
        p99_ms: median(rs.map((r) => r.latency_ms.p99)),
        non_200: rs.reduce((a, r) => a + r.non_200 + r.errors, 0),
        requests: rs.reduce((a, r) => a + r.requests, 0),
        server_cpu_us_per_req: median(rs.map((r) => r.server_cpu_us_per_req)),
        other_cpu_share_max: Math.max(...rs.map((r) => r.other_cpu_share)),
      };
    };
    const b = pick('baseline');
    const h = pick('herald');
    const n = pick('herald-noroute');
    const ref = pick('ref-sqlite');
    summary[`c${c}`] = {
      baseline: b,
      herald: h,
      herald_noroute: n,
      ref_sqlite: ref,
      ratio: round(h.rps / b.rps, 3),
      ratio_noroute: round(n.rps / b.rps, 3),
      ratio_ref_sqlite: round(ref.rps / b.rps, 3),
    };
  }
  const out = {
    requests_per_run: requests,
    warmup_per_run: warmup,
    reps: REPS,
    runs,
    summary,
    rss_after_bytes: rss,
    met: {
      ratio_c16: summary.c16.ratio >= TARGETS.ingestRatio,
      ratio_c64: summary.c64.ratio >= TARGETS.ingestRatio,
      p99_c64: summary.c64.herald.p99_ms <= TARGETS.ingestP99Ms,
    },
  };
  for (const c of [16, 64]) {
    const s = summary[`c${c}`];
    log(
      `  median c=${c}: baseline ${s.baseline.rps} req/s (p99 ${s.baseline.p99_ms} ms) | herald ${s.herald.rps} req/s (p50 ${s.herald.p50_ms} ms, p99 ${s.herald.p99_ms} ms) ` +
        `ratio ${s.ratio} | no route ${s.herald_noroute.rps} req/s ratio ${s.ratio_noroute} (target ≥ ${TARGETS.ingestRatio}) | reference bare+sqlite ${s.ref_sqlite.rps} req/s ratio ${s.ratio_ref_sqlite}`,
    );
  }
  return out;
}
