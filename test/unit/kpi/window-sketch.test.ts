// window-stats percentiles against the reference: @datadog/sketches-js's DDSketch fed the same values one by one
// (Masson, Rim & Lee, VLDB 2019). The compact bins must answer exactly what the library answers, whatever the values
// (negative, zero, spread over thousands of bins, drifting), through sliding merges and a restart.
import assert from 'assert';
import { DDSketch } from '@datadog/sketches-js';
import { WindowStats } from '../../../lib/kpi';

const T0 = Date.parse('2025-05-01T10:00:00+09:00');
const min = (x: number) => x * 60_000;
const QS = [0, 1, 5, 25, 50, 75, 90, 95, 99, 100];

/** A repeatable generator (Park–Miller): the test sees the same values on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

/** What the library answers for `values`, clamped to the exact min and max as window-stats does. */
function reference(values: number[], accuracy = 0.01): number[] {
  const sk = new DDSketch({ relativeAccuracy: accuracy });
  for (const v of values) sk.accept(v);
  const lo = Math.min(...values), hi = Math.max(...values);
  return QS.map((q) => Math.min(hi, Math.max(lo, sk.getValueAtQuantile(q / 100))));
}

/** x moved by n units in the last place (n < 0: down). */
function ulps(x: number, n: number): number {
  const f = new Float64Array([x]), b = new BigInt64Array(f.buffer);
  b[0] += BigInt(n) * (x > 0 ? 1n : -1n);
  return f[0];
}

const series: Record<string, (r: () => number, i: number) => number> = {
  'a drifting greenhouse temperature': (r, i) => Math.round((18 + 10 * Math.sin(i / 300) + r()) * 10) / 10,
  'winter values around zero (negative, zero, positive)': (r) => Math.round((r() * 8 - 4) * 2) / 2,
  'values over many decades (thousands of bins)': (r) => 10 ** (r() * 60 - 30) * (r() < 0.3 ? -1 : 1),
  'a counter that only grows': (_r, i) => i * 3 + 1,
};

describe('kpi window statistics: percentiles equal the reference DDSketch', () => {
  for (const [name, gen] of Object.entries(series)) {
    it(`tumbling: ${name}`, () => {
      const r = random(7);
      const values = Array.from({ length: 5000 }, (_v, i) => gen(r, i));
      const w = new WindowStats({ unit: 'hour', percentiles: QS });
      values.forEach((v, i) => w.add('a', T0 + i, { v, w: -v }, T0));
      const [res] = w.flush();
      assert.deepStrictEqual(QS.map((q) => res.metrics.v[`p${q}`]), reference(values));
      assert.deepStrictEqual(QS.map((q) => res.metrics.w[`p${q}`]), reference(values.map((v) => -v)));
    });
  }

  it('values at and next to the bins\' bounds, each reached from a neighbouring bin, get the library\'s bins', () => {
    // window-stats places a value next to its metric's last bin by comparing it with a table of bin bounds, and keeps
    // away from the bounds by a guard; the library computes ceil(log2(x)·m): the two must agree within ulps of a bound
    const mult = (new DDSketch({ relativeAccuracy: 0.01 }).mapping as unknown as { _multiplier: number })._multiplier;
    const w = new WindowStats({ unit: 'hour', percentiles: QS });
    const cases: number[][] = [];
    for (let k = -300; k <= 300; k += 7) {                        // bounds from 2^−8.7 to 2^8.7
      const u = 2 ** (k / mult);
      const near = [u, ...[1, 2, 3].flatMap((n) => [ulps(u, n), ulps(u, -n)]),
        ...[1e-10, 1e-9, 2e-9, 1e-8].flatMap((e) => [u * (1 + e), u * (1 - e)]), ulps(u * (1 + 1e-9), 1), ulps(u * (1 - 1e-9), -1)];
      for (const b of near) for (const from of [u / 1.01, u * 1.01]) for (const sign of [1, -1]) {
        cases.push([b / 4, b * 4, from, b].map((x) => sign * x));    // `from` (a neighbour bin) just before b
      }
    }
    cases.forEach((values, t) => values.forEach((v, i) => w.add(`t${t}`, T0 + i, { v }, T0)));
    const results = w.flush();
    assert.strictEqual(results.length, cases.length);
    results.forEach((res, t) => assert.deepStrictEqual(QS.map((q) => res.metrics.v[`p${q}`]), reference(cases[t]), `case ${cases[t]}`));
  });

  it('bin counters grow from bytes to 16, 32 and 64 bits without losing a count', () => {
    const values = Array.from({ length: 70_000 }, (_v, i) => (i % 1000 === 0 ? 20 + (i % 7) : 21.5));
    const w = new WindowStats({ unit: 'hour', percentiles: QS });
    values.forEach((v, i) => w.add('a', T0 + (i % 3_000_000), { v }, T0));
    const snap = w.snapshot();
    const [res] = w.flush();
    assert.deepStrictEqual(QS.map((q) => res.metrics.v[`p${q}`]), reference(values));
    const bins = snap.topics.a.panes[0].k?.[0]?.p as number[];
    assert.strictEqual(bins[0], 70_000);
    // a bin over 2³² restored from a saved state: Float64 counters, and the next value still counts
    const key = bins[1];
    const saved = JSON.parse(JSON.stringify(snap)) as typeof snap;
    const pane = saved.topics.a.panes[0];
    pane.n = 5e9; pane.v[0] = 5e9;
    pane.k = [{ z: 0, p: [5e9, key, 5e9], q: [] }];
    const w2 = new WindowStats({ unit: 'hour', percentiles: QS });
    w2.restore(saved);
    w2.add('a', T0, { v: values[0] }, T0);
    assert.deepStrictEqual(w2.snapshot().topics.a.panes[0].k?.[0]?.p, [5e9 + 1, key, 5e9 + 1]);
  });

  it('sliding: the panes merged bin by bin, before and after a restart', () => {
    const r = random(11);
    const opts = { mode: 'sliding' as const, slidingMinutes: 5, percentiles: QS, percentileAccuracy: 2 };
    let w = new WindowStats(opts);
    const byMinute: number[][] = [];
    for (let m = 0; m < 12; m++) {
      byMinute.push([]);
      for (let i = 0; i < 200; i++) {
        const v = series['values over many decades (thousands of bins)'](r, i);
        byMinute[m].push(v);
        w.add('a', T0 + min(m) + i, { v }, T0 + min(m));
      }
      if (m === 6) {                                               // a restart in the middle of the stream
        const saved = JSON.parse(JSON.stringify(w.snapshot()));
        w = new WindowStats(opts);
        w.restore(saved);
      }
      const [res] = w.tick(T0 + min(m + 1));
      const window = byMinute.slice(-5).flat();
      assert.deepStrictEqual(QS.map((q) => res.metrics.v[`p${q}`]), reference(window, 0.02), `minute ${m}`);
    }
  });

  it('restores a state saved before the compact bins (library stores in JSON)', () => {
    const sk = new DDSketch({ relativeAccuracy: 0.01 });
    for (const v of [1, 2, 3, 4, 5]) sk.accept(v);
    const st = sk.store;
    const saved = { version: 2, dropped: { late: 0, overflow: 0 }, topics: { a: { closedUntil: '#-Infinity', late: 0, recent: [], panes: [{
      s: T0, e: T0 + min(1), n: 5, m: ['v'], v: [5, 3, 10, 1, 5, 15, 5, T0 + 4],
      k: [{ z: 0, p: [5, st.minKey, ...st.bins.slice(st.minKey - st.offset, st.maxKey - st.offset + 1)], q: [] }] }] } } };
    const w = new WindowStats({ percentiles: [50, 90] });
    w.restore(saved);
    const m = w.flush()[0].metrics.v;
    assert.deepStrictEqual([m.count, m.p50, m.p90], [5, sk.getValueAtQuantile(0.5), Math.min(5, sk.getValueAtQuantile(0.9))]);
  });
});
