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
