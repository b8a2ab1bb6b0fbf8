// 6b and 6c of the replicas scenario (bench/scenarios/replicas.mjs): a paced drain through
// two replicas on one PostgreSQL database, and kill -9 of the replica sending a channel.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { leaseOwners, PG_STORAGE, replicaOf } from '../pg.mjs';
import { heraldConfig, metricSum, postEvents, round, scrape, sleep, stopChild, waitQuiet } from '../lib.mjs';
import { drainFigures, logDrain } from './paced.mjs';

/** The fake platform's clock (request `at`): epoch ms with sub-ms precision. */
const now = () => performance.timeOrigin + performance.now();

/**
 * Paced delivery as in paced.mjs, through two replicas: `channelCount` channels at `rate:
 * 1/h` while N × seconds + 1 events are posted alternately to the replicas (each channel
 * sends its first at once and holds the rest), then the fake limits every webhook to N/s
 * and both replicas are switched to `rate: N/s` by SIGHUP. Which replica sends which
 * channel is read from the `leases` table every 500 ms during the drain.
 */
export async function replicasPaced(ctx, db, start, N, seconds, channelCount = 10) {
  const { fake, log, writeConfig, waitFor, ok, limitAll, channelSet, forConfig, QUICK, TARGETS } = ctx;
  const perChannel = N * seconds;
  log(`\n-- 6b. Paced delivery through 2 replicas: ${channelCount} channels, platform allows ${N}/s per webhook, Herald rate ${N}/s, ${perChannel} deliveries each --`);
  fake.reset();
  const channels = channelSet(channelCount, '1/h');
  const names = Object.keys(channels);
  const configPath = writeConfig(heraldConfig({ storage: PG_STORAGE, channels: forConfig(channels), routeTo: names }));
  const list = await start(configPath, 2, 'herald paced');
  const posted = await postEvents(
    list.map((h) => h.url),
    `rpaced-${Date.now()}`,
    perChannel + 1,
    16,
  );
  if ((posted.statuses[200] ?? 0) !== perChannel + 1) throw new Error(`replicas paced enqueue failed: ${JSON.stringify(posted.statuses)}`);
  await waitFor(() => fake.requests.filter(ok).length >= channelCount, 15_000);
  await sleep(300);
  const pre = fake.requests.length;
  for (const ch of Object.values(channels)) ch.rate = `${N}/s`;
  writeFileSync(configPath, heraldConfig({ storage: PG_STORAGE, channels: forConfig(channels), routeTo: names }));
  const quiet = await waitQuiet({ maxWaitMs: QUICK ? 5000 : 20_000 });
  fake.reset();
  limitAll(N, 1000);
  const t0 = Date.now();
  for (const h of list) process.kill(h.pid, 'SIGHUP');
  const expected = channelCount * perChannel;
  const samples = [];
  const finished = await waitFor(
    async () => {
      samples.push(await leaseOwners(db));
      return fake.requests.filter(ok).length >= expected;
    },
    (seconds * 3 + 30) * 1000,
    500,
  );
  const elapsed = (Date.now() - t0) / 1000;
  const metrics = await scrape(list[0].url);
  for (const h of list) await stopChild(h.child);

  // Each channel's holder in most samples, and how often a channel changed hands.
  const held = Object.fromEntries(list.map((_, i) => [`replica ${i + 1}`, 0]));
  let moves = 0;
  let unheld = 0;
  for (const name of names) {
    const owners = samples.map((s) => s.get(name));
    unheld += owners.filter((o) => o === undefined).length;
    const seen = owners.filter(Boolean);
    moves += seen.filter((o, i) => i > 0 && o !== seen[i - 1]).length;
    const counts = new Map();
    for (const o of seen) counts.set(o, (counts.get(o) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const replica = replicaOf(top, list);
    if (replica) held[`replica ${list.indexOf(replica) + 1}`]++;
  }
  const out = {
    channels: channelCount,
    N,
    per_channel_deliveries: perChannel,
    enqueue_presend_requests: pre,
    idle_before: quiet.idle_share,
    finished,
    elapsed_s: round(elapsed, 2),
    expected,
    ...drainFigures(ctx, [...fake.requests], channels, N),
    channels_per_replica: held,
    lease_samples: samples.length,
    lease_moves_during_drain: moves,
    samples_without_live_lease: unheld,
    queue_depth_after: metricSum(metrics, 'herald_queue_depth'),
  };
  logDrain(log, out, TARGETS);
  log(
    `  channels sent by each replica (lease owner in most of ${samples.length} samples): ${Object.entries(held).map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
      `leases changed hands ${moves} time(s) during the drain; ${unheld} channel-sample(s) with no live lease`,
  );
  return out;
}

/**
 * kill -9 during a drain: two replicas, one Slack channel at `rate: 50/s` (no limit on the
 * fake), events posted alternately; once a fifth of them are delivered the replica holding
 * the channel's lease is killed, and the survivor must deliver the rest.
 */
export async function replicasKill(ctx, db, start) {
  const { fake, log, writeConfig, waitFor, ok, QUICK } = ctx;
  const RATE = 50;
  const events = QUICK ? 300 : 1000;
  const path = '/services/T0BENCH/KILL/busy';
  log(`\n-- 6c. kill -9 during a drain: 2 replicas, 1 channel at ${RATE}/s, ${events} events; the lease holder is killed after ${events / 5} deliveries --`);
  fake.reset();
  const channels = { busy: { platform: 'slack', webhook_url: `${fake.url}${path}`, rate: `${RATE}/s` } };
  const list = await start(writeConfig(heraldConfig({ storage: PG_STORAGE, channels, routeTo: ['busy'] })), 2, 'herald kill');
  const run = `rkill${Date.now()}`;
  const idOf = (r) => new RegExp(`evt_${run}-\\d+`).exec(r.rawBody)?.[0];
  const sent = () => fake.requests.filter((r) => r.path === path);
  const delivered = () => sent().filter(ok);
  const posted = await postEvents(
    list.map((h) => h.url),
    run,
    events,
    16,
  );
  const enqueuedAt = now();
  if ((posted.statuses[200] ?? 0) !== events) throw new Error(`replicas kill enqueue failed: ${JSON.stringify(posted.statuses)}`);
  if (!(await waitFor(() => delivered().length >= events / 5, 60_000, 20))) throw new Error('replicas kill: the drain did not start');
  const [{ owner } = {}] = await db.query('SELECT owner FROM leases WHERE channel = $1', ['busy']);
  const victim = replicaOf(owner, list);
  if (!victim) throw new Error(`replicas kill: the lease owner ${owner} is neither replica (pids ${list.map((h) => h.pid).join(', ')})`);
  const survivor = list.find((h) => h !== victim);
  const deliveredBeforeKill = delivered().length;
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = now();
  await victim.child.exited;
  const finished = await waitFor(() => new Set(delivered().map(idOf)).size >= events, 120_000, 100);
  await sleep(1000); // a duplicate would show up now
  const [{ owner: ownerAfter } = {}] = await db.query('SELECT owner FROM leases WHERE channel = $1', ['busy']);
  const accepted = (await db.query('SELECT event_id FROM deliveries WHERE channel = $1 ORDER BY id', ['busy'])).map((r) => r.event_id);
  await stopChild(survivor.child);

  const oks = delivered();
  const ids = oks.map(idOf);
  const distinct = new Set(ids);
  const firsts = ids.filter((id, i) => ids.indexOf(id) === i);
  // A request the killed replica had sent may still be read by the fake just after the
  // kill; the channel has moved with the first request after that.
  const IN_FLIGHT_MS = 250;
  const after = sent().filter((r) => r.at > killedAt);
  const next = after.find((r) => r.at > killedAt + IN_FLIGHT_MS);
  const out = {
    events,
    rate_per_s: RATE,
    accepted: posted.statuses[200] ?? 0,
    delivered_before_kill: deliveredBeforeKill,
    killed: victim === list[0] ? 'replica 1' : 'replica 2',
    finished,
    lost: events - distinct.size,
    duplicates: ids.length - distinct.size,
    duplicate_ids: [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))],
    non_2xx: sent().length - oks.length,
    in_flight_at_kill: after.filter((r) => r.at <= killedAt + IN_FLIGHT_MS).length,
    moved_after_s: next ? round((next.at - killedAt) / 1000, 2) : null,
    lease_now_with_survivor: replicaOf(ownerAfter, list) === survivor,
    // Acceptance order is the deliveries' id order in the database.
    in_acceptance_order: firsts.length === accepted.length && firsts.every((id, i) => id === accepted[i]),
    drain_s: oks.length ? round((oks.at(-1).at - oks[0].at) / 1000, 2) : null,
    enqueue_to_last_s: oks.length ? round((oks.at(-1).at - enqueuedAt) / 1000, 2) : null,
  };
  log(
    `  killed ${out.killed} (lease holder) after ${deliveredBeforeKill} deliveries; the channel moved after ${out.moved_after_s} s; ` +
      `lost ${out.lost}, duplicates ${out.duplicates}${out.duplicates ? ` (${out.duplicate_ids.join(', ')})` : ''}, ` +
      `${out.in_acceptance_order ? 'in acceptance order' : 'OUT OF ACCEPTANCE ORDER'}; drain ${out.drain_s} s (${events} at ${RATE}/s = ${events / RATE} s without the kill)`,
  );
  return out;
}
