// Scale-out correctness, small enough for npm test (the 500-device run with throughput is `npm run scale`):
// mosquitto + InfluxDB on loopback, two real Node-RED worker processes running the reference worker flow
// (test/integration/scale/cluster.ts). Checks: every reading stored exactly once across the workers (MQTT shared
// subscription), every device's alerts evaluated by exactly one worker (partition node), and after worker A stops
// and B takes its partitions over by the documented procedure (drain A and B, stop both, merge A's context files
// into B's, restart B with CIVIC_WORKER_COUNT=1) the alert lifecycle carries on exactly as one uninterrupted engine
// would have run it — also when the takeover starts while the alert stages are still busy with the last round
// (before the drain step, 'firing' events still between nodes at the stop were lost: issue 15, part 6).
import assert from 'assert';
import { requireBinary, startInflux, startMosquitto, influxQuery, type RunningServer } from '../helpers/servers';
import { mergeContextDirs, workerOf } from '../../lib/partition';
import {
  T0, Observer, WorkerProcess, alertRules, checkPackBuilt, expectedAlerts, medianThreshold, packDir, runDir, simulator,
  storedCounts, waitUntil, type AlertSeen,
} from './scale/cluster';
import fs from 'fs';

const DEVICES = 100;
const ROUNDS = 8;
const TAKEOVER_AFTER = 4;                 // rounds 0-3 with two workers, rounds 4-7 after the takeover
const STEP = 90 * 60000;                  // 06:00 … 16:30 JST

describe('integration: scale-out with two Node-RED workers (shared subscription + partition)', function () {
  this.timeout(120000);
  let mosquitto: RunningServer | undefined;
  let influx: RunningServer | undefined;
  let root = '';
  let a: WorkerProcess;
  let b: WorkerProcess;
  const observer = new Observer();
  const sim = simulator(DEVICES);
  const times = Array.from({ length: ROUNDS }, (_, r) => T0 + r * STEP);
  const rules = alertRules(medianThreshold(sim, times));
  const logs = () => `\n--- worker A ---\n${a?.log.slice(-3000)}\n--- worker B ---\n${b?.log.slice(-3000)}`;

  before(async function () {
    requireBinary(this, 'mosquitto', 'mosquitto');
    requireBinary(this, 'influxd', 'influxdb');
    const pack = packDir();
    checkPackBuilt(pack);
    mosquitto = await startMosquitto();
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    root = runDir();
    const base = { mqttPort: mosquitto.port, influxPort: influx.port, db: 'civic' };
    a = new WorkerProcess('A', pack, base, rules, root);
    b = new WorkerProcess('B', pack, base, rules, root);
    await Promise.all([a.start({ index: 0, count: 2 }), b.start({ index: 1, count: 2 })]);
    await observer.connect(mosquitto.port);
  });

  after(async () => {
    await observer.close().catch(() => undefined);
    await a?.stop();
    await b?.stop();
    await mosquitto?.stop();
    await influx?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function runRound(r: number): Promise<void> {
    await observer.publishRound(sim, times[r]);
    await waitUntil(() => observer.republished.get(times[r]) === DEVICES, 20000,
      () => `round ${r}: ${observer.republished.get(times[r]) ?? 0} of ${DEVICES} readings republished${logs()}`);
  }

  async function stored(n: number): Promise<void> {
    await waitUntil(async () => (await storedCounts(influx!.port, 'civic')).total >= n, 20000,
      () => `fewer than ${n} readings in InfluxDB${logs()}`, 200);
  }

  it('stores every reading once, evaluates each device on one worker, and moves alert state on takeover', async () => {
    const owner = (id: string) => (workerOf(id, 2) === 0 ? 'A' : 'B');
    const expected = expectedAlerts(sim, times, rules);
    const expectedTotal = [...expected.values()].reduce((n, e) => n + e.length, 0);
    const expectedBefore = expectedAlerts(sim, times.slice(0, TAKEOVER_AFTER), rules);

    // --- two workers ---
    for (let r = 0; r < TAKEOVER_AFTER; r++) await runRound(r);

    // --- takeover right after the last round was routed, while the alert stages may still be busy with it: drain A
    // and B (every routed reading evaluated, every event out), stop both, merge A's context into B's, restart B as
    // the only worker. Without the drain, events still between nodes at the stop were lost (issue 15, part 6). ---
    const drained = await Promise.all([a.drain(), b.drain()]);
    assert.deepStrictEqual(drained.map((d) => d.drained), [true, true]);
    await a.stop('SIGTERM');
    await b.stop('SIGTERM');
    const merged = mergeContextDirs(b.contextDir, [a.contextDir]);
    assert.deepStrictEqual(merged, ['scale/alert.json'], 'the greenhouse-alert context file is the state that moves');
    await b.start({ index: 0, count: 1 });

    for (let r = TAKEOVER_AFTER; r < ROUNDS; r++) await runRound(r);
    await stored(DEVICES * ROUNDS);
    await waitUntil(() => observer.alerts.length >= expectedTotal, 10000, () => `${observer.alerts.length} of ${expectedTotal} alerts${logs()}`);
    await new Promise((r) => setTimeout(r, 500));                  // a duplicate would arrive now

    // every reading stored exactly once (a second copy from the other worker would be a second series)
    const after = await storedCounts(influx!.port, 'civic');
    assert.ok((after.perWorker.get('A') ?? 0) > 0 && (after.perWorker.get('B') ?? 0) > 0,
      `the shared subscription spread decoding and storage over both workers: ${JSON.stringify([...after.perWorker])}`);
    assert.strictEqual(after.total, DEVICES * ROUNDS);
    assert.strictEqual(after.perDevice.size, DEVICES);
    for (const [device, n] of after.perDevice) assert.strictEqual(n, ROUNDS, `${device} stored ${n} times for ${ROUNDS} readings`);
    assert.deepStrictEqual(observer.strays, [], 'no worker received another worker\'s partitions');

    // per device: the events of one uninterrupted engine, from exactly one worker at a time
    const seen = new Map<string, AlertSeen[]>();
    for (const e of observer.alerts) seen.set(e.deviceId, [...(seen.get(e.deviceId) ?? []), e]);
    for (const [device, want] of expected) {
      const got = (seen.get(device) ?? []).slice().sort((x, y) => x.time - y.time);
      assert.deepStrictEqual(got.map((e) => `${e.state}@${e.time}`), want, `alert lifecycle of ${device}`);
      const cut = times[TAKEOVER_AFTER];
      assert.ok(got.every((e) => e.worker === (e.time < cut ? owner(device) : 'B')), `${device}: one worker at a time`);
    }

    // the scenario exercised what could go wrong: A's devices that were firing at the takeover and resolved on B
    const firingAtTakeover = [...expectedBefore].filter(([id, ev]) => owner(id) === 'A' && ev.length > 0 && ev[ev.length - 1].startsWith('firing'));
    const resolvedOnB = firingAtTakeover.filter(([id]) => (seen.get(id) ?? []).some((e) => e.worker === 'B' && e.state === 'resolved'));
    assert.ok(firingAtTakeover.length > 0 && resolvedOnB.length > 0,
      `coverage: ${firingAtTakeover.length} of A's devices firing at the takeover, ${resolvedOnB.length} resolved by B`);
  });
});
