import assert from 'assert';
import { WindowStats, bucketOf } from '../../../lib/kpi';

const T0 = Date.parse('2025-05-01T10:00:00+09:00'); // a minute boundary in Tokyo
const s = (x: number) => x * 1000;
const min = (x: number) => x * 60_000;

describe('kpi window statistics', () => {
  it('tumbling minute windows emit on close with mean, min, max, sum, count, last, stddev', () => {
    const w = new WindowStats({ unit: 'minute' });
    for (const [t, v] of [[10, 10], [20, 20], [30, 30], [50, 40]]) assert.strictEqual(w.add('th-01', T0 + s(t), { airTemperature: v }, T0 + s(t)), 'ok');
    w.add('th-01', T0 + s(65), { airTemperature: 99 }, T0 + s(65));
    assert.deepStrictEqual(w.tick(T0 + s(59.999)), []);
    const [r, ...rest] = w.tick(T0 + s(60));
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([r.topic, r.start, r.end, r.count, r.kind], ['th-01', T0, T0 + s(60), 4, 'tumbling']);
    const m = r.metrics.airTemperature;
    assert.deepStrictEqual([m.count, m.mean, m.min, m.max, m.sum, m.last], [4, 25, 10, 40, 100, 40]);
    assert.ok(Math.abs(m.stddev - Math.sqrt(500 / 3)) < 1e-12); // sample stddev: Σ(x−25)² = 500, n−1 = 3
    assert.strictEqual(w.nextCloseAt(), T0 + s(120));
    assert.strictEqual(w.tick(T0 + s(120))[0].metrics.airTemperature.count, 1);
  });

  it('each metric separately; non-numbers are skipped; `last` follows the timestamp, not arrival', () => {
    const w = new WindowStats({ unit: 'minute' });
    w.add('a', T0 + s(40), { airTemperature: 21, co2: 600 }, T0 + s(41));
    w.add('a', T0 + s(10), { airTemperature: 19, co2: 'n/a' }, T0 + s(42));
    const r = w.tick(T0 + s(60))[0];
    assert.strictEqual(r.metrics.airTemperature.last, 21);
    assert.strictEqual(r.metrics.co2.count, 1);
  });

  it('day windows start at local midnight in Asia/Tokyo (15:00 UTC)', () => {
    const w = new WindowStats({ unit: 'day' });
    const before = Date.parse('2025-05-01T14:59:59Z'); // 23:59:59 JST on 1 May
    const after = Date.parse('2025-05-01T15:00:00Z');  // 00:00:00 JST on 2 May
    w.add('x', before, { v: 1 }, before);
    w.add('x', after, { v: 2 }, after);
    const out = w.tick(Date.parse('2025-05-02T15:00:00Z'));
    assert.deepStrictEqual(out.map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.metrics.v.sum]), [
      ['2025-04-30T15:00:00.000Z', '2025-05-01T15:00:00.000Z', 1],
      ['2025-05-01T15:00:00.000Z', '2025-05-02T15:00:00.000Z', 2]]);
  });

  it('follows the configured time zone (half-hour offsets, 23-hour DST days)', () => {
    const h = bucketOf(Date.parse('2025-05-01T10:10:00Z'), 'hour', 1, 'Asia/Kolkata');
    assert.strictEqual(new Date(h.start).toISOString(), '2025-05-01T09:30:00.000Z');
    const d = bucketOf(Date.parse('2025-03-09T12:00:00Z'), 'day', 1, 'America/New_York');
    assert.strictEqual((d.end - d.start) / 3_600_000, 23);
    const q = bucketOf(T0 + min(17), 'minute', 15, 'Asia/Tokyo');
    assert.deepStrictEqual([q.start, q.end], [T0 + min(15), T0 + min(30)]);
  });

  it('accepts late readings within the grace period, drops and counts them beyond', () => {
    const w = new WindowStats({ unit: 'minute', graceMs: s(30) });
    w.add('a', T0 + s(10), { v: 1 }, T0 + s(10));
    assert.strictEqual(w.add('a', T0 + s(55), { v: 2 }, T0 + s(80)), 'ok');     // 20 s after the end: within grace
    assert.deepStrictEqual(w.tick(T0 + s(89)), []);
    const [r] = w.tick(T0 + s(90));
    assert.strictEqual(r.metrics.v.count, 2);
    assert.strictEqual(w.add('a', T0 + s(58), { v: 3 }, T0 + s(91)), 'late');  // its window is closed
    assert.strictEqual(w.add('b', T0 + s(5), { v: 3 }, T0 + s(95)), 'late');   // new topic, but beyond the grace too
    w.add('a', T0 + s(70), { v: 4 }, T0 + s(92));
    const [next] = w.tick(T0 + s(150));
    assert.strictEqual(next.late, 1);
    assert.strictEqual(next.metrics.v.count, 1);
    assert.deepStrictEqual(w.dropped, { late: 2, overflow: 0 });
  });

  it('percentiles come from a DDSketch: within 1 % of the true value, clamped to the exact min and max', () => {
    const w = new WindowStats({ percentiles: [50, 90, 0, 100] });
    for (let i = 1; i <= 10; i++) w.add('a', T0 + s(i), { v: i }, T0);
    const m = w.flush()[0].metrics.v;
    // the sketch returns a value of rank ⌊p·(n−1)⌋ (5 and 9 here) within its relative accuracy (Masson et al. 2019)
    assert.ok(Math.abs(m.p50 - 5) <= 0.01 * 5, `p50 ${m.p50}`);
    assert.ok(Math.abs(m.p90 - 9) <= 0.01 * 9, `p90 ${m.p90}`);
    assert.deepStrictEqual([m.p0, m.p100], [1, 10]);
  });

  it('percentiles of 100,000 readings: bounded state, each within the chosen accuracy of the exact quantile', () => {
    const w = new WindowStats({ unit: 'hour', percentiles: [50, 90, 99], percentileAccuracy: 0.5 });
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = 15 + ((i * 7919) % 100_000) / 5_000;               // 15–35 °C, spread evenly
      values.push(v);
      w.add('a', T0 + (i % 3_000_000), { v }, T0);
    }
    assert.ok(JSON.stringify(w.snapshot()).length < 2000, 'the sketch, not the readings, is kept');
    const m = w.flush()[0].metrics.v;
    values.sort((x, y) => x - y);
    for (const p of [50, 90, 99]) {
      const exact = values[Math.floor((p / 100) * (values.length - 1))];
      assert.ok(Math.abs(m[`p${p}`] - exact) <= 0.005 * exact + 1e-9, `p${p} ${m[`p${p}`]} vs ${exact}`);
    }
  });

  it('counts readings per value of a categorical field (survey answers)', () => {
    const w = new WindowStats({ unit: 'day', maxDistinct: 3 });
    for (const answer of ['はい', 'いいえ', 'はい', 'どちらでもない', 'はい']) w.add('survey', T0, {}, T0, undefined, answer);
    let r = w.flush()[0];
    assert.deepStrictEqual(r.counts, { values: { はい: 3, いいえ: 1, どちらでもない: 1 }, total: 5, capped: false });
    const next = T0 + 86_400_000;
    for (const answer of ['a', 'b', 'c', 'd']) w.add('survey', next, {}, next, undefined, answer);
    r = w.flush()[0];
    assert.deepStrictEqual([r.counts?.total, r.counts?.capped], [3, true]);
  });

  it('time in range: each value held until the next reading, the last until window end', () => {
    const w = new WindowStats({ ranges: { airTemperature: [18, 27] } });
    w.add('a', T0, { airTemperature: 20 }, T0);            // in range for 30 s
    w.add('a', T0 + s(30), { airTemperature: 30 }, T0);    // out of range for 15 s
    w.add('a', T0 + s(45), { airTemperature: 27 }, T0);    // in range (inclusive) for 15 s, held to the end
    const m = w.tick(T0 + s(60))[0].metrics.airTemperature;
    assert.strictEqual(m.timeInRange, 0.75);
    assert.strictEqual(m.inRange, 2 / 3);
  });

  it('counts distinct values of a field (how many farmers reported)', () => {
    const w = new WindowStats({ unit: 'day', maxDistinct: 2 });
    w.add('all', T0, { kg: 3 }, T0, 'farmer-1');
    w.add('all', T0 + 1, { kg: 3 }, T0, 'farmer-2');
    w.add('all', T0 + 2, { kg: 3 }, T0, 'farmer-1');
    let r = w.flush()[0];
    assert.deepStrictEqual(r.distinct, { count: 2, capped: false });
    const day2 = T0 + min(24 * 60); // the flushed day is closed: later readings go to the next day
    assert.strictEqual(w.add('all', T0 + 3, {}, T0, 'farmer-1'), 'late');
    w.add('all', day2 + 3, {}, day2, 'farmer-1');
    w.add('all', day2 + 4, {}, day2, 'farmer-2');
    w.add('all', day2 + 5, {}, day2, 'farmer-3');
    r = w.flush()[0];
    assert.deepStrictEqual(r.distinct, { count: 2, capped: true });
  });

  it('sliding windows of N minutes emit every minute over the last N minutes', () => {
    const w = new WindowStats({ mode: 'sliding', slidingMinutes: 3, percentiles: [50] });
    const out = [];
    for (let i = 0; i < 5; i++) {
      w.add('a', T0 + min(i) + s(30), { v: i }, T0 + min(i) + s(30));
      out.push(...w.tick(T0 + min(i + 1)));
    }
    assert.deepStrictEqual(out.map((r) => [(r.start - T0) / 60000, (r.end - T0) / 60000, r.metrics.v.sum, r.metrics.v.count]), [
      [-2, 1, 0, 1], [-1, 2, 1, 2], [0, 3, 3, 3], [1, 4, 6, 3], [2, 5, 9, 3]]);
    assert.strictEqual(out[4].metrics.v.mean, 3);
    assert.strictEqual(out[4].metrics.v.stddev, 1);
    assert.ok(Math.abs(out[4].metrics.v.p50 - 3) <= 0.03, 'p50 of the merged pane sketches');
    assert.strictEqual(out[4].kind, 'sliding');
  });

  it('sliding windows keep the negative values of every pane in their percentiles (winter temperatures)', () => {
    // DDSketch keeps values below zero in a store of their own; merging panes must merge that store too
    const w = new WindowStats({ mode: 'sliding', slidingMinutes: 3, percentiles: [50, 90] });
    const out = [];
    for (let i = 0; i < 3; i++) {
      for (const v of [-5 + i, -4.5 + i]) w.add('a', T0 + min(i) + s(30), { v }, T0 + min(i) + s(30));
      out.push(...w.tick(T0 + min(i + 1)));
    }
    const m = out[2].metrics.v;                                 // -5, -4.5, -4, -3.5, -3, -2.5: rank 2 and rank 4
    assert.strictEqual(m.count, 6);
    assert.ok(Math.abs(m.p50 - -4) <= 0.04, `p50 ${m.p50}`);
    assert.ok(Math.abs(m.p90 - -3) <= 0.03, `p90 ${m.p90}`);
  });

  it('each tumbling window starts from nothing: the next window of every topic shows only its own readings', () => {
    // closed panes hand their arrays to the next ones: nothing of the previous window may show through
    const w = new WindowStats({ percentiles: [50, 90] });
    const feed = (m: number, vs: number[]) => {
      for (const topic of ['a', 'b', 'c']) vs.forEach((v, i) => w.add(topic, T0 + min(m) + s(i), { v, u: -v }, T0 + min(m) + s(i)));
    };
    feed(0, [100, 200, 300, 400]);
    assert.strictEqual(w.tick(T0 + min(1)).length, 3);
    feed(1, [-2, 2, 4, 6, 8]);
    const out = w.tick(T0 + min(2));
    assert.deepStrictEqual(out.map((r) => r.topic).sort(), ['a', 'b', 'c']);
    for (const r of out) {
      assert.deepStrictEqual([r.count, r.metrics.v.count, r.metrics.v.min, r.metrics.v.max, r.metrics.v.sum], [5, 5, -2, 8, 18]);
      // DDSketch takes rank floor(q·(n − 1)): p50 is the 3rd value, p90 the 4th (of u = −v sorted: −8, −6, −4, −2, 2), ±1 %
      assert.ok(Math.abs(r.metrics.v.p50 - 4) <= 0.04 && Math.abs(r.metrics.v.p90 - 6) <= 0.06, JSON.stringify(r.metrics));
      assert.ok(Math.abs(r.metrics.u.p90 - -2) <= 0.02, JSON.stringify(r.metrics));
    }
  });

  it('a restart restores the state: same results as without the restart', () => {
    const feed = (w: WindowStats, from: number, to: number) => {
      for (let i = from; i < to; i++) w.add(`dev-${i % 3}`, T0 + s(i * 7), { v: i % 11, u: i - 5 }, T0 + s(i * 7), `f${i % 4}`, `c${i % 2}`);
    };
    const opts = { unit: 'minute' as const, graceMs: s(10), percentiles: [50, 90], ranges: { v: [2, 8] as [number, number] } };
    const straight = new WindowStats(opts);
    feed(straight, 0, 20);
    const first = new WindowStats(opts);
    feed(first, 0, 9);
    const restarted = new WindowStats(opts);
    restarted.restore(JSON.parse(JSON.stringify(first.snapshot())));
    feed(restarted, 9, 20);
    const end = T0 + min(10);
    assert.deepStrictEqual(restarted.tick(end), straight.tick(end));
    assert.strictEqual(restarted.topicCount, 0); // closed topics are forgotten
  });

  it('memory is bounded by topics × metrics, not by readings', () => {
    const w = new WindowStats({ unit: 'hour', maxTopics: 2 });
    for (let i = 0; i < 10_000; i++) w.add('a', T0 + i, { v: i }, T0);
    const snap = w.snapshot();
    assert.strictEqual(snap.topics.a.panes.length, 1);
    assert.strictEqual(JSON.stringify(snap).length < 1000, true);
    w.add('b', T0, { v: 1 }, T0);
    assert.strictEqual(w.add('c', T0, { v: 1 }, T0), 'overflow');
    assert.strictEqual(w.topicCount, 2);
  });

  it('restore ignores unreadable state', () => {
    const w = new WindowStats();
    w.restore({ version: 99 });
    w.restore('garbage');
    assert.strictEqual(w.topicCount, 0);
  });
});
