#!/usr/bin/env node
// Closed-loop load generator (autocannon's programmatic API), run as its own process so it
// never shares an event loop with the server it measures.
//
//   node bench/loadgen.mjs --url http://127.0.0.1:PORT/webhooks/wpllm --secret S -n 20000 -c 64 \
//        [--warmup 2000] [--size 1024] [--label name]
//
// Every request is a distinct ~1 KB WP LLM `generation.completed` event (its own `id`,
// so none is a duplicate), signed with X-WP-LLM-Signature: hex(HMAC-SHA256(secret, body)).
// Latency of each response is taken from autocannon's per-response timing (hrtime, ms,
// not rounded); requests/s is completed responses over the time from the first request
// to the last response. Prints a summary, then `RESULT {json}`.
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { wpllmBody } from './lib.mjs';

const { values: o } = parseArgs({
  options: {
    url: { type: 'string' },
    secret: { type: 'string', default: 'bench-wpllm-secret' },
    requests: { type: 'string', short: 'n', default: '20000' },
    concurrency: { type: 'string', short: 'c', default: '16' },
    warmup: { type: 'string', default: '0' },
    size: { type: 'string', default: '1024' },
    label: { type: 'string', default: '' },
    'timeout-s': { type: 'string', default: '10' },
  },
});
if (!o.url) {
  console.error('usage: node bench/loadgen.mjs --url URL [--secret S] [-n N] [-c C] [--warmup W] [--size B] [--label L]');
  process.exit(2);
}
const url = new URL(o.url);
if (url.hostname !== '127.0.0.1') {
  console.error('loadgen: only 127.0.0.1 targets');
  process.exit(2);
}
const N = Number(o.requests);
const C = Number(o.concurrency);
const SIZE = Number(o.size);
const runId = randomBytes(4).toString('hex');
let seq = 0;

// Each request differs only in its ids, so the generator spends its CPU on HMAC and sockets,
// like any real sender.
const created = Date.now();
const body = (id) => wpllmBody(id, SIZE, created);

function setupRequest(req) {
  const b = body(`${runId}-${seq++}`);
  const sig = createHmac('sha256', o.secret).update(b).digest('hex');
  return {
    ...req,
    method: 'POST',
    path: url.pathname,
    headers: { 'content-type': 'application/json', 'x-wp-llm-signature': sig },
    body: b,
  };
}

function phase(amount, record) {
  return new Promise((resolve, reject) => {
    const st = { done: 0, status: {}, errors: 0, lat: record ? new Float64Array(amount) : null, t0: 0, tEnd: 0 };
    st.t0 = performance.now();
    const instance = autocannon(
      {
        url: url.origin,
        connections: Math.min(C, amount),
        pipelining: 1,
        amount,
        timeout: Number(o['timeout-s']),
        requests: [{ setupRequest }],
      },
      (err) => (err ? reject(err) : resolve(st)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (st.lat && st.done < amount) st.lat[st.done] = responseTime;
      st.done++;
      st.status[statusCode] = (st.status[statusCode] ?? 0) + 1;
      st.tEnd = performance.now();
    });
    instance.on('reqError', () => st.errors++);
  });
}

if (Number(o.warmup) > 0) await phase(Number(o.warmup), false);
const st = await phase(N, true);
const elapsed = (st.tEnd - st.t0) / 1000;
const sorted = st.lat.subarray(0, Math.min(st.done, N)).sort();
const pick = (q) => {
  if (!sorted.length) return null;
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return Math.round(v * 100) / 100;
};
const ok200 = st.status[200] ?? 0;
const result = {
  label: o.label,
  requests: N,
  concurrency: C,
  warmup: Number(o.warmup),
  size: SIZE,
  completed: st.done,
  ok_200: ok200,
  non_200: st.done - ok200,
  errors: st.errors,
  elapsed_s: Math.round(elapsed * 1000) / 1000,
  rps: Math.round((st.done / elapsed) * 10) / 10,
  latency_ms: { p50: pick(0.5), p90: pick(0.9), p99: pick(0.99), max: pick(1) },
  status: st.status,
  run_id: runId,
  cpu_ms: (({ user, system }) => Math.round((user + system) / 1000))(process.cpuUsage()),
};
console.log(
  `[${o.label}] c=${C} n=${N}: ${result.rps} req/s, p50 ${result.latency_ms.p50} ms, p99 ${result.latency_ms.p99} ms, ` +
    `max ${result.latency_ms.max} ms, status ${JSON.stringify(st.status)}${st.errors ? `, errors ${st.errors}` : ''}`,
);
console.log('RESULT ' + JSON.stringify(result));
