// 6. Replicas on PostgreSQL (see bench/run.mjs for the whole run): ingest on SQLite beside
// one and two PostgreSQL replicas; a paced drain through two replicas; kill -9 of the
// replica sending a channel mid-drain (the last two in replicas-drain.mjs). Every phase
// runs on databases of its own (bench/pg.mjs), dropped when it ends or fails.
import { join } from 'node:path';
import { onFreshDatabase, PG_STORAGE, serverPids } from '../pg.mjs';
import { heraldConfig, median, round, runLoadgens, startHerald, stopChild, waitQuiet } from '../lib.mjs';
import { replicasKill, replicasPaced } from './replicas-drain.mjs';

export async function replicas(ctx) {
  const { log, QUICK, TARGETS } = ctx;
  log('\n== 6. Replicas on PostgreSQL ==');
  const ingest = await replicasIngest(ctx);
  const paced = await onFreshDatabase((db, start) => replicasPaced(ctx, db, start, 10, QUICK ? 5 : 15));
  const kill = await onFreshDatabase((db, start) => replicasKill(ctx, db, start));
  return {
    ingest,
    paced,
    kill,
    met: {
      paced_rate: paced.ratio_min >= TARGETS.pacedRatio,
      paced_429: paced.share_429 < TARGETS.paced429Share,
      kill_lost: kill.lost <= TARGETS.replicasLost,
      kill_duplicates: kill.duplicates <= TARGETS.replicasDuplicates,
      kill_moved: kill.moved_after_s !== null && kill.moved_after_s <= TARGETS.replicasMovedS,
    },
  };
}

/**
 * Ingest: the same load against Herald on SQLite (sync full), one replica on PostgreSQL,
 * and two replicas on one database with the load split evenly (two load generators at
 * once, c/2 each). Every event is routed to one Slack channel on the fake at the default
 * pace, so the workers barely send: this measures ingest.
 */
async function replicasIngest(ctx) {
  const { fake, tmp, log, writeConfig, QUICK, REPS, DISTURBED } = ctx;
  const requests = QUICK ? 5000 : 20000;
  const warmup = QUICK ? 1000 : 2000;
  const routedTo = (path) => ({ channels: { out: { platform: 'slack', webhook_url: `${fake.url}${path}` } }, routeTo: ['out'] });
  log(`\n-- 6a. Ingest: herald on SQLite (sync full) vs 1 and 2 replicas on PostgreSQL; ${requests} requests per run after ${warmup} warm-up, ${REPS} rep(s) --`);
  return onFreshDatabase((db1, start1) =>
    onFreshDatabase(async (db2, start2) => {
      const sqlite = await startHerald({ configPath: writeConfig(heraldConfig({ dbPath: join(tmp, 'replicas-ingest.db'), ...routedTo('/services/T0BENCH/R0/sqlite') })), name: 'herald sqlite' });
      try {
        const [pg1] = await start1(writeConfig(heraldConfig({ storage: PG_STORAGE, ...routedTo('/services/T0BENCH/R1/pg1') })), 1, 'herald pg1');
        const pg2 = await start2(writeConfig(heraldConfig({ storage: PG_STORAGE, ...routedTo('/services/T0BENCH/R2/pg2') })), 2, 'herald pg2');
        const targets = [
          { target: 'sqlite', servers: [sqlite] },
          { target: 'pg1', servers: [pg1], db: db1 },
          { target: 'pg2', servers: pg2, db: db2 },
        ];
        log(`  sqlite ${sqlite.url}; pg1 ${pg1.url} (database ${db1.name}); pg2 ${pg2.map((h) => h.url).join(' + ')} (database ${db2.name}); each → 1 Slack channel on the fake`);
        const runs = [];
        for (let rep = 1; rep <= REPS; rep++) {
          for (const c of [16, 64]) {
            for (const t of targets) runs.push({ target: t.target, c, rep, ...(await measure(ctx, t, { c, rep, requests, warmup })) });
          }
        }
        return { requests_per_run: requests, warmup_per_run: warmup, reps: REPS, runs, summary: summarize(log, runs), disturbed_limit: DISTURBED };
      } finally {
        await stopChild(sqlite.child);
      }
    }),
  );
}

/**
 * One run against one target (its load split evenly over its replicas), repeated up to
 * twice when other processes used more than DISTURBED of the machine; the least disturbed
 * run is kept. PostgreSQL's processes for the database are counted apart, not as "other".
 */
async function measure(ctx, { target, servers, db }, { c, rep, requests, warmup }) {
  const { log, QUICK, DISTURBED } = ctx;
  const n = servers.length;
  const specs = servers.map((h, i) => ({ url: h.url, requests: requests / n, warmup: warmup / n, concurrency: c / n, label: `${target}${n > 1 ? `#${i + 1}` : ''} c=${c} rep ${rep}` }));
  const per = (ms) => round((ms * 1000) / (requests + warmup), 1);
  let best;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const quiet = await waitQuiet({ maxWaitMs: QUICK ? 5000 : 20_000 });
    const m = await runLoadgens(specs, { serverPids: servers.map((h) => h.pid), sidePids: db && (() => serverPids(db)) });
    const r = {
      // Both generators run at once, so their rates add up; the worse latency counts.
      rps: round(m.results.reduce((a, x) => a + x.rps, 0), 1),
      p50_ms: Math.max(...m.results.map((x) => x.latency_ms.p50)),
      p99_ms: Math.max(...m.results.map((x) => x.latency_ms.p99)),
      non_200: m.results.reduce((a, x) => a + x.non_200 + x.errors, 0),
      herald_cpu_us_per_req: per(m.server_cpu_ms),
      pg_cpu_us_per_req: db ? per(m.side_cpu_ms) : null,
      other_cpu_share: m.other_cpu_share,
      quiet,
      attempt,
      loadgens: m.results,
    };
    if (!best || r.other_cpu_share < best.other_cpu_share) best = r;
    if (r.other_cpu_share <= DISTURBED) break;
    log(`  (${target} c=${c} rep ${rep}: other processes used ${round(r.other_cpu_share * 100, 1)}% of the machine; again)`);
  }
  const r = best;
  log(
    `  ${target.padEnd(6)} c=${String(c).padEnd(2)} rep ${rep}: ${String(r.rps).padStart(8)} req/s  p50 ${String(r.p50_ms).padStart(5)} ms  p99 ${String(r.p99_ms).padStart(6)} ms  ` +
      `non-200 ${r.non_200}  herald CPU ${r.herald_cpu_us_per_req} µs/req${db ? `  PostgreSQL CPU ${r.pg_cpu_us_per_req} µs/req` : ''}  other processes ${round(r.other_cpu_share * 100, 1)}%`,
  );
  return r;
}

/** Medians per target and concurrency, and each PostgreSQL figure as a ratio of SQLite's. */
function summarize(log, runs) {
  const summary = {};
  for (const c of [16, 64]) {
    const pick = (target) => {
      const rs = runs.filter((r) => r.target === target && r.c === c);
      const med = (key) => median(rs.map((r) => r[key]));
      return {
        rps: med('rps'),
        p50_ms: med('p50_ms'),
        p99_ms: med('p99_ms'),
        non_200: rs.reduce((a, r) => a + r.non_200, 0),
        herald_cpu_us_per_req: med('herald_cpu_us_per_req'),
        pg_cpu_us_per_req: rs[0].pg_cpu_us_per_req === null ? null : med('pg_cpu_us_per_req'),
        other_cpu_share_max: Math.max(...rs.map((r) => r.other_cpu_share)),
      };
    };
    const sqlite = pick('sqlite');
    const ratios = (x) => ({
      rps: round(x.rps / sqlite.rps, 3),
      p50: round(x.p50_ms / sqlite.p50_ms, 2),
      p99: round(x.p99_ms / sqlite.p99_ms, 2),
      herald_cpu: round(x.herald_cpu_us_per_req / sqlite.herald_cpu_us_per_req, 2),
      cpu_with_pg: round((x.herald_cpu_us_per_req + x.pg_cpu_us_per_req) / sqlite.herald_cpu_us_per_req, 2),
    });
    const pg1 = pick('pg1');
    const pg2 = pick('pg2');
    summary[`c${c}`] = { sqlite, pg1, pg2, pg1_vs_sqlite: ratios(pg1), pg2_vs_sqlite: ratios(pg2) };
    const s = summary[`c${c}`];
    log(
      `  median c=${c}: sqlite ${sqlite.rps} req/s (p99 ${sqlite.p99_ms} ms) | pg 1 replica ${pg1.rps} req/s = ${s.pg1_vs_sqlite.rps} (p99 ${pg1.p99_ms} ms) | ` +
        `pg 2 replicas ${pg2.rps} req/s = ${s.pg2_vs_sqlite.rps} (p99 ${pg2.p99_ms} ms)`,
    );
  }
  return summary;
}
