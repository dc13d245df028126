import assert from 'assert';
import { WindowStats, type WindowOptions } from '../../../lib/kpi';

// A topic forgotten at a tick keeps its state object until the next tick, and its next pane is laid out with its last
// pane's metrics (lib/kpi/window.ts, `parkedCount`): none of that may show in results, snapshots or the topic caps.
const T0 = Date.parse('2025-05-01T10:00:00+09:00'); // a minute boundary in Tokyo
const s = (x: number) => x * 1000;
const opts: WindowOptions = { unit: 'minute', percentiles: [50, 90], ranges: { b: [0, 5] } };

describe('kpi window statistics: a topic back in the next window', () => {
  for (const [label, next] of [
    ['the same metrics', [{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }]],
    ['another order', [{ c: 3, a: 1, b: 2 }, { a: 4, b: 5, c: 6 }]],
    ['fewer metrics', [{ a: 1 }, { a: 2, c: -7 }]],
    ['a skipped value first', [{ a: 'n/a', b: 2, c: 3 }, { a: 1, b: 0, c: 0 }]],
    ['no number at all first', [{ a: 'n/a' }, { b: 2 }]],
    ['a new metric', [{ a: 1, d: 9, b: 2, c: 3 }]],
  ] as Array<[string, Array<Record<string, unknown>>]>) {
    it(`answers and saves as a new topic would (${label})`, () => {
      const w = new WindowStats(opts);
      w.add('th-01', T0 + s(10), { a: 10, b: 20, c: 30 }, T0 + s(10));
      assert.strictEqual(w.tick(T0 + s(60)).length, 1);
      const fresh = new WindowStats(opts);
      next.forEach((values, i) => {
        const ts = T0 + s(70 + i);
        assert.strictEqual(w.add('th-01', ts, values, ts), fresh.add('th-01', ts, values, ts));
      });
      assert.deepStrictEqual(w.snapshot(), fresh.snapshot());
      const [got, want] = [w.tick(T0 + s(120)), fresh.tick(T0 + s(120))];
      assert.deepStrictEqual(got, want);
      assert.deepStrictEqual(got.map((r) => Object.keys(r.metrics)), want.map((r) => Object.keys(r.metrics)));
    });
  }

  it('is forgotten after the tick, counts against maxTopics only when back, and is gone after the next tick', () => {
    const w = new WindowStats({ unit: 'minute', maxTopics: 2 });
    w.add('a', T0, { v: 1 }, T0);
    w.add('b', T0, { v: 1 }, T0);
    assert.strictEqual(w.tick(T0 + s(60)).length, 2);
    assert.strictEqual(w.topicCount, 0);
    assert.deepStrictEqual(w.snapshot().topics, {});
    assert.strictEqual(w.add('c', T0 + s(61), { v: 1 }, T0 + s(61)), 'ok');
    assert.strictEqual(w.add('a', T0 + s(62), { v: 2 }, T0 + s(62)), 'ok');
    assert.strictEqual(w.add('b', T0 + s(63), { v: 3 }, T0 + s(63)), 'overflow');
    assert.strictEqual(w.topicCount, 2);
    assert.deepStrictEqual(Object.keys(w.snapshot().topics).sort(), ['a', 'c']);
    // results in the order the topics (re)started, as when a forgotten topic's state was deleted at once
    assert.deepStrictEqual(w.tick(T0 + s(120)).map((r) => [r.topic, r.metrics.v.sum]), [['c', 1], ['a', 2]]);
    assert.strictEqual(w.topicCount, 0);
    assert.strictEqual(w.tick(T0 + s(180)).length, 0);
    assert.strictEqual(w.add('d', T0 + s(181), { v: 1 }, T0 + s(181)), 'ok');
    assert.strictEqual(w.add('e', T0 + s(182), { v: 1 }, T0 + s(182)), 'ok');
    assert.strictEqual(w.add('b', T0 + s(183), { v: 1 }, T0 + s(183)), 'overflow');
  });
});

describe('kpi window statistics: a parked topic and ticks that close nothing', () => {
  // white box: the mechanism is invisible in results (the tests above), so its state map is looked at directly
  const held = (w: WindowStats, topic: string) => (w as unknown as { parked: Map<string, unknown> }).parked.has(topic);

  it('keeps a closed topic through a tick right after the closing, and drops it at a tick after the next window', () => {
    const w = new WindowStats({ unit: 'minute' });
    w.add('a', T0 + s(10), { v: 1 }, T0 + s(10));
    w.add('b', T0 + s(10), { v: 1 }, T0 + s(10));
    assert.strictEqual(w.tick(T0 + s(60)).length, 2);
    assert.strictEqual(w.tick(T0 + s(61)).length, 0);      // e.g. a timer run when nothing is open
    assert.strictEqual(w.topicCount, 0);
    assert.ok(held(w, 'a') && held(w, 'b'), 'parked topics are kept until the next window has closed');
    w.add('a', T0 + s(62), { v: 2 }, T0 + s(62));
    assert.ok(!held(w, 'a'), 'a topic back is no longer parked');
    assert.strictEqual(w.tick(T0 + s(119)).length, 0);
    assert.ok(held(w, 'b'));
    assert.deepStrictEqual(w.tick(T0 + s(120)).map((r) => [r.topic, r.metrics.v.sum]), [['a', 2]]);
    assert.ok(!held(w, 'b'), 'a topic not back within the next window is dropped');
    assert.strictEqual(w.topicCount, 0);
  });
});
