#!/usr/bin/env node
'use strict';
// `npm run scale`: the scale-out test at full size (not part of npm test; the small correctness variant is
// test/integration/scale.test.ts). mosquitto + InfluxDB on loopback, real Node-RED worker processes running the
// reference worker flow (test/integration/scale/cluster.ts), 500 simulated LoRaWAN devices:
//   1. throughput with 1 worker, then with 2 workers, printed side by side (end to end: uplink published →
//      decoded, stored in InfluxDB and republished on the partitioned topic), checking every reading stored
//      exactly once and each device's alerts coming from one worker; then 1 worker again, paced at the readings/s
//      each worker of the pair handled, to tell the cost of n apart from the cost of a lower rate per process;
//   2. takeover: two workers, worker A stops, B takes A's partitions over by the documented procedure
//      (docs/scaling.md), and every device's alert lifecycle must equal that of one uninterrupted engine.
// Bounded: stops by itself after CIVIC_SCALE_LIMIT seconds (default 600). Sizes: CIVIC_SCALE_DEVICES (500),
// CIVIC_SCALE_ROUNDS (40 rounds per timed batch, 3 batches per configuration, median printed), CIVIC_SCALE_WARMUP (20
// untimed rounds per worker first: each worker process compiles its hot code once, which is not per-reading work).
// Offered load: CIVIC_SCALE_WINDOW readings in flight per worker (300), CIVIC_SCALE_FIXED_WINDOW=1 for that many in
// total (the method before issue 21's fourth pass), CIVIC_SCALE_INFLIGHT (mosquitto's max_inflight_messages, 20).
// CIVIC_SCALE_CURVE=1 (or fractions "0.25,0.5") adds one worker paced at those fractions of its full rate: CPU per
// reading against readings per wake-up. CIVIC_SCALE_NODE_ARGS: node options for the workers (e.g. --cpu-prof).
// Exit code 1 when a check fails.

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const built = path.resolve(root, process.env.CIVIC_SCALE_DIST || 'dist');
const env = process.env;
const DEVICES = Number(env.CIVIC_SCALE_DEVICES || 500);
const ROUNDS = Number(env.CIVIC_SCALE_ROUNDS || 40);
const REPEAT = 3;                    // timed batches per configuration; the median is printed
const WARMUP = Number(env.CIVIC_SCALE_WARMUP || 20);   // untimed rounds per worker before the timed batches
const LIMIT_S = Number(env.CIVIC_SCALE_LIMIT || 600);
// readings in flight at most, PER WORKER: each worker is offered the same backlog whatever n is. Until issue 21's
// fourth pass it was 300 in total, so each worker of two had half the single worker's backlog, woke for half as
// many readings and paid more per reading for it (docs/scaling.md); CIVIC_SCALE_FIXED_WINDOW=1 measures that way.
const WINDOW = Number(env.CIVIC_SCALE_WINDOW || 300);
const FIXED_WINDOW = env.CIVIC_SCALE_FIXED_WINDOW === '1';
const INFLIGHT = Number(env.CIVIC_SCALE_INFLIGHT || 20);  // mosquitto max_inflight_messages (its default 20)

const cluster = require(path.join(built, 'test', 'integration', 'scale', 'cluster.js'));
const servers = require(path.join(built, 'test', 'helpers', 'servers.js'));
const partition = require(path.join(built, 'lib', 'partition', 'index.js'));

const CLOCK_TICKS = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (fields 14 and 15); NaN if gone. */
function cpuSeconds(pid) {
  if (pid === process.pid) { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** `read(tid)` summed over a process's main thread and its other threads, /proc/<pid>/task; NaN for both if gone. */
function perThread(pid, read) {
  const out = { main: 0, other: 0 };
  let tids;
  try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { return { main: NaN, other: NaN }; }
  for (const tid of tids) {
    try { out[tid === String(pid) ? 'main' : 'other'] += read(tid); } catch { /* a thread that ended meanwhile */ }
  }
  return out;
}

/** CPU seconds of a process split into its main (JavaScript) thread and its other threads (V8 compiler and GC helpers, libuv pool). */
function threadSeconds(pid) {
  return perThread(pid, (tid) => {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  });
}

/** A count of the main thread's from /proc/<pid>/status (e.g. voluntary_ctxt_switches); NaN if gone. */
function statusCount(pid, field) {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return NaN;
  }
}

/** Context switches (voluntary + involuntary) of a process's main thread so far; NaN if gone. */
function contextSwitches(pid) {
  return statusCount(pid, 'voluntary_ctxt_switches') + statusCount(pid, 'nonvoluntary_ctxt_switches');
}

/** Main thread's seconds on a core and waiting for one (runnable, not running), /proc/<pid>/schedstat (ns). */
function schedSeconds(pid) {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return { run: NaN, wait: NaN };
  }
}

/** Times the main thread went to sleep (its voluntary context switches): its wake-ups; NaN if gone. */
function wakeUps(pid) {
  return statusCount(pid, 'voluntary_ctxt_switches');
}

/** Write system calls of a process: its main thread's (sockets) and its other threads' (libuv pool: files), /proc/<pid>/task/<tid>/io. */
function ioCalls(pid) {
  const w = perThread(pid, (tid) => Number(/^syscw:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/task/${tid}/io`, 'utf8'))[1]));
  return { main: w.main, pool: w.other };
}

/** Per-worker counters summed over all workers (CPU s, context switches, wake-ups, sched s, write calls). */
function workerCounters(pids) {
  const sum = { main: 0, other: 0, switches: 0, wakeUps: 0, run: 0, wait: 0, writes: 0, fileWrites: 0 };
  for (const pid of pids) {
    const t = threadSeconds(pid);
    sum.main += t.main;
    sum.other += t.other;
    sum.switches += contextSwitches(pid);
    sum.wakeUps += wakeUps(pid);
    const s = schedSeconds(pid);
    sum.run += s.run;
    sum.wait += s.wait;
    const io = ioCalls(pid);
    sum.writes += io.main;
    sum.fileWrites += io.pool;
  }
  return sum;
}

/** CPU seconds of each named process: { name: seconds }. */
function cpuSnapshot(procs) {
  return Object.fromEntries(Object.entries(procs).map(([name, pid]) => [name, cpuSeconds(pid)]));
}

function cpuDelta(before, after, into) {
  for (const name of Object.keys(after)) into[name] = (into[name] || 0) + (after[name] - before[name]);
  return into;
}

const cleanups = [];
let failed = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (text) => console.log(`[scale] ${text}`);
function check(ok, text) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) failed++;
}

async function cleanup() {
  while (cleanups.length) await cleanups.pop()().catch(() => undefined);
}

const limit = setTimeout(async () => {
  console.error(`[scale] time limit of ${LIMIT_S} s reached: stopping`);
  await cleanup();
  process.exit(1);
}, LIMIT_S * 1000);
process.on('SIGINT', async () => { await cleanup(); process.exit(130); });

/** Starts `names.length` workers (worker i of n) on a fresh database; returns them with an observer. */
async function startCluster(backends, db, names, rules) {
  await servers.influxQuery(backends.influx.port, `CREATE DATABASE ${db}`);
  const dir = cluster.runDir();
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const base = { mqttPort: backends.mosquitto.port, influxPort: backends.influx.port, db };
  const workers = names.map((name) => new cluster.WorkerProcess(name, backends.pack, base, rules, dir));
  for (const w of workers) cleanups.push(() => w.stop());
  await Promise.all(workers.map((w, i) => w.start({ index: i, count: workers.length })));
  const observer = new cluster.Observer();
  await observer.connect(backends.mosquitto.port);
  cleanups.push(() => observer.close());
  return { workers, observer };
}

async function stopCluster(c) {
  await c.observer.close();
  for (const w of c.workers) await w.stop();
}

/**
 * Publishes `msgs` with at most `window` of them not yet republished, and at most `pace` per second when given;
 * resolves when all are republished.
 */
async function publishWindowed(observer, msgs, window, pace = 0, stats = { loops: 0, inFlight: 0, full: 0 }) {
  const base = observer.republishedTotal;
  const started = process.hrtime.bigint();
  let i = 0;
  while (i < msgs.length) {
    const allowed = pace ? Math.floor((Number(process.hrtime.bigint() - started) / 1e9) * pace) : msgs.length;
    stats.loops++;
    stats.inFlight += i - (observer.republishedTotal - base);
    if (i - (observer.republishedTotal - base) >= window) stats.full++;
    while (i < Math.min(allowed, msgs.length) && i - (observer.republishedTotal - base) < window) {
      observer.publish(msgs[i].topic, msgs[i].payload);
      i++;
    }
    await sleep(1);
  }
  await cluster.waitUntil(() => observer.republishedTotal - base >= msgs.length, 120000, () => `${observer.republishedTotal - base} of ${msgs.length} republished`, 5);
}

/** One throughput run with `n` workers: windowed publishing (at most `pace` readings/s if given), end-to-end rate. */
async function throughput(backends, n, pace = 0) {
  const names = ['A', 'B', 'C', 'D'].slice(0, n);
  const sim = cluster.simulator(DEVICES);
  const STEP = 10 * 60000;
  const warm = WARMUP * n;                                             // the same warm-up per worker for every n
  const times = Array.from({ length: ROUNDS * REPEAT + warm }, (_, r) => cluster.T0 + r * STEP);
  const rules = cluster.alertRules(cluster.medianThreshold(sim, times));
  const db = `scale${n}${pace ? `paced${pace}` : ''}`;
  const inFlight = FIXED_WINDOW ? WINDOW : WINDOW * n;
  const c = await startCluster(backends, db, names, rules);
  const { observer } = c;
  const procs = () => ({ broker: backends.mosquitto.pid, database: backends.influx.pid, 'load generator': process.pid,
    ...Object.fromEntries(c.workers.map((w) => [`worker ${w.name}`, w.pid])) });
  // warm-up, not timed: JIT compilation is a fixed cost per process (V8 compiles each worker's hot code once), so
  // inside the timed batches it made 2 workers look 30-40 % costlier per reading than they are in steady state
  await observer.publishRound(sim, times[0]);
  await publishWindowed(observer, times.slice(1, warm).flatMap((t) => sim.tick(t)), inFlight);
  await cluster.waitUntil(async () => (await cluster.storedCounts(backends.influx.port, db)).total >= DEVICES * warm, 60000, () => 'warm-up stored');
  const workerPids = c.workers.map((w) => w.pid);
  const idleBefore = { cpu: cpuSnapshot(procs()), at: process.hrtime.bigint() };
  await sleep(1000);                                                   // idle CPU: timers, keep-alives
  const idle = cpuDelta(idleBefore.cpu, cpuSnapshot(procs()), {});
  const idleSeconds = Number(process.hrtime.bigint() - idleBefore.at) / 1e9;
  const total = DEVICES * times.length;
  const runs = [];
  const cpu = {};
  const threads = { main: 0, other: 0, switches: 0, wakeUps: 0, run: 0, wait: 0, writes: 0, fileWrites: 0 };
  const window = { loops: 0, inFlight: 0, full: 0 };
  let timedReadings = 0;
  let timedSeconds = 0;
  for (let rep = 0; rep < REPEAT; rep++) {
    const msgs = times.slice(warm + rep * ROUNDS, warm + (rep + 1) * ROUNDS).flatMap((t) => sim.tick(t));
    const storedBefore = DEVICES * (warm + rep * ROUNDS);
    const cpuBefore = cpuSnapshot(procs());
    const threadsBefore = workerCounters(workerPids);
    const started = process.hrtime.bigint();
    await publishWindowed(observer, msgs, inFlight, pace, window);
    const republishedAt = process.hrtime.bigint();
    await cluster.waitUntil(async () => (await cluster.storedCounts(backends.influx.port, db)).total >= storedBefore + msgs.length, 120000, () => 'readings stored', 50);
    const storedAt = process.hrtime.bigint();
    cpuDelta(cpuBefore, cpuSnapshot(procs()), cpu);
    cpuDelta(threadsBefore, workerCounters(workerPids), threads);
    timedReadings += msgs.length;
    timedSeconds += Number(storedAt - started) / 1e9;
    runs.push({ readings: msgs.length, seconds: Number(storedAt - started) / 1e9, republishSeconds: Number(republishedAt - started) / 1e9 });
  }
  const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const rate = median(runs.map((r) => r.readings / r.seconds));
  const republishRate = median(runs.map((r) => r.readings / r.republishSeconds));
  await sleep(1000);                                                   // late duplicates and alerts
  const counts = await cluster.storedCounts(backends.influx.port, db);
  check(counts.total === total && [...counts.perDevice.values()].every((v) => v === times.length) && counts.perDevice.size === DEVICES,
    `${n} worker(s): all ${total} readings stored exactly once (${counts.total} rows, ${counts.perDevice.size} devices)`);
  const byDevice = new Map();
  for (const e of observer.alerts) byDevice.set(e.deviceId, (byDevice.get(e.deviceId) || new Set()).add(e.worker));
  const multi = [...byDevice].filter(([, s]) => s.size > 1).length;
  const wrongOwner = [...byDevice].filter(([id, s]) => [...s][0] !== names[partition.workerOf(id, n)]).length;
  check(multi === 0 && wrongOwner === 0 && observer.strays.length === 0,
    `${n} worker(s): ${observer.alerts.length} alerts over ${byDevice.size} devices, each device from exactly its owner (${multi} from several, ${wrongOwner} from another worker, ${observer.strays.length} strays)`);
  const share = names.map((w) => `${w} ${counts.perWorker.get(w) || 0}`).join(' / ');
  const owned = names.map((w, idx) => `${w} ${sim.devices.filter((d) => partition.workerOf(d.id, n) === idx).length}`).join(' / ');
  await stopCluster(c);
  const workerCpu = Object.entries(cpu).filter(([k]) => k.startsWith('worker')).reduce((a, [, v]) => a + v, 0);
  return { n, pace, readings: runs[0].readings, seconds: median(runs.map((r) => r.seconds)), rate, republishRate, share, owned,
    cpu, threads, window, inFlight, idle, idleSeconds, timedReadings, timedSeconds, perWorkerCpuSecond: timedReadings / workerCpu };
}

/** Takeover at full size: the procedure of docs/scaling.md, checked against one uninterrupted engine. */
async function takeover(backends) {
  const ROUNDS_T = 8;
  const CUT = 4;
  const sim = cluster.simulator(DEVICES);
  const times = Array.from({ length: ROUNDS_T }, (_, r) => cluster.T0 + r * 90 * 60000);
  const rules = cluster.alertRules(cluster.medianThreshold(sim, times));
  const db = 'scaletakeover';
  const c = await startCluster(backends, db, ['A', 'B'], rules);
  const [a, b] = c.workers;
  const { observer } = c;
  const round = async (r) => {
    await observer.publishRound(sim, times[r]);
    await cluster.waitUntil(() => observer.republished.get(times[r]) === DEVICES, 60000, () => `round ${r}`);
  };
  // the last round before the takeover is only waited for until it is routed: the alert stages may still be busy
  for (let r = 0; r < CUT; r++) await round(r);
  const t0 = Date.now();
  // docs/scaling.md: drain both (every routed reading evaluated, every event out), then stop them
  await Promise.all([a.drain(), b.drain()]);
  await a.stop('SIGTERM');
  await b.stop('SIGTERM');
  partition.mergeContextDirs(b.contextDir, [a.contextDir]);
  await b.start({ index: 0, count: 1 });
  const takeoverMs = Date.now() - t0;
  for (let r = CUT; r < ROUNDS_T; r++) await round(r);
  await cluster.waitUntil(async () => (await cluster.storedCounts(backends.influx.port, db)).total >= DEVICES * ROUNDS_T, 60000, () => 'stored');
  const expected = cluster.expectedAlerts(sim, times, rules);
  const want = [...expected.values()].reduce((s, e) => s + e.length, 0);
  await cluster.waitUntil(() => observer.alerts.length >= want, 30000, () => `${observer.alerts.length} of ${want} alerts`).catch(() => undefined);
  await sleep(1000);
  const counts = await cluster.storedCounts(backends.influx.port, db);
  check(counts.total === DEVICES * ROUNDS_T && [...counts.perDevice.values()].every((v) => v === ROUNDS_T),
    `takeover: all ${DEVICES * ROUNDS_T} readings stored exactly once (${counts.total} rows)`);
  const seen = new Map();
  for (const e of observer.alerts) seen.set(e.deviceId, [...(seen.get(e.deviceId) || []), e]);
  let wrong = 0;
  let oneWorker = 0;
  for (const [id, exp] of expected) {
    const got = (seen.get(id) || []).slice().sort((x, y) => x.time - y.time);
    if (JSON.stringify(got.map((e) => `${e.state}@${e.time}`)) !== JSON.stringify(exp)) {
      if (wrong++ < 3) say(`${id}: expected ${exp.join(' ')}; got ${got.map((e) => `${e.worker}:${e.state}@${e.time}`).join(' ')}`);
    }
    const owner = partition.workerOf(id, 2) === 0 ? 'A' : 'B';
    if (got.some((e) => e.worker !== (e.time < times[CUT] ? owner : 'B'))) oneWorker++;
  }
  check(wrong === 0, `takeover: alert lifecycle of all ${DEVICES} devices equals one uninterrupted engine (${observer.alerts.length} events, ${wrong} devices differ)`);
  check(oneWorker === 0, `takeover: every event from the device's owner at the time (${oneWorker} exceptions)`);
  await stopCluster(c);
  return { takeoverMs, events: observer.alerts.length };
}

/** CPU per process and the scaling efficiency (issue 21): what a machine with more cores would do. */
function printCpu(one, two, paced) {
  const row = (label, a, b) => console.log(`${label.padEnd(50)}${String(a).padStart(12)}  ${String(b).padStart(16)}`);
  console.log('');
  row('readings per worker CPU-second', one.perWorkerCpuSecond.toFixed(0), two.perWorkerCpuSecond.toFixed(0));
  const names = [...new Set([...Object.keys(one.cpu), ...Object.keys(two.cpu)])];
  const share = (r, name) => {
    const total = Object.values(r.cpu).reduce((a, b) => a + b, 0);
    return r.cpu[name] === undefined ? '-' : `${(100 * r.cpu[name] / total).toFixed(0)} % ${(1000 * r.cpu[name] / r.timedReadings).toFixed(2)} ms`;
  };
  for (const name of names) row(`CPU share, CPU ms per reading: ${name}`, share(one, name), share(two, name));
  const perReadingMs = (r, x) => (1000 * x / r.timedReadings).toFixed(3);
  row('workers, CPU ms per reading: main threads', perReadingMs(one, one.threads.main), perReadingMs(two, two.threads.main));
  row('workers, CPU ms per reading: other threads', perReadingMs(one, one.threads.other), perReadingMs(two, two.threads.other));
  row('workers, context switches per reading', (one.threads.switches / one.timedReadings).toFixed(2), (two.threads.switches / two.timedReadings).toFixed(2));
  row('workers, readings per wake-up of a main thread', (one.timedReadings / one.threads.wakeUps).toFixed(1), (two.timedReadings / two.threads.wakeUps).toFixed(1));
  const idle = (r) => Object.entries(r.idle).filter(([k]) => k.startsWith('worker')).map(([, v]) => `${(100 * v / r.idleSeconds).toFixed(1)}`).join(' + ');
  row('workers idle, % of a core each (not subtracted)', idle(one), idle(two));
  const wall = (r, x) => `${(100 * x / r.timedSeconds / r.n).toFixed(0)} %`;
  row('workers main thread: on a core / waiting for one', `${wall(one, one.threads.run)} / ${wall(one, one.threads.wait)}`, `${wall(two, two.threads.run)} / ${wall(two, two.threads.wait)}`);
  row('workers main thread: asleep (waiting for messages)', wall(one, one.timedSeconds * one.n - one.threads.run - one.threads.wait), wall(two, two.timedSeconds * two.n - two.threads.run - two.threads.wait));
  const writes = (r) => `${(r.threads.writes / r.timedReadings).toFixed(2)} / ${(r.threads.fileWrites / r.timedReadings).toFixed(3)}`;
  row('workers, write calls per reading: main / pool', writes(one), writes(two));
  const flight = (r) => `${(r.window.inFlight / r.window.loops).toFixed(0)} of ${r.inFlight}, ${(100 * r.window.full / r.window.loops).toFixed(0)} % full`;
  row('readings in flight (mean of window; time at full)', flight(one), flight(two));
  const used = (r) => Object.values(r.cpu).reduce((a, b) => a + b, 0) / r.timedSeconds;
  row('cores busy during the timed batches', used(one).toFixed(2), used(two).toFixed(2));
  const efficiency = two.perWorkerCpuSecond / one.perWorkerCpuSecond;
  console.log(`scaling efficiency (readings per worker CPU-second, 2 workers / 1 worker): ${efficiency.toFixed(2)}   goal ≥ 0.90 ${efficiency >= 0.9 ? '✔' : '✘'}`);
  // CPU per reading grows as a process gets fewer readings per second (fewer messages per wake-up, colder caches):
  // on 2 shared cores each worker of the pair runs at about half the single worker's rate
  const equal = two.perWorkerCpuSecond / paced.perWorkerCpuSecond;
  console.log(`1 worker paced at the pair's readings/s per worker (${paced.pace}/s): ${paced.perWorkerCpuSecond.toFixed(0)} readings per worker CPU-second, `
    + `${perReadingMs(paced, paced.threads.main)} ms main thread, ${(paced.threads.switches / paced.timedReadings).toFixed(2)} context switches per reading`);
  console.log(`scaling efficiency at equal load per worker (2 workers / 1 worker at ${paced.pace} readings/s each): ${equal.toFixed(2)}`);
  // each Node-RED worker and mosquitto run on one core each; InfluxDB uses several
  const perReading = (name) => (two.cpu[name] ?? 0) / two.timedReadings;
  const perCore = one.perWorkerCpuSecond * Math.min(1, equal);
  console.log(`prediction with a core per process (docs/scaling.md): n workers ≈ min(n × ${perCore.toFixed(0)} readings/s, `
    + `mosquitto on one core ${(1 / perReading('broker')).toFixed(0)}/s, InfluxDB ${(1 / perReading('database')).toFixed(0)}/s per core)`);
}

/**
 * CIVIC_SCALE_CURVE: one worker at several paces (fractions of its full rate, e.g. "0.25,0.5,0.75"): CPU per reading
 * against readings per wake-up, the curve behind the efficiency (docs/scaling.md).
 */
async function curve(backends, full) {
  const fractions = (env.CIVIC_SCALE_CURVE === '1' ? '0.25,0.5,0.75' : env.CIVIC_SCALE_CURVE).split(',').map(Number).filter((f) => f > 0 && f < 1);
  const points = [full];
  for (const f of fractions) points.push(await throughput(backends, 1, Math.round(full.rate * f)));
  console.log('');
  console.log('1 worker, CPU per reading against readings per wake-up (main thread: JavaScript, sockets)');
  const cols = ['pace', 'readings/s', 'per CPU-second', 'main µs/reading', 'readings/wake-up', 'switches/reading', 'pool writes/reading'];
  console.log(cols.map((c) => c.padStart(20)).join(''));
  for (const r of points) {
    console.log([r.pace ? `${r.pace}/s` : 'unpaced', r.rate.toFixed(0), r.perWorkerCpuSecond.toFixed(0), (1e6 * r.threads.main / r.timedReadings).toFixed(1),
      (r.timedReadings / r.threads.wakeUps).toFixed(1), (r.threads.switches / r.timedReadings).toFixed(2),
      (r.threads.fileWrites / r.timedReadings).toFixed(3)].map((c) => String(c).padStart(20)).join(''));
  }
}

async function main() {
  for (const bin of ['mosquitto', 'influxd']) {
    if (!servers.findBinary(bin)) throw new Error(`${bin} not installed (apt-get install ${bin === 'influxd' ? 'influxdb' : bin})`);
  }
  const pack = cluster.packDir();
  cluster.checkPackBuilt(pack);
  const mosquitto = await servers.startMosquitto(undefined, { config: () => ['allow_anonymous true',
    `max_queued_messages ${Math.max(1000, 8 * WINDOW)}`, `max_inflight_messages ${INFLIGHT}`] });
  cleanups.push(() => mosquitto.stop());
  const influx = await servers.startInflux();
  cleanups.push(() => influx.stop());
  const backends = { mosquitto, influx, pack };
  say(`${DEVICES} devices, ${WARMUP} untimed rounds per worker, then ${REPEAT} timed batches of ${ROUNDS} rounds (${DEVICES * ROUNDS} readings) per configuration, median; at most ${WINDOW} readings in flight ${FIXED_WINDOW ? 'in total (CIVIC_SCALE_FIXED_WINDOW)' : 'per worker'}, broker max_inflight_messages ${INFLIGHT}; Node ${process.versions.node}, ${require('os').cpus().length} cores, everything on one machine`);
  const one = await throughput(backends, 1);
  const two = await throughput(backends, 2);
  // the same readings/s per worker as each worker of the pair handled: tells what n costs from what load costs
  const oneAtPairLoad = await throughput(backends, 1, Math.round(two.rate / 2));
  const t = await takeover(backends);
  const row = (label, a, b) => console.log(`${label.padEnd(50)}${String(a).padStart(12)}  ${String(b).padStart(16)}`);
  console.log('');
  row('', '1 worker', '2 workers');
  row('readings/s end to end (stored + republished)', one.rate.toFixed(0), two.rate.toFixed(0));
  row('readings/s republished (decode stage only)', one.republishRate.toFixed(0), two.republishRate.toFixed(0));
  row('seconds per timed batch (median)', one.seconds.toFixed(2), two.seconds.toFixed(2));
  row('readings stored per worker', one.share, two.share);
  row('devices owned per worker (alert stage)', one.owned, two.owned);
  row('devices per worker at 1 reading/min (rate×60/n)', Math.floor(one.rate * 60), Math.floor(two.rate * 60 / 2));
  console.log(`ratio 2 workers / 1 worker: ${(two.rate / one.rate).toFixed(2)}×`);
  printCpu(one, two, oneAtPairLoad);
  if (env.CIVIC_SCALE_CURVE) await curve(backends, one);
  console.log(`takeover (stop A and B, merge context, restart B as 1 of 1): ${(t.takeoverMs / 1000).toFixed(1)} s; ${t.events} alert events checked`);
  console.log('');
  if (failed) throw new Error(`${failed} check(s) failed`);
  say('all checks passed');
}

main().then(async () => {
  clearTimeout(limit);
  await cleanup();
  process.exit(0);
}, async (err) => {
  console.error(`[scale] ${err.stack || err}`);
  clearTimeout(limit);
  await cleanup();
  process.exit(1);
});
