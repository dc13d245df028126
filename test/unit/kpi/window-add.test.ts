// The per-reading path of window-stats (WindowStats.add) against a plain reference: many topics over several windows,
// so that readings go through the panes' slab regions as well as through panes of their own, with keys in changing
// orders, metrics that appear late, and values that are not finite numbers. Every statistic must equal the one
// computed directly from the accepted values, and every percentile what @datadog/sketches-js's DDSketch answers for
// them (Masson, Rim & Lee, VLDB 2019).
import assert from 'assert';
import { DDSketch } from '@datadog/sketches-js';
import { WindowStats } from '../../../lib/kpi';

const T0 = Date.parse('2025-05-01T10:00:00+09:00');
const HOUR = 3_600_000;
const TOPICS = 40;
const PCTS = [0, 10, 50, 90, 100];

/** A repeatable generator (Park–Miller). */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

interface Ref { values: number[]; lastTs: number; last: number }

/** What the statistics of `r` must be: direct sums, and the library's percentiles clamped to min and max. */
function expected(r: Ref): Record<string, number> {
  const n = r.values.length, sum = r.values.reduce((s, v) => s + v, 0);
  const lo = Math.min(...r.values), hi = Math.max(...r.values);
  const sk = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of r.values) sk.accept(v);
  const out: Record<string, number> = { count: n, min: lo, max: hi, last: r.last };
  for (const p of PCTS) out[`p${p}`] = Math.min(hi, Math.max(lo, sk.getValueAtQuantile(p / 100)));
  out.sum = sum;
  return out;
}

describe('kpi window statistics: the per-reading path', () => {
  it('equals a direct computation and the library sketch over topics, windows, key orders and bad values', () => {
    const r = random(11);
    const w = new WindowStats({ unit: 'hour', percentiles: PCTS });
    const refs = new Map<string, Ref>();            // by window start, topic and metric
    const results = [];
    const junk = ['12', NaN, Infinity, -Infinity, null, true, undefined, {}];
    for (let i = 0; i < 4 * 1200; i++) {
      const on = T0 + Math.floor((i * HOUR) / 1200);
      const ts = i % 7 === 3 && (on - T0) % HOUR >= 60_000 ? on - 60_000 : on;     // some readings out of order
      const topic = `t${Math.floor(r() * TOPICS)}`;
      const values: Record<string, unknown> = {};
      const names = ['air', 'soil', 'co2', 'volt'];
      if (i % 5 === 0) names.reverse();                                          // another key order now and then
      if (i > 2400) names.push('late');                                         // a metric that appears in window 3
      for (const name of names) {
        const kind = r();
        values[name] = kind < 0.05 ? junk[Math.floor(r() * junk.length)]
          : kind < 0.1 ? 0 : kind < 0.2 ? -Math.round(r() * 50) / 10 : Math.round((5 + 30 * r()) * 10) / 10;
      }
      results.push(...w.tick(ts));
      assert.strictEqual(w.add(topic, ts, values, ts), 'ok');
      const start = T0 + Math.floor((ts - T0) / HOUR) * HOUR;
      for (const [name, v] of Object.entries(values)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        const key = `${start}|${topic}|${name}`;
        const ref = refs.get(key) ?? { values: [], lastTs: -Infinity, last: NaN };
        ref.values.push(v);
        if (ts >= ref.lastTs) { ref.lastTs = ts; ref.last = v; }
        refs.set(key, ref);
      }
    }
    results.push(...w.flush());
    let checked = 0;
    for (const res of results) {
      for (const [name, m] of Object.entries(res.metrics)) {
        const ref = refs.get(`${res.start}|${res.topic}|${name}`);
        assert.ok(ref, `${res.topic} ${name}`);
        const want = expected(ref), got: Record<string, number> = {};
        for (const k of Object.keys(want)) got[k] = (m as unknown as Record<string, number>)[k];
        got.sum = Math.round(got.sum * 1e6) / 1e6; want.sum = Math.round(want.sum * 1e6) / 1e6;
        assert.deepStrictEqual(got, want, `${res.topic} ${name} ${new Date(res.start).toISOString()}`);
        assert.ok(Math.abs(m.mean - want.sum / want.count) < 1e-9, 'mean');
        checked++;
      }
    }
    assert.strictEqual(checked, refs.size, 'every metric of every window reported once');
    assert.ok(checked > 4 * TOPICS * 4, `${checked} metrics checked`);
  });
});
