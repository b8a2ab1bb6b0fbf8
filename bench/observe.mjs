// Observing the bench's processes: RSS, CPU time, how busy the machine is, /metrics.
// Re-exported by lib.mjs.
import { readFileSync } from 'node:fs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));


/** Resident set size of a process in bytes (VmRSS from /proc/<pid>/status), or undefined. */
export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user+sys, ms) a process has used so far, from /proc/<pid>/stat. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Busy and total CPU time of the whole machine so far (ms, all cores), from /proc/stat. */
export function machineCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busyMs: ((total - idle) * 1000) / 100, totalMs: (total * 1000) / 100 };
}

/**
 * Waits (up to `maxWaitMs`) until the machine is quiet: at least `idleShare` of all cores
 * idle over one second. Other work on a 2-core box skews every figure, so each measured run
 * starts on a quiet machine when it can, and records how busy it was anyway.
 */
export async function waitQuiet({ maxWaitMs = 60_000, idleShare = 0.85 } = {}) {
  const start = Date.now();
  let idle = 0;
  for (;;) {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    idle = 1 - (b.busyMs - a.busyMs) / Math.max(1, b.totalMs - a.totalMs);
    if (idle >= idleShare || Date.now() - start >= maxWaitMs) return { waited_ms: Date.now() - start, idle_share: Math.round(idle * 1000) / 1000 };
  }
}

/** Herald's /metrics, parsed into [{name, labels, value}]. */
export async function scrape(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[2]) for (const kv of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[kv[1]] = kv[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

export function metricSum(samples, name, filter = {}) {
  return samples
    .filter((s) => s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const round = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? x : Math.round(x * 10 ** digits) / 10 ** digits);
