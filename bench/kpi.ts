// window-stats throughput and memory. (a) lib: readings/s over 10,000 topics × 5 metrics in 1-hour tumbling windows,
// beside a minimal hand-written accumulator doing the same count/sum/min/max/Welford mean+M2/last per metric in fixed
// hour buckets (the limit; target ratio ≥ 0.5 with the node's defaults, p50 and p90). Readings vary as a greenhouse's
// do (a day curve, sensor noise and resolution), the clock runs on through the runs and each run holds one hour, so
// every run closes one window per topic: closing and the percentile answers are part of the cost. (b) memory per topic
// in the steady state (heap and typed-array buffers after GC, half-way through the second window; target ≤ 4×).
// The instruction counts behind these ratios (repeatable on a loaded machine): `npm run bench:instructions`.
import v8 from 'v8';
import vm from 'vm';
import { WindowStats } from '../lib/kpi';
import { libRate, report } from './harness';

const TOPICS = 10_000;
const METRICS = ['airTemperature', 'airHumidity', 'co2', 'soilMoisture', 'batteryVoltage'];
const T0 = Date.parse('2026-05-10T00:00:00+09:00');
const STEP = 5;                   // ms between readings: each topic reports every 50 s, an hour holds 72 readings per topic
const HOUR = 3_600_000 / STEP;    // readings per window over all topics
const topics = Array.from({ length: TOPICS }, (_, t) => `house-${t >> 4}/dev-${t & 15}`);

/** 4,096 readings along a greenhouse day (50 s apart), with noise at each sensor's resolution; topic t starts at 37·t. */
const DAY = (() => {
  let x = 12345;
  const noise = () => ((x = (x * 48271) % 2147483647) / 2147483647 - 0.5) * 2;
  const round = (v: number, step: number) => Math.round(v / step) * step;
  return Array.from({ length: 4096 }, (_, j) => {
    const day = Math.sin((2 * Math.PI * j * 50) / 86_400);
    return {
      airTemperature: round(22 + 6 * day + 0.3 * noise(), 0.1), airHumidity: round(70 - 15 * day + noise(), 0.5),
      co2: round(600 - 150 * day + 20 * noise(), 1), soilMoisture: round(30 - 2 * day + 0.2 * noise(), 0.1),
      batteryVoltage: round(3.45 + 0.01 * noise(), 0.01),
    };
  });
})();
const reading = (i: number) => DAY[(Math.floor(i / TOPICS) + (i % TOPICS) * 37) & 4095];

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

/** One reading per call, the clock running on across calls (the caller's index is ignored). */
function limitFeed(): (i: number) => unknown {
  const a = new MinimalAccumulator();
  let i = 0;
  return () => { a.add(topics[i % TOPICS], T0 + i * STEP, reading(i)); i++; return a; };
}

/** The node's use of WindowStats: add each reading, and close windows as its timer does. */
function oursFeed(options: ConstructorParameters<typeof WindowStats>[0]): (i: number) => unknown {
  const w = new WindowStats({ unit: 'hour', maxTopics: TOPICS * 2, ...options });
  let next = -Infinity;
  let emitted = 0;
  let i = 0;
  return () => {
    const ts = T0 + i * STEP;
    if (ts >= next) {
      emitted += w.tick(ts).length;
      next = w.nextCloseAt() ?? ts + 1;
    }
    const r = w.add(topics[i % TOPICS], ts, reading(i), ts);
    i++;
    return r === 'ok' ? emitted : -1;
  };
}

/** Readings per second and CPU µs per reading (process CPU time: what a loaded machine disturbs least). */
function rateAndCpu(feed: (i: number) => unknown): { rate: number; cpu: number } {
  const c0 = process.cpuUsage();
  const opts = { perRun: HOUR, runs: 5, warmup: HOUR };
  const rate = libRate(feed, opts);
  const c = process.cpuUsage(c0);
  return { rate, cpu: (c.user + c.system) / (HOUR * (opts.runs + 1)) };
}

function steadyBytesPerTopic(feed: () => (i: number) => unknown): number {
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc(); gc();
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const before = used();
  const f = feed();
  for (let i = 0; i < HOUR * 1.5; i++) f(i);                 // one window closed, the next half full
  gc(); gc();
  const after = used();
  if (f === undefined) console.log('');
  return (after - before) / TOPICS;
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
  const ranges = Object.fromEntries(METRICS.map((m) => [m, [0, 100] as [number, number]]));
  const limit = rateAndCpu(limitFeed());
  const plain = rateAndCpu(oursFeed({ percentiles: [] }));
  const inRange = rateAndCpu(oursFeed({ percentiles: [], ranges }));
  const pct = rateAndCpu(oursFeed({ percentiles: [50, 90] }));
  const L = 'hand-written accumulator (limit)';
  report(`(a) lib: window-stats readings/s, ${TOPICS.toLocaleString('en-US')} topics × ${METRICS.length} metrics, 1-hour windows, one window closed per run (median of 5 runs)`, [
    { name: L, value: limit.rate, unit: 'readings/s' },
    { name: 'WindowStats, no percentiles', value: plain.rate, unit: 'readings/s', baseline: L, target: '≥ 0.5' },
    { name: 'WindowStats, + time in range', value: inRange.rate, unit: 'readings/s', baseline: L },
    { name: 'WindowStats, node defaults (p50, p90)', value: pct.rate, unit: 'readings/s', baseline: L, target: '≥ 0.5' },
  ]);
  const cpu = (x: { cpu: number }) => `${(x.cpu * 1000).toFixed(0)} ns (${(limit.cpu / x.cpu).toFixed(2)}×)`;
  console.log(`  CPU per reading: limit ${(limit.cpu * 1000).toFixed(0)} ns; no percentiles ${cpu(plain)}; time in range ${cpu(inRange)}; defaults ${cpu(pct)}`);
  report('(a2) percentile accuracy of the DDSketch (node default ±1 %)', accuracy());

  const limitBytes = steadyBytesPerTopic(limitFeed);
  report(`(b) memory per topic (${METRICS.length} metrics; heap + typed-array buffers after GC, steady state mid-window)`, [
    { name: L, value: limitBytes, unit: 'bytes/topic' },
    { name: 'WindowStats, no percentiles', value: steadyBytesPerTopic(() => oursFeed({ percentiles: [] })), unit: 'bytes/topic', baseline: L, target: '≤ 4' },
    { name: 'WindowStats, node defaults (p50, p90)', value: steadyBytesPerTopic(() => oursFeed({ percentiles: [50, 90] })), unit: 'bytes/topic', baseline: L, target: '≤ 4' },
  ]);
}

main();
