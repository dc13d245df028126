// window-stats throughput and memory. (a) lib: readings/s over 10,000 topics × 5 metrics in 1-hour tumbling windows
// (windows closed as the clock passes each hour), beside a minimal hand-written accumulator doing the same
// count/sum/min/max/Welford mean+M2/last per metric in fixed hour buckets (the limit; target ratio ≥ 0.5).
// (b) memory per topic (heap after GC) and state size for context.
import v8 from 'v8';
import vm from 'vm';
import { WindowStats } from '../lib/kpi';
import { libRate, report } from './harness';

const TOPICS = 10_000;
const METRICS = ['airTemperature', 'airHumidity', 'co2', 'soilMoisture', 'batteryVoltage'];
const T0 = Date.parse('2026-05-10T00:00:00+09:00');
const STEP = 5; // ms between readings: 10,000 topics report every 50 s, an hour holds ~72 readings per topic
const readings = Array.from({ length: TOPICS }, (_, t) => Object.fromEntries(METRICS.map((m, k) => [m, 20 + ((t * 7 + k * 13) % 50) / 10])));
const topics = Array.from({ length: TOPICS }, (_, t) => `house-${t >> 4}/dev-${t & 15}`);

/** The limit: per topic a Float64Array of [n, mean, m2, min, max, sum, last] × metrics, emitted at the hour. */
class MinimalAccumulator {
  private state = new Map<string, Float64Array>();
  private end = 0;
  emitted = 0;
  add(topic: string, ts: number, values: Record<string, number>): void {
    if (ts >= this.end) this.close(ts);
    let s = this.state.get(topic);
    if (!s) {
      s = new Float64Array(METRICS.length * 7);
      for (let k = 0; k < METRICS.length; k++) { s[k * 7 + 3] = Infinity; s[k * 7 + 4] = -Infinity; }
      this.state.set(topic, s);
    }
    for (let k = 0; k < METRICS.length; k++) {
      const v = values[METRICS[k]];
      const o = k * 7;
      const n = ++s[o];
      const d = v - s[o + 1];
      s[o + 1] += d / n;
      s[o + 2] += d * (v - s[o + 1]);
      if (v < s[o + 3]) s[o + 3] = v;
      if (v > s[o + 4]) s[o + 4] = v;
      s[o + 5] += v;
      s[o + 6] = v;
    }
  }
  private close(ts: number): void {
    for (const s of this.state.values()) if (s[0] > 0) this.emitted++;
    this.state.clear();
    this.end = Math.floor(ts / 3_600_000) * 3_600_000 + 3_600_000;
  }
}

function ours(options: ConstructorParameters<typeof WindowStats>[0]): (i: number) => unknown {
  const w = new WindowStats({ unit: 'hour', maxTopics: TOPICS * 2, ...options });
  let next = -Infinity;
  let emitted = 0;
  return (i: number) => {
    const ts = T0 + i * STEP;
    if (ts >= next) { // what the node's timer does at each close
      emitted += w.tick(ts).length;
      next = w.nextCloseAt() ?? ts + 1;
    }
    return w.add(topics[i % TOPICS], ts, readings[i % TOPICS], ts) === 'ok' ? emitted : -1;
  };
}

function heapPerTopic(build: () => unknown): number {
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  if (keep === Symbol.for('never')) console.log('');
  return (after - before) / TOPICS;
}

function filled(options: ConstructorParameters<typeof WindowStats>[0], perTopic: number): WindowStats {
  const w = new WindowStats({ unit: 'hour', maxTopics: TOPICS * 2, ...options });
  for (let i = 0; i < TOPICS * perTopic; i++) w.add(topics[i % TOPICS], T0 + i, readings[i % TOPICS], T0);
  return w;
}

/** Percentile accuracy of the node's default sketch (±1 %) on one window of 100,000 readings of a skewed day curve. */
function accuracy(): Array<{ name: string; value: number; unit: string; target?: string }> {
  const w = new WindowStats({ unit: 'hour', percentiles: [50, 90, 99] });
  const values: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const v = 12 + 18 * Math.sin((Math.PI * i) / 100_000) ** 3 + ((i * 7919) % 1000) / 1000;  // 12–31 °C, skewed
    values.push(v);
    w.add('a', T0 + (i % 3_000_000), { v }, T0);
  }
  const m = w.flush()[0].metrics.v;
  values.sort((x, y) => x - y);
  return [50, 90, 99].map((p) => {
    const exact = values[Math.floor((p / 100) * (values.length - 1))];
    return { name: `p${p} error vs exact (100,000 readings)`, value: (100 * Math.abs(m[`p${p}`] - exact)) / exact, unit: '% of the value', target: '≤ 1' };
  });
}

function main(): void {
  const limit = new MinimalAccumulator();
  const ranges = Object.fromEntries(METRICS.map((m) => [m, [0, 100] as [number, number]]));
  const opts = { perRun: 500_000, runs: 5, warmup: 300_000 };
  const limitRate = libRate((i) => limit.add(topics[i % TOPICS], T0 + i * STEP, readings[i % TOPICS]), opts);
  const plain = libRate(ours({ percentiles: [] }), opts);
  const inRange = libRate(ours({ percentiles: [], ranges }), opts);
  const pct = libRate(ours({ percentiles: [50, 90] }), opts);
  report(`(a) lib: window-stats readings/s, ${TOPICS.toLocaleString('en-US')} topics × ${METRICS.length} metrics, 1-hour windows (median of 5 runs)`, [
    { name: 'hand-written accumulator (limit)', value: limitRate, unit: 'readings/s' },
    { name: 'WindowStats, no percentiles', value: plain, unit: 'readings/s', baseline: 'hand-written accumulator (limit)', target: '≥ 0.5' },
    { name: 'WindowStats, + time in range', value: inRange, unit: 'readings/s', baseline: 'hand-written accumulator (limit)' },
    { name: 'WindowStats, node defaults (p50, p90)', value: pct, unit: 'readings/s', baseline: 'hand-written accumulator (limit)', target: '≥ 0.5' },
  ]);
  report('(a2) percentile accuracy of the DDSketch (node default ±1 %)', accuracy());

  const limitHeap = heapPerTopic(() => { const a = new MinimalAccumulator(); for (let i = 0; i < TOPICS; i++) a.add(topics[i], T0, readings[i]); return a; });
  const plainHeap = heapPerTopic(() => filled({ percentiles: [] }, 10));
  const withPct = heapPerTopic(() => filled({ percentiles: [50, 90] }, 200));
  const stateBytes = JSON.stringify(filled({ percentiles: [] }, 10).snapshot()).length / TOPICS;
  report(`(b) memory per topic (${METRICS.length} metrics, one open window; heap after GC)`, [
    { name: 'hand-written accumulator (limit)', value: limitHeap, unit: 'bytes/topic' },
    { name: 'WindowStats, no percentiles', value: plainHeap, unit: 'bytes/topic', baseline: 'hand-written accumulator (limit)', target: '≤ 4' },
    { name: 'WindowStats, node defaults (p50, p90 sketches)', value: withPct, unit: 'bytes/topic', baseline: 'hand-written accumulator (limit)' },
    { name: 'context state (JSON), no percentiles', value: stateBytes, unit: 'bytes/topic' },
  ]);
}

main();
