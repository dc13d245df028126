// civic-alert rule engine throughput. (a) lib: AlertEngine over 10,000 devices × 8 rules (lifecycle,
// hysteresis, for-durations, repeats) beside hand-written if-chains testing the same 8 thresholds: with no state
// (the limit), remembering each device's last violations (the least a stateful chain does; target ≥ 0.3), and a
// hand-written lifecycle (for-duration and hysteresis per device and rule, what the engine does at its core).
// (b) the node in an embedded Node-RED beside a function node running the if-chain (target ≥ 3×). Neither forwards
// every reading (both send only alerts), so (b) counts completed inputs (done() via the onComplete hook) instead of
// sink arrivals. (c) memory per (device, rule) state.
import v8 from 'v8';
import vm from 'vm';
import { AlertEngine, parseRules, type RawRule } from '../lib/alerts';
import { median, report, startRuntime, type Runtime } from './harness';

const DEVICES = 10000;
const T0 = Date.parse('2026-05-10T12:00:00+09:00');
const STEP_MS = 6; // 10,000 devices → each device reports every 60 s

const RULES: RawRule[] = [
  { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, forMinutes: 10, repeatMinutes: 30 },
  { id: 'cold', metric: 'airTemperature', condition: 'below', threshold: 10, recovery: 11, forMinutes: 5, repeatMinutes: 30 },
  { id: 'humid', metric: 'airHumidity', condition: 'above', threshold: 85, recovery: 80, forMinutes: 30 },
  { id: 'deficit', metric: 'humidityDeficit', condition: 'outside', low: 3, high: 6, recovery: 0.3, forMinutes: 30 },
  { id: 'co2-high', metric: 'co2', condition: 'above', threshold: 1000, recovery: 900, forMinutes: 15 },
  { id: 'co2-low', metric: 'co2', condition: 'below', threshold: 350, recovery: 380, forMinutes: 30 },
  { id: 'dry', metric: 'soilMoisture', condition: 'below', threshold: 30, recovery: 33, forMinutes: 30 },
  { id: 'ec', metric: 'soilEC', condition: 'outside', low: 2, high: 4.5, recovery: 0.1, forMinutes: 60 },
];

/** The same 8 thresholds, no lifecycle: which rules are violated by this reading. */
function ifChain(p: Record<string, number>): number {
  let v = 0;
  if (p.airTemperature > 30) v |= 1;
  if (p.airTemperature < 10) v |= 2;
  if (p.airHumidity > 85) v |= 4;
  if (p.humidityDeficit < 3 || p.humidityDeficit > 6) v |= 8;
  if (p.co2 > 1000) v |= 16;
  if (p.co2 < 350) v |= 32;
  if (p.soilMoisture < 30) v |= 64;
  if (p.soilEC < 2 || p.soilEC > 4.5) v |= 128;
  return v;
}
/** A hand-written lifecycle per device: when each rule's condition began, and which rules are firing. */
interface LifeState { since: Float64Array; firing: number }

/** One rule of the hand-written lifecycle: 1 when it fires now, 2 when it resolves, 0 otherwise. */
function lifeRule(st: LifeState, k: number, trig: boolean, hold: boolean, forMs: number, t: number): number {
  const bit = 1 << k;
  if ((st.firing & bit) !== 0) {
    if (hold) return 0;
    st.firing &= ~bit;
    st.since[k] = -1;
    return 2;
  }
  if (!trig) { st.since[k] = -1; return 0; }
  if (st.since[k] < 0) st.since[k] = t;
  if (t - st.since[k] < forMs) return 0;
  st.firing |= bit;
  return 1;
}

/** The 8 rules of RULES with their for-durations and recovery levels, written out as a careful user would. */
function lifecycleChain(st: LifeState, p: Record<string, number>, t: number): number {
  const M = 60000;
  return lifeRule(st, 0, p.airTemperature > 30, p.airTemperature > 29, 10 * M, t)
    + lifeRule(st, 1, p.airTemperature < 10, p.airTemperature < 11, 5 * M, t)
    + lifeRule(st, 2, p.airHumidity > 85, p.airHumidity > 80, 30 * M, t)
    + lifeRule(st, 3, p.humidityDeficit < 3 || p.humidityDeficit > 6, p.humidityDeficit < 3.3 || p.humidityDeficit > 5.7, 30 * M, t)
    + lifeRule(st, 4, p.co2 > 1000, p.co2 > 900, 15 * M, t)
    + lifeRule(st, 5, p.co2 < 350, p.co2 < 380, 30 * M, t)
    + lifeRule(st, 6, p.soilMoisture < 30, p.soilMoisture < 33, 30 * M, t)
    + lifeRule(st, 7, p.soilEC < 2 || p.soilEC > 4.5, p.soilEC < 2.1 || p.soilEC > 4.4, 60 * M, t);
}

const IF_CHAIN_SOURCE = `const p = msg.payload; let v = 0;
if (p.airTemperature > 30) v |= 1;
if (p.airTemperature < 10) v |= 2;
if (p.airHumidity > 85) v |= 4;
if (p.humidityDeficit < 3 || p.humidityDeficit > 6) v |= 8;
if (p.co2 > 1000) v |= 16;
if (p.co2 < 350) v |= 32;
if (p.soilMoisture < 30) v |= 64;
if (p.soilEC < 2 || p.soilEC > 4.5) v |= 128;
if (v === 0) return null;
msg.violations = v;
return msg;`;

/** Pre-generated readings: mostly inside the bands, each device drifting out now and then (≈ 5 % of readings). */
const PAYLOADS: Array<Record<string, number>> = Array.from({ length: 50000 }, (_, i) => {
  const d = i % DEVICES;
  const wave = Math.sin((i / DEVICES) * 0.7 + d * 0.37);
  const hot = wave > 0.9 ? 8 : 0;
  return {
    airTemperature: Math.round((24 + 2 * wave + hot) * 10) / 10, airHumidity: 65 + Math.round(10 * wave),
    humidityDeficit: Math.round((4.5 + 1.2 * wave) * 100) / 100, co2: 600 + Math.round(200 * wave),
    soilMoisture: 40 + Math.round(8 * wave), soilEC: Math.round((3 + wave) * 100) / 100,
  };
});
const IDS = Array.from({ length: DEVICES }, (_, d) => `house-${d % 50}-dev-${d}`);
const HOUSES = Array.from({ length: DEVICES }, (_, d) => `house-${d % 50}`);

function gcFn(): () => void {
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Completed inputs per CPU-second at each node (done() counted by an onComplete hook), measured in turns like the
 * lib figures (warm-up, then a run of each node, `runs` times); the median per node.
 */
async function completions(rt: Runtime, nodeIds: string[], makeMsg: (i: number) => Record<string, unknown>,
  { perRun = 100000, runs = 7, warmup = 100000, batch = 1000 } = {}): Promise<Record<string, number>> {
  const { RED } = rt;
  let count = 0;
  let target = Infinity;
  let current = '';
  let onTarget: (() => void) | null = null;
  let next = 0;
  RED.hooks.add('onComplete.alertbench', (evt: { node: { id: string } }) => {
    if (evt.node.id === current && ++count >= target && onTarget) { const f = onTarget; onTarget = null; f(); }
  });
  const pump = (nodeId: string, n: number) => new Promise<number>((resolve) => {
    const node = RED.nodes.getNode(nodeId);
    current = nodeId;
    count = 0;
    target = n;
    const c0 = process.cpuUsage();
    onTarget = () => { const c = process.cpuUsage(c0); resolve(n / ((c.user + c.system) / 1e6)); };
    let sent = 0;
    const step = () => {
      const end = Math.min(n, sent + batch);
      for (; sent < end; sent++) node.receive(makeMsg(next++));
      if (sent < n) setImmediate(step);
    };
    step();
  });
  try {
    for (const id of nodeIds) await pump(id, warmup);
    const rates: Record<string, number[]> = Object.fromEntries(nodeIds.map((id) => [id, []]));
    for (let r = 0; r < runs; r++) for (const id of nodeIds) rates[id].push(await pump(id, perRun));
    return Object.fromEntries(nodeIds.map((id) => [id, median(rates[id])]));
  } finally {
    RED.hooks.remove('onComplete.alertbench');
  }
}

/**
 * Calls per CPU-second of each contender, measured in turns (a run of each, then again, `runs` times) so that a
 * busy machine slows them alike; the median per contender. CPU time of this process, not wall time: other work on
 * the machine does not count against whichever contender happened to run then.
 */
function interleaved(fns: Record<string, (i: number) => unknown>, { perRun = 500000, runs = 9, warmup = 300000 } = {}): Record<string, number> {
  const names = Object.keys(fns);
  const counters: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let sink: unknown;
  const run = (name: string, n: number) => {
    const f = fns[name];
    let i = counters[name];
    const c0 = process.cpuUsage();
    for (let k = 0; k < n; k++) sink = f(i++);
    const c = process.cpuUsage(c0);
    counters[name] = i;
    return n / ((c.user + c.system) / 1e6);
  };
  for (const n of names) run(n, warmup);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) for (const n of names) rates[n].push(run(n, perRun));
  if (sink === Symbol.for('never')) console.log('');
  return Object.fromEntries(names.map((n) => [n, median(rates[n])]));
}

async function main(): Promise<void> {
  const rules = parseRules(RULES);
  const engine = new AlertEngine(rules, { now: () => T0 });
  // the least any stateful rule needs: the if-chain plus one per-device lookup to remember what it saw
  const lastByDevice: Record<string, number> = {};
  for (const id of IDS) lastByDevice[id] = 0;
  const lives: Record<string, LifeState> = {};
  for (const id of IDS) lives[id] = { since: new Float64Array(8).fill(-1), firing: 0 };
  // each contender's own counter: time never goes back between its runs
  const rates = interleaved({
    chain: (i) => ifChain(PAYLOADS[i % PAYLOADS.length]),
    stateful: (i) => {
      const id = IDS[i % DEVICES];
      const v = ifChain(PAYLOADS[i % PAYLOADS.length]);
      if (lastByDevice[id] !== v) lastByDevice[id] = v;
      return v;
    },
    lifecycle: (i) => lifecycleChain(lives[IDS[i % DEVICES]], PAYLOADS[i % PAYLOADS.length], T0 + i * STEP_MS),
    engine: (i) => engine.ingestValues(IDS[i % DEVICES], HOUSES[i % DEVICES], T0 + i * STEP_MS, PAYLOADS[i % PAYLOADS.length]),
  });
  const { chain, stateful, lifecycle, engine: lib } = rates;
  report(`(a) lib: readings per CPU-second through ${DEVICES.toLocaleString('en-US')} devices × ${rules.length} rules (medians of 9 interleaved runs)`, [
    { name: 'hand-written if-chain, no state (limit)', value: chain, unit: 'readings/s' },
    { name: 'stateful if-chain (last violations per device)', value: stateful, unit: 'readings/s', baseline: 'hand-written if-chain, no state (limit)' },
    { name: 'hand-written lifecycle (for + hysteresis)', value: lifecycle, unit: 'readings/s', baseline: 'stateful if-chain (last violations per device)' },
    { name: 'AlertEngine.ingest', value: lib, unit: 'readings/s', baseline: 'stateful if-chain (last violations per device)', target: '≥ 0.3' },
    { name: 'AlertEngine vs hand-written lifecycle', value: lib, unit: 'readings/s', baseline: 'hand-written lifecycle (for + hysteresis)' },
  ]);
  console.log(`  open alerts at the end: ${engine.activeTable().length}, warnings: ${engine.warnings}`);
  // where the engine's time goes on this workload (docs/alerts.md#bench has the profile and how it was measured)
  console.log('  profile (indicative, loaded 2-core machine): a quiet reading ≈ 33 ns CPU against the stateful chain\'s 21 ns'
    + ' (the same device lookup, a call, the compiled thresholds); the ≈ 23 % of readings that open or close a pending'
    + ' alert ≈ 0.2 µs each (≈ 1,000 instructions; the track, its entry and the device\'s track array are cache misses)'
    + ' — the floor for a lifecycle kept per (device, rule) as JSON-able objects, about 0.35–0.4× the stateful chain');

  const rt = await startRuntime([
    { id: 'ga', type: 'civic-alert', version: 2, rules: RULES, lang: 'en-US', tickSeconds: 30, siteProperty: 'device.house', wires: [['sink1'], ['sink1']] },
    { id: 'sink1', type: 'bench-sink' },
    { id: 'fn', type: 'function', func: IF_CHAIN_SOURCE, outputs: 1, wires: [['sink2']] },
    { id: 'sink2', type: 'bench-sink' },
  ]);
  try {
    let k = 0;
    const make = (i: number) => {
      const d = i % DEVICES;
      return { topic: IDS[d], payload: PAYLOADS[i % PAYLOADS.length], timestamp: T0 + (k++) * STEP_MS,
        device: { id: IDS[d], house: HOUSES[d] } };
    };
    const { fn, ga: node } = await completions(rt, ['fn', 'ga'], make);
    report('(b) Node-RED: readings per CPU-second into one node (medians of 7 interleaved runs)', [
      { name: 'function node, if-chain', value: fn, unit: 'msg/s' },
      { name: 'civic-alert node', value: node, unit: 'msg/s', baseline: 'function node, if-chain', target: '≥ 3×' },
    ]);
  } finally {
    await rt.stop();
  }

  const gc = gcFn();
  const holder: AlertEngine[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  const fresh = new AlertEngine(rules, { now: () => T0 });
  holder.push(fresh);
  for (let d = 0; d < DEVICES; d++) {
    fresh.ingest({ deviceId: IDS[d], house: HOUSES[d], timestamp: T0 + d, payload: PAYLOADS[d] });
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const states = DEVICES * rules.length;
  const json = JSON.stringify(fresh.state).length;
  report(`(c) memory per (device, rule) state (${states.toLocaleString('en-US')} states)`, [
    { name: 'heap', value: (after - before) / states, unit: 'bytes' },
    { name: 'JSON in context store', value: json / states, unit: 'bytes' },
  ]);
  if (holder.length !== 1) console.log('');
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
