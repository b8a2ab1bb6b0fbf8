#!/usr/bin/env node
// Herald's benchmark (BENCHMARKS.md). `npm run bench` builds, then runs this file:
//
//   node bench/run.mjs [--only ingest,paced,storm,backlog,outage,replicas] [--reps 3] [--quick]
//
// 1. ingest   bare fastify + HMAC (bench/baseline.mjs) vs `herald serve` (SQLite, sync full),
//             same load generator (bench/loadgen.mjs, its own process), c=16 and c=64
// 2. paced    fake platform allowing N req/s per webhook; Herald channels at rate N/s; 1 and 50 channels
// 3. storm    fake admits 5 req/s per webhook and answers the rest 429 + Retry-After;
//             Herald paced at 50/s on Slack, Discord and Teams; 200 events
// 4. backlog  100,000 pending deliveries drained against a fast fake; RSS sampled every second
// 5. outage   one channel's platform answers 503 for 120 s with 200 queued, then recovers:
//             recovery → last delivery, dead letters, duplicates; another channel meanwhile
// 6. replicas `storage.driver: postgres` on a uniquely named database (dropped afterwards) of
//             HERALD_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres):
//             ingest on SQLite vs 1 and 2 replicas (load split over both); a paced drain of
//             10 channels through 2 replicas; kill -9 of a channel's lease holder mid-drain
//
// Prints raw figures beside ratios and writes bench/results/latest.json. Herald is driven
// only through its public surface: config files, HTTP and signals. The fake platform
// (test/fakes/fake-platform.mjs) runs inside this process; Herald, the baselines and the
// load generator are child processes, all killed when the bench exits or fails.
// bench/profile-ingest.mjs breaks Herald's ingest time down with --cpu-prof.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakePlatform } from '../test/fakes/fake-platform.mjs';
import { BENCH_DIR, installCleanup, round, sleep } from './lib.mjs';
import { backlog } from './scenarios/backlog.mjs';
import { ingest } from './scenarios/ingest.mjs';
import { paced } from './scenarios/paced.mjs';
import { outage } from './scenarios/outage.mjs';
import { replicas } from './scenarios/replicas.mjs';
import { storm } from './scenarios/storm.mjs';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', default: 'ingest,paced,storm,backlog,outage,replicas' },
    reps: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
  },
});
const PHASES = new Set(args.only.split(',').map((s) => s.trim()));
const SCENARIOS = ['ingest', 'paced', 'storm', 'backlog', 'outage', 'replicas'];
const unknown = [...PHASES].filter((p) => !SCENARIOS.includes(p));
if (unknown.length) {
  console.error(`bench: unknown scenario ${unknown.join(', ')}; choose from ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const QUICK = args.quick;
const REPS = QUICK ? 1 : Number(args.reps);

const TARGETS = {
  ingestRatio: 0.7,
  ingestP99Ms: 25,
  pacedRatio: 0.95,
  paced429Share: 0.01,
  stormDelivered: 1,
  stormEarly: 0,
  backlogRssBytes: 200 * 1024 * 1024,
  backlogFlat: 1.15, // last-quarter mean RSS ≤ 1.15 × first-quarter mean
  outageDead: 0,
  outageDuplicates: 0,
  replicasLost: 0,
  replicasDuplicates: 1, // only the delivery in flight when its replica died may be posted twice
  replicasMovedS: 12, // lease ends ≤ 10 s after the last renewal; the survivor asks every 2 s
};
/** Share of the machine's CPU used by other processes above which an ingest run is repeated. */
const DISTURBED = 0.1;

const tmp = mkdtempSync(join(tmpdir(), 'herald-bench-'));
installCleanup(() => rmSync(tmp, { recursive: true, force: true }));
const resultsDir = join(BENCH_DIR, 'results');
mkdirSync(resultsDir, { recursive: true });

const fake = await startFakePlatform();
const results = {
  started_at: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_total_mb: Math.round(totalmem() / 2 ** 20), mem_free_mb: Math.round(freemem() / 2 ** 20), node: process.version },
  quick: QUICK,
  targets: TARGETS,
};
const log = (...a) => console.log(...a);
let configSeq = 0;

function writeConfig(text) {
  const path = join(tmp, `herald-${++configSeq}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** A request the fake answered with 2xx. */
const ok = (r) => r.status >= 200 && r.status < 300;

async function waitFor(predicate, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await sleep(everyMs);
  }
  return false;
}

function limitAll(count, windowMs) {
  // Discord is posted at /api/v10/webhooks/…; the limit is per path, i.e. per webhook.
  for (const prefix of ['/services/', '/api/', '/teams/']) fake.limit(prefix, { count, windowMs });
}

/** A request's webhook path with Discord's API version dropped, to match a channel's `_path`. */
const pathOf = (r) => r.path.replace(/^\/api\/v\d+\//, '/api/');

/** Channel definitions on the fake: platform cycles slack → discord → teams. */
function channelSet(count, rate, platforms = ['slack', 'discord', 'teams']) {
  const channels = {};
  for (let i = 0; i < count; i++) {
    const platform = platforms[i % platforms.length];
    const name = `c${String(i).padStart(2, '0')}-${platform}`;
    const path =
      platform === 'slack' ? `/services/T0BENCH/B${i}/x${i}` : platform === 'discord' ? `/api/webhooks/${1000 + i}/tok${i}` : `/teams/workflows/${i}`;
    channels[name] = { platform, webhook_url: `${fake.url}${path}`, rate, _path: path };
  }
  return channels;
}
const forConfig = (channels) => Object.fromEntries(Object.entries(channels).map(([k, { _path, ...v }]) => [k, v]));

/** What every scenario shares; each one lives in bench/scenarios/. */
const ctx = { fake, tmp, log, writeConfig, waitFor, ok, limitAll, pathOf, channelSet, forConfig, QUICK, REPS, TARGETS, DISTURBED };


const t0 = Date.now();
try {
  if (PHASES.has('ingest')) results.ingest = await ingest(ctx);
  if (PHASES.has('paced')) {
    const seconds = QUICK ? 5 : 15;
    results.paced = { one: await paced(ctx, 1, 10, seconds), fifty: await paced(ctx, 50, 10, seconds) };
  }
  if (PHASES.has('storm')) results.storm = await storm(ctx);
  if (PHASES.has('backlog')) results.backlog = await backlog(ctx);
  if (PHASES.has('outage')) results.outage = await outage(ctx);
  if (PHASES.has('replicas')) results.replicas = await replicas(ctx);
} finally {
  await fake.close();
}
results.finished_at = new Date().toISOString();
results.duration_s = round((Date.now() - t0) / 1000, 1);
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');

// Summary: raw figures beside ratios and targets.
const yes = (b) => (b ? 'met' : 'MISSED');
const rows = [];
if (results.ingest) {
  const s = results.ingest.summary;
  for (const c of [16, 64]) {
    rows.push([`ingest c=${c} req/s herald / baseline`, `${s[`c${c}`].herald.rps} / ${s[`c${c}`].baseline.rps} = ${s[`c${c}`].ratio}`, '≥ 0.70', yes(results.ingest.met[`ratio_c${c}`])]);
    rows.push([`  herald, no route c=${c}`, `${s[`c${c}`].herald_noroute.rps} / ${s[`c${c}`].baseline.rps} = ${s[`c${c}`].ratio_noroute}`, '', '']);
    rows.push([`  reference bare+sqlite c=${c}`, `${s[`c${c}`].ref_sqlite.rps} / ${s[`c${c}`].baseline.rps} = ${s[`c${c}`].ratio_ref_sqlite}`, '', '']);
  }
  rows.push(['ingest c=64 herald p99', `${s.c64.herald.p99_ms} ms`, '≤ 25 ms', yes(results.ingest.met.p99_c64)]);
}
if (results.paced) {
  for (const [k, p] of Object.entries(results.paced)) {
    rows.push([`paced ${p.channels} ch achieved/N (min)`, `${p.ratio_min} (N=${p.N}; mean ${p.ratio_mean}, ${p.channels_below_target} below)`, '≥ 0.95', yes(p.met.rate)]);
    rows.push([`paced ${p.channels} ch 429 share`, `${round(p.share_429 * 100, 3)}% (${p.r429}/${p.requests})`, '< 1%', yes(p.met.share_429)]);
  }
}
if (results.storm) {
  const s = results.storm;
  rows.push(['storm delivered', `${s.delivered}/${s.expected_deliveries}`, '100%', yes(s.met.delivered)]);
  rows.push(['storm sent before Retry-After', String(s.early_retries), '0', yes(s.met.early)]);
}
if (results.backlog) {
  const d = results.backlog.drain;
  rows.push(['backlog max RSS', `${d.rss_max_mb} MB`, '< 200 MB', yes(results.backlog.met.rss)]);
  rows.push(['backlog RSS last/first quarter', `${d.rss_last_quarter_mean_mb} / ${d.rss_first_quarter_mean_mb} MB = ${d.last_over_first}`, `≤ ${TARGETS.backlogFlat}`, yes(results.backlog.met.flat)]);
  rows.push(['backlog drain', `${d.delivered} in ${d.seconds} s = ${d.rate_per_s}/s`, 'drains', yes(results.backlog.met.drained)]);
}
if (results.outage) {
  const o = results.outage;
  rows.push([`outage ${o.outage_s} s, ${o.events} queued: recovery → last delivery`, `${o.recovery_to_last_delivery_s} s (first ${o.recovery_to_first_delivery_s} s; drain at ${o.rate_per_s}/s)`, '', '']);
  rows.push(['outage delivered, in order', `${o.delivered}/${o.events}${o.in_order ? ', in order' : ', OUT OF ORDER'}`, '100%', yes(o.met.delivered)]);
  rows.push(['outage dead letters', String(o.dead_letters), '0', yes(o.met.dead)]);
  rows.push(['outage duplicates', String(o.duplicates), '0', yes(o.met.duplicates)]);
}
if (results.replicas) {
  const { ingest: ri, paced: rp, kill: rk, met } = results.replicas;
  for (const c of [16, 64]) {
    const s = ri.summary[`c${c}`];
    rows.push([`replicas ingest c=${c} req/s sqlite`, `${s.sqlite.rps} (p99 ${s.sqlite.p99_ms} ms)`, '', '']);
    for (const [k, label] of [['pg1', '1 replica'], ['pg2', '2 replicas']]) {
      rows.push([`  postgres, ${label} / sqlite`, `${s[k].rps} / ${s.sqlite.rps} = ${s[`${k}_vs_sqlite`].rps} (p99 ${s[k].p99_ms} ms)`, '', '']);
    }
  }
  rows.push([`replicas paced ${rp.channels} ch achieved/N (min)`, `${rp.ratio_min} (N=${rp.N}; mean ${rp.ratio_mean})`, '≥ 0.95', yes(met.paced_rate)]);
  rows.push([`replicas paced 429 share`, `${round(rp.share_429 * 100, 3)}% (${rp.r429}/${rp.requests})`, '< 1%', yes(met.paced_429)]);
  rows.push(['replicas paced channels per replica', Object.values(rp.channels_per_replica).join(' + '), '', '']);
  rows.push(['replicas kill -9: lost', String(rk.lost), '0', yes(met.kill_lost)]);
  rows.push(['replicas kill -9: duplicates', String(rk.duplicates), `≤ ${TARGETS.replicasDuplicates}`, yes(met.kill_duplicates)]);
  rows.push(['replicas kill -9: channel moved after', `${rk.moved_after_s} s`, `≤ ${TARGETS.replicasMovedS} s`, yes(met.kill_moved)]);
  rows.push(['replicas kill -9: drain', `${rk.events} in ${rk.drain_s} s at ${rk.rate_per_s}/s`, '', '']);
}
log(`\n== Summary (${results.duration_s} s; bench/results/latest.json) ==`);
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) log(`  ${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
process.exit(0);
