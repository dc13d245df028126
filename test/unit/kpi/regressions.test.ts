// Regressions found by the robustness suite (test/robustness): values String()/Number() throw on, times beyond
// the Date range, sparse arrays. Each must be a translatable CivicError, never a TypeError/RangeError.
import assert from 'assert';
import { lifeTable, rowsFromObjects, KpiBoard, CITY_KPIS, toEpoch, normaliseSex } from '../../../lib/kpi';
import { isCivicError } from '../../../lib/errors';

const civic = (fn: () => unknown): string => {
  try { fn(); } catch (err) { assert.ok(isCivicError(err), `not a CivicError: ${String(err)}`); return err.key; }
  return 'no error';
};
const odd = () => JSON.parse('{"toString":"x","valueOf":1}') as unknown;

describe('kpi: malformed values are translatable errors', () => {
  it('toEpoch takes a number beyond ±8.64e15 ms (e.g. nanoseconds) as no time', () => {
    assert.strictEqual(toEpoch(1.7e18), undefined);
    assert.strictEqual(toEpoch(8.64e15), 8.64e15);
  });
  it('KpiBoard: a value or fiscal year without a usable toString, a nanosecond asOf', () => {
    const board = new KpiBoard(CITY_KPIS);
    assert.strictEqual(civic(() => board.update('smart-farming-entrants', odd(), undefined, Date.now())), 'civic-kpi-progress.errors.notNumber');
    const r = board.update('smart-farming-entrants', 5, 1.7e18, Date.parse('2025-06-01T00:00:00+09:00'), { fiscalYear: odd() });
    assert.strictEqual(r.fiscalYear, 2025);
  });
  it('life table: sparse rows, ages and counts that are objects without toString', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [{ age: '0', population: 10, deaths: 1 }, , { age: '5+', population: 10, deaths: 1 }];
    assert.notStrictEqual(civic(() => lifeTable(rowsFromObjects(sparse as unknown[]))), 'no error');
    assert.notStrictEqual(civic(() => lifeTable(rowsFromObjects([{ age: Object.create(null), population: 1, deaths: 0 }]))), 'no error');
    assert.strictEqual(civic(() => lifeTable(rowsFromObjects([{ age: '0', population: [Object.create(null)], deaths: 0 }, { age: '1+', population: 1, deaths: 1 }]))),
      'civic-health-expectancy.errors.notNumber');
    assert.strictEqual(normaliseSex(Object.create(null)), 'total');
    // a topic or a stray label never becomes a table key of its own (the node keeps earlier tables per sex)
    assert.deepStrictEqual(['男性', 'F', 'life-table', '総数', 'x'.repeat(50)].map(normaliseSex), ['male', 'female', 'total', 'total', 'total']);
  });
});
