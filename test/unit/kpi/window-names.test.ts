// Names from the data that are also names of Object.prototype ("__proto__", "constructor", "toString"): a metric, a
// counted value or a topic with such a name is one like any other. JSON.parse gives a payload an own "__proto__" key;
// written into a plain object with `o[k] = v` it would set the object's prototype instead, and the value would be lost.
import assert from 'assert';
import { WindowStats, flatten, parseRanges } from '../../../lib/kpi';
import { clonedStats, statsBuilder } from '../../../lib/kpi/window-result';

const T0 = Date.parse('2025-05-01T10:00:00+09:00');
const BASE = ['count', 'mean', 'min', 'max', 'sum', 'last', 'stddev'];
const reading = (json: string) => JSON.parse(json) as Record<string, unknown>;

describe('kpi window statistics: names that Object.prototype has too', () => {
  for (const options of [{}, { percentiles: [50, 90] }, { mode: 'sliding' as const, slidingMinutes: 2 }]) {
    it(`keeps a metric named "__proto__" as an own key of a plain object (${JSON.stringify(options)})`, () => {
      const w = new WindowStats({ unit: 'minute', ...options });
      w.add('a', T0, reading('{"__proto__": 5, "a": 1}'), T0);
      w.add('a', T0 + 61_000, reading('{"a": 2, "__proto__": 7}'), T0 + 61_000);
      for (const r of [...w.tick(T0 + 60_000), ...w.tick(T0 + 120_000)]) {
        assert.strictEqual(Object.getPrototypeOf(r.metrics), Object.prototype);
        assert.deepStrictEqual(Object.keys(r.metrics).sort(), ['__proto__', 'a']);
        const own = Object.getOwnPropertyDescriptor(r.metrics, '__proto__')?.value;
        assert.strictEqual(own.count, r.count);
        assert.ok(own.max >= 5);
      }
    });
  }

  it('gives a metric named "constructor" or "toString" the statistics of any metric (no range was set for it)', () => {
    for (const ranges of [undefined, { a: [0, 10] as [number, number] }]) {
      const w = new WindowStats({ unit: 'minute', ranges });
      w.add('a', T0, { constructor: 1, toString: 2, a: 3 }, T0);
      const m = w.flush()[0].metrics;
      assert.deepStrictEqual(Object.keys(m.constructor), BASE);
      assert.deepStrictEqual(Object.keys(m.toString), BASE);
      assert.strictEqual(m.a.inRange, ranges ? 1 : undefined);
    }
  });

  it('takes a time-in-range limit typed for a metric named "__proto__"', () => {
    const ranges = parseRanges('__proto__=1..2; a=0..10');
    assert.deepStrictEqual(Object.keys(ranges), ['__proto__', 'a']);
    const w = new WindowStats({ unit: 'minute', ranges });
    w.add('a', T0, reading('{"__proto__": 1.5, "a": 20}'), T0);
    const m = w.flush()[0].metrics;
    assert.strictEqual(Object.getOwnPropertyDescriptor(m, '__proto__')?.value.inRange, 1);
    assert.strictEqual(m.a.inRange, 0);
  });

  it('counts the answer "__proto__" like any other', () => {
    const w = new WindowStats({ unit: 'day' });
    for (const answer of ['__proto__', 'はい', '__proto__', 'constructor']) w.add('survey', T0, {}, T0, undefined, answer);
    const values = w.flush()[0].counts?.values as Record<string, number>;
    assert.strictEqual(Object.getPrototypeOf(values), Object.prototype);
    assert.deepStrictEqual(Object.entries(values), [['__proto__', 2], ['はい', 1], ['constructor', 1]]);
  });

  it('saves and restores a topic named "__proto__"', () => {
    const w = new WindowStats({ unit: 'minute', percentiles: [50] });
    w.add('__proto__', T0, { v: 3 }, T0);
    const restored = new WindowStats({ unit: 'minute', percentiles: [50] });
    restored.restore(JSON.parse(JSON.stringify(w.snapshot())));
    assert.deepStrictEqual(restored.flush(), w.flush());
    assert.strictEqual(restored.topicCount, 1);
  });

  it('flattens a metric named "__proto__" to its own keys', () => {
    const w = new WindowStats({ unit: 'minute' });
    w.add('a', T0, reading('{"__proto__": 4}'), T0);
    assert.strictEqual(flatten(w.flush()[0]).__proto___count, 1);
  });
});

describe('kpi window statistics: the statistics without generated code', () => {
  it('gives the same object, keys in the same order, as the generated builder', () => {
    for (const [keys, ranged] of [[['p50', 'p90'], false], [['p99.9'], true], [[], false]] as Array<[string[], boolean]>) {
      const args = [3, 2.5, 1, 4, 7.5, 4, 1.2, [2.4, 3.9], 0.5, null] as const;
      assert.deepStrictEqual(Object.entries(clonedStats(keys, ranged)(...args) as object), Object.entries(statsBuilder(keys, ranged)(...args) as object));
    }
  });
});
