// Shared helpers for the bench: child processes (always cleaned up), Herald configs,
// signed WP LLM bodies, /metrics parsing and RSS sampling. Nothing here imports from
// outside the repository.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuMs, machineCpu, sleep } from './observe.mjs';

export * from './observe.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);


// ---------------------------------------------------------------------------------------
// Child processes: every one is tracked and killed (by its pid) when the bench exits,
// fails or is interrupted.

const children = new Set();

export function spawnTracked(name, command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.benchName = name;
  children.add(child);
  child.stderrTail = '';
  child.stderr?.on('data', (chunk) => {
    child.stderrTail = (child.stderrTail + chunk.toString()).slice(-4000);
  });
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  return child;
}

export function killAllChildren(signal = 'SIGKILL') {
  for (const child of children) {
    try {
      process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Stops one child by its pid: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return child.exited;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}

const asyncCleanups = new Set();

/**
 * Asynchronous work that must still run when the bench stops on a signal or a failure,
 * such as dropping a PostgreSQL database it created: the process 'exit' event runs only
 * synchronous code, so these run (children killed first, 10 s at most) before the exit.
 * Returns a function that unregisters `fn`, for when the normal path did the work itself.
 */
export function onCleanup(fn) {
  asyncCleanups.add(fn);
  return () => asyncCleanups.delete(fn);
}

let exiting = false;
async function exitAfterCleanup(code) {
  if (exiting) process.exit(code); // a second signal or failure while cleaning up
  exiting = true;
  killAllChildren();
  await Promise.race([Promise.allSettled([...asyncCleanups].map((fn) => fn())), sleep(10_000)]);
  process.exit(code);
}

let cleanupInstalled = false;
export function installCleanup(extra = () => {}) {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    killAllChildren();
    try {
      extra();
    } catch {
      /* best effort */
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping children`);
      void exitAfterCleanup(130);
    });
  }
  process.on('uncaughtException', (err) => {
    console.error('bench: failed:', err);
    void exitAfterCleanup(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error('bench: failed:', err);
    void exitAfterCleanup(1);
  });
}

/** First stdout line of a child, parsed as JSON (fake platform, baseline). */
export function firstJsonLine(child, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`${child.benchName}: no start line within ${timeoutMs} ms; stderr: ${child.stderrTail}`)), timeoutMs);
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      child.stdout.resume();
      try {
        resolve(JSON.parse(line));
      } catch (err) {
        reject(new Error(`${child.benchName}: unexpected first line ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${child.benchName} exited (${code}) before starting; stderr: ${child.stderrTail}`)));
  });
}

/** A free loopback port (Herald takes its port from HERALD_PORT). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// Herald

export const SECRET = 'bench-wpllm-secret';

/**
 * A Herald config: one wp-llm source, the given channels (name → channel object), one route
 * sending every event to `routeTo` (omit for no route at all), or `routes` sending events
 * whose id matches `idPattern` to `to`. `delivery` replaces the delivery section's keys.
 * The store is SQLite at `dbPath` unless `storage` (key → value) replaces the section, e.g.
 * `{ driver: 'postgres', url: '${HERALD_DATABASE_URL}' }`.
 */
export function heraldConfig({ dbPath, storage, channels = {}, routeTo, routes = [], concurrency = 8, sync = 'full', delivery }) {
  const storageKeys = storage ? Object.entries(storage).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') : `driver: sqlite, path: ${JSON.stringify(dbPath)}, sync: ${sync}`;
  const lines = [
    'server: { host: 127.0.0.1, port: 8787 }',
    `storage: { ${storageKeys} }`,
    `delivery: { ${delivery ?? `concurrency: ${concurrency}, max_attempts: 8, max_age: 24h, timeout: 10s`} }`,
    'sources:',
    `  wpllm: { type: wp-llm, secret: ${JSON.stringify(SECRET)} }`,
  ];
  const names = Object.keys(channels);
  if (names.length) {
    lines.push('channels:');
    for (const [name, ch] of Object.entries(channels)) {
      const fields = Object.entries(ch).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
      lines.push(`  ${name}: { ${fields.join(', ')} }`);
    }
  }
  if (routeTo?.length) {
    lines.push('routes:', '  - name: bench', `    to: [${routeTo.join(', ')}]`);
  } else if (routes.length) {
    lines.push('routes:');
    for (const r of routes) lines.push(`  - match: { where: { id: { matches: ${JSON.stringify(r.idPattern)} } } }`, `    to: [${r.to.join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

/** `node bin/herald.js serve` on a free port; resolves once /readyz answers 200. */
export async function startHerald({ configPath, name = 'herald', nodeArgs = [], env = {} }) {
  const port = await freePort();
  const child = spawnTracked(name, process.execPath, [...nodeArgs, join(ROOT, 'bin/herald.js'), 'serve', '--config', configPath], {
    env: { ...process.env, HERALD_PORT: String(port), HERALD_LOG_LEVEL: 'warn', NODE_NO_WARNINGS: '1', ...env },
  });
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`herald exited (${child.exitCode}) at start: ${child.stderrTail}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`herald not ready within 30 s: ${child.stderrTail}`);
    await sleep(50);
  }
  return { child, pid: child.pid, url, port };
}

// ---------------------------------------------------------------------------------------
// Events

/** A WP LLM generation.completed event padded to about `size` bytes. */
export function wpllmBody(id, size = 1024, nowMs = Date.now()) {
  const created = Math.floor(nowMs / 1000);
  const ev = {
    id: `evt_${id}`,
    object: 'event',
    created,
    type: 'generation.completed',
    data: {
      id: `gen_${id}`,
      object: 'text_generation',
      created,
      model: 'wp-llm-13b',
      prompt: 'Create a custom post type for testimonials',
      completion: `<?php // ${id}\nfunction register_testimonial_post_type() {\n  register_post_type('testimonial', []);\n}\n// `,
      usage: { prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 },
      finish_reason: 'stop',
    },
  };
  const base = JSON.stringify(ev).length;
  ev.data.completion += 'x'.repeat(Math.max(0, size - base));
  return JSON.stringify(ev);
}

export function sign(body, secret = SECRET) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** POSTs one signed event; returns {status, body}. */
export async function postEvent(url, body) {
  const res = await fetch(`${url}/webhooks/wpllm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wp-llm-signature': sign(body) },
    body,
  });
  return { status: res.status, body: await res.text() };
}

/**
 * Sends `count` events with a small closed loop (for setting up delivery phases). `url` may
 * be a list (replicas): event i goes to url[i % url.length].
 */
export async function postEvents(url, prefix, count, concurrency = 16) {
  const urls = [url].flat();
  let next = 0;
  const statuses = {};
  let deliveries = 0;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const { status, body } = await postEvent(urls[i % urls.length], wpllmBody(`${prefix}-${i}`, 1024));
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) deliveries += JSON.parse(body).deliveries ?? 0;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { statuses, deliveries };
}

// ---------------------------------------------------------------------------------------
// Load generator child (bench/loadgen.mjs)

/**
 * Runs bench/loadgen.mjs to completion. With `serverPid`, also reports how much CPU the
 * rest of the machine used meanwhile (`other_cpu_share`: share of all cores busy with
 * anything but the server and the load generator).
 */
export async function runLoadgen({ serverPid, ...spec }) {
  const { results, server_cpu_ms, other_cpu_share } = await runLoadgens([spec], { serverPids: serverPid ? [serverPid] : [] });
  return serverPid ? { ...results[0], server_cpu_ms, other_cpu_share } : results[0];
}

/**
 * Runs several load generators at once (each its own process, e.g. one per replica) and
 * measures, over the same interval, the CPU used by `serverPids`, by the processes that
 * `sidePids()` lists (those serving the servers, such as PostgreSQL backends: a pool opens
 * and closes them, so they are listed every 500 ms and each is counted from when it was
 * first seen, or from 0 if it appeared during the run, to when it was last seen), and the
 * share of all cores busy with anything else (`other_cpu_share`).
 */
export async function runLoadgens(specs, { serverPids = [], sidePids } = {}) {
  const side = new Map(); // pid → { first, last } CPU ms
  const sampleSide = async (atStart) => {
    for (const pid of sidePids ? await sidePids() : []) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      const seen = side.get(pid);
      if (seen) seen.last = ms;
      else side.set(pid, { first: atStart ? ms : 0, last: ms });
    }
  };
  await sampleSide(true);
  let sampling = Promise.resolve();
  const timer = sidePids && setInterval(() => (sampling = sampling.then(() => sampleSide(false))), 500);
  const cpu0 = machineCpu();
  const server0 = serverPids.map(cpuMs);
  const results = await Promise.all(specs.map(loadgenChild)).finally(() => clearInterval(timer));
  const cpu1 = machineCpu();
  const serverMs = serverPids.reduce((a, pid, i) => a + (cpuMs(pid) - server0[i]), 0);
  await sampling;
  await sampleSide(false);
  const sideMs = [...side.values()].reduce((a, { first, last }) => a + last - first, 0);
  const loadgenMs = results.reduce((a, r) => a + r.cpu_ms, 0);
  const other = cpu1.busyMs - cpu0.busyMs - serverMs - sideMs - loadgenMs;
  return {
    results,
    server_cpu_ms: Math.round(serverMs),
    side_cpu_ms: Math.round(sideMs),
    other_cpu_share: Math.round((Math.max(0, other) / Math.max(1, cpu1.totalMs - cpu0.totalMs)) * 1000) / 1000,
  };
}

async function loadgenChild({ url, requests, concurrency, warmup = 0, label = '', size = 1024 }) {
  const child = spawnTracked(`loadgen ${label}`, process.execPath, [
    join(BENCH_DIR, 'loadgen.mjs'),
    '--url', `${url}/webhooks/wpllm`,
    '--secret', SECRET,
    '-n', String(requests),
    '-c', String(concurrency),
    '--warmup', String(warmup),
    '--size', String(size),
    '--label', label,
  ]);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const { code } = await child.exited;
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`loadgen ${label} failed (${code}): ${child.stderrTail}\n${out}`);
  return JSON.parse(line.slice(7));
}
