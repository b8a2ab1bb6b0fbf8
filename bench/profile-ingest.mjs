#!/usr/bin/env node
// Where ingest time goes: runs `herald serve` under --cpu-prof with the bench's ingest
// config, sends the same signed load as bench/run.mjs (bench/loadgen.mjs, own process),
// stops Herald and splits the main thread's time by what it was doing.
//
//   npm run build && node bench/profile-ingest.mjs [-c 64] [-n 20000] [--route slack|none] [--keep DIR]
//
// The V8 profiler samples the main thread's wall time: time blocked in a synchronous
// syscall (SQLite's fsync inside COMMIT) is charged to the JS frame that made the call.
// Module loading at start-up is left out.
import { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakePlatform } from '../test/fakes/fake-platform.mjs';
import { heraldConfig, installCleanup, round, runLoadgen, startHerald, stopChild } from './lib.mjs';

const { values: o } = parseArgs({
  options: {
    concurrency: { type: 'string', short: 'c', default: '64' },
    requests: { type: 'string', short: 'n', default: '20000' },
    route: { type: 'string', default: 'slack' },
    keep: { type: 'string' },
  },
});
const dir = o.keep ?? mkdtempSync(join(tmpdir(), 'herald-profile-'));
installCleanup(() => {
  if (!o.keep) rmSync(dir, { recursive: true, force: true });
});

const fake = await startFakePlatform();
const routed = o.route !== 'none';
const configPath = join(dir, 'herald.yaml');
writeFileSync(
  configPath,
  heraldConfig({
    dbPath: join(dir, 'herald.db'),
    channels: routed ? { out: { platform: 'slack', webhook_url: `${fake.url}/services/T0BENCH/B0/profile` } } : {},
    routeTo: routed ? ['out'] : [],
  }),
);
const herald = await startHerald({ configPath, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
const n = Number(o.requests);
const r = await runLoadgen({ url: herald.url, requests: n, concurrency: Number(o.concurrency), warmup: 2000, serverPid: herald.pid, label: 'profile' });
await stopChild(herald.child);
await fake.close();
console.log(`herald (${routed ? 'route → 1 Slack channel' : 'no route'}) c=${o.concurrency}: ${r.rps} req/s, p99 ${r.latency_ms.p99} ms, server CPU ${round((r.server_cpu_ms * 1000) / (n + 2000), 1)} µs/req (profiler on)`);

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// First rule matching the innermost frame wins, walking outwards.
const RULES = [
  ['start-up (module loading)', (f) => /module_job|cjs\/loader|esm\/translators|esm\/loader/.test(f.url), false],
  ['SQLite: BEGIN/SAVEPOINT/RELEASE/COMMIT incl. WAL writes, checkpoints, fsync', (f, leaf) => leaf && /better-sqlite3\/lib\/methods\/transaction/.test(f.url), true],
  ['SQLite: the ingest statements (dedupe, event row + JSON.stringify, deliveries)', (f) => /store\/sqlite\/sqlite-store\.js/.test(f.url) && f.functionName === '', false],
  ['delivery worker (pump, head query, send)', (f) => /dist\/src\/delivery\//.test(f.url), false],
  ['signature check (HMAC)', (f) => /sources\/(wp-llm\/verify|crypto)\.js/.test(f.url) && f.functionName !== 'parseJsonObject', false],
  ['parse + normalize + zod', (f) => /dist\/src\/sources\/|node_modules\/zod\//.test(f.url), false],
  ['routing', (f) => /dist\/src\/routing\//.test(f.url), false],
  ['metrics (prom-client)', (f) => /node_modules\/prom-client\//.test(f.url), false],
  ['logging (pino)', (f) => /node_modules\/pino\//.test(f.url), false],
  ['webhook handler', (f) => /dist\/src\/http\/webhooks\.js/.test(f.url), false],
  ['reply (fastify send, socket write)', (f) => /fastify\/lib\/reply\.js/.test(f.url), false],
  ['garbage collection', (f) => f.functionName === '(garbage collector)', false],
];
const totals = new Map();
let busy = 0;
let idle = 0;
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
for (const [id, t] of dt) {
  const fn = nodes.get(id).callFrame.functionName;
  if (fn === '(idle)' || fn === '(program)') {
    idle += t;
    continue;
  }
  let category = 'other (HTTP parsing, fastify, node internals)';
  let cur = id;
  let leaf = true;
  search: while (cur !== undefined) {
    const frame = nodes.get(cur).callFrame;
    for (const [name, test] of RULES) {
      if (test(frame, leaf)) {
        category = name;
        break search;
      }
    }
    leaf = false;
    cur = parent.get(cur);
  }
  if (category.startsWith('start-up')) continue;
  busy += t;
  totals.set(category, (totals.get(category) ?? 0) + t);
}
console.log(`main thread: ${round(busy / 1000)} ms busy, ${round(idle / 1000)} ms idle (start-up excluded)`);
for (const [name, t] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${String(round((t / busy) * 100, 1)).padStart(5)}%  ${String(round(t / (n + 2000), 1)).padStart(6)} µs/req  ${name}`);
}
if (o.keep) console.log(`profile: ${join(dir, file)}`);
process.exit(0);
