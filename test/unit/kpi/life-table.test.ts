import assert from 'assert';
import { lifeTable, parseAgeGroup, rowsFromObjects, checkRows, type LifeTableInputRow } from '../../../lib/kpi';
import { isCivicError } from '../../../lib/errors';

// Worked example built by hand from docs/domain.md §5 (l0 = 100000, a = 0.5, L0 = 0.2·l0 + 0.8·l1, N = population):
//  age  P      D    unhealthy  π     m      q = n·m/(1+n(1−a)m)          l           d          L
//  0    1000   10   0          0     0.01   0.01/1.005   = 0.0099502488  100000      995.02488  20000 + 0.8·99004.97512 = 99203.98010
//  1-4  4000   8    40         0.01  0.002  0.008/1.004  = 0.0079681275  99004.97512 788.88426  2·(99004.97512 + 98216.09086) = 394442.13196
//  5-9  5000   5    100        0.02  0.001  0.005/1.0025 = 0.0049875312  98216.09086 489.85581  2.5·(98216.09086 + 97726.23505) = 489855.81478
//  10+  10000  500  2000       0.2   0.05   1 (open)                     97726.23505 97726.23505 l/m = 1954524.70100
// T from the bottom: 1954524.70100, 2444380.51578, 2838822.64774, 2938026.62784; e = T/l.
// Healthy L = (1−π)L: 99203.98010, 390497.71064, 480058.69848, 1563619.76080; HLE = Σ from x / l(x).
// Var(HLE) = Σ L²π(1−π)/N / l²: open group 1954524.70²·0.16/10000/97726.23505² = 0.0064 → SE 0.08.
const ROWS: LifeTableInputRow[] = [
  { age: '0', population: 1000, deaths: 10, unhealthy: 0 },
  { age: '1-4', population: 4000, deaths: 8, unhealthy: 40 },
  { age: '5-9', population: 5000, deaths: 5, unhealthy: 100 },
  { age: '10+', population: 10000, deaths: 500, unhealthy: 2000 },
];
const EXPECTED = [
  { m: 0.01, q: 0.009950248756, l: 100000, d: 995.0248756, L: 99203.9801, T: 2938026.628, e: 29.38026628, hle: 25.3338015, se: 0.07902428675, share: 0.862272699 },
  { m: 0.002, q: 0.00796812749, l: 99004.97512, d: 788.8842639, L: 394442.132, T: 2838822.648, e: 28.67353529, hle: 24.58640252, se: 0.07981850068, share: 0.8574597543 },
  { m: 0.001, q: 0.004987531172, l: 98216.09086, d: 489.8558148, L: 489855.8148, T: 2444380.516, e: 24.88778055, hle: 20.80798005, se: 0.08021116279, share: 0.8360721443 },
  { m: 0.05, q: 1, l: 97726.23505, d: 97726.23505, L: 1954524.701, T: 1954524.701, e: 20, hle: 16, se: 0.08, share: 0.8 },
];

/** Relative tolerance 1e-8 (the hand figures carry 10 significant digits). */
function close(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what} is null`);
  const tol = Math.max(1e-8 * Math.abs(expected), 1e-9);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: ${actual} ≠ ${expected}`);
}

function civicKey(fn: () => unknown): { key: string; params: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    assert.ok(isCivicError(err), `not a CivicError: ${String(err)}`);
    return { key: err.key, params: err.params };
  }
  assert.fail('no error thrown');
}

describe('kpi life table (abridged, Sullivan)', () => {
  it('reproduces every column of the hand-built worked example', () => {
    const table = lifeTable(ROWS);
    assert.strictEqual(table.length, 4);
    table.forEach((row, i) => {
      const x = EXPECTED[i];
      for (const k of ['m', 'q', 'l', 'd', 'L', 'T', 'e', 'hle', 'se'] as const) close(row[k], x[k], `${row.age} ${k}`);
      close(row.healthShare, x.share, `${row.age} share`);
      close(row.ciLow, x.hle - 1.96 * x.se, `${row.age} ciLow`);
      close(row.ciHigh, x.hle + 1.96 * x.se, `${row.age} ciHigh`);
    });
    assert.deepStrictEqual(table.map((r) => r.n), [1, 4, 5, null]);
    assert.deepStrictEqual(table.map((r) => r.prevalence), [0, 0.01, 0.02, 0.2]);
  });

  it('uses a0 for the first group and the a-based infant convention when asked', () => {
    // same deaths; π from a survey (N = 500, 400, 1000; age 0 N = population); a0 = 0.3, L0 = 0.7·l1 + 0.3·l0
    const rows = ROWS.map((r, i) => ({ age: r.age, population: r.population, deaths: r.deaths,
      prevalence: [0, 0.01, 0.02, 0.2][i], surveySize: [undefined, 500, 400, 1000][i] }));
    const t = lifeTable(rows, { a0: 0.3, infant: 'a' });
    close(t[0].q, 0.009930486594, 'q0'); // 0.01/(1 + 0.7·0.01)
    close(t[0].L, 99304.86594, 'L0');
    close(t[0].e, 29.38184179, 'e0');
    close(t[0].hle, 25.33529624, 'hle0');
    close(t[0].se, 0.250217952, 'se0');
    close(t[3].se, 0.2529822128, 'se open'); // 20·sqrt(0.16/1000)
  });

  it('gives no health columns when no row has health data, e(x) only', () => {
    const t = lifeTable(ROWS.map(({ unhealthy: _u, ...r }) => r));
    close(t[0].e, 29.38026628, 'e0');
    assert.strictEqual(t[0].hle, null);
    assert.strictEqual(t[0].se, null);
  });

  it('parses the age labels city files use', () => {
    assert.deepStrictEqual(parseAgeGroup('0'), { start: 0, open: false });
    assert.deepStrictEqual(parseAgeGroup('1-4'), { start: 1, end: 5, open: false });
    assert.deepStrictEqual(parseAgeGroup('1–4'), { start: 1, end: 5, open: false });
    assert.deepStrictEqual(parseAgeGroup('5～9歳'), { start: 5, end: 10, open: false });
    assert.deepStrictEqual(parseAgeGroup('85+'), { start: 85, open: true });
    assert.deepStrictEqual(parseAgeGroup('85-'), { start: 85, open: true });
    assert.deepStrictEqual(parseAgeGroup('85歳以上'), { start: 85, open: true });
    assert.deepStrictEqual(parseAgeGroup('８５歳以上'), { start: 85, open: true });
    assert.deepStrictEqual(parseAgeGroup(5), { start: 5, open: false });
    assert.strictEqual(parseAgeGroup('elderly'), undefined);
  });

  it('accepts bare numeric starts (width from the next row, the last one open)', () => {
    const t = lifeTable(ROWS.map((r, i) => ({ ...r, age: [0, 1, 5, 10][i] })));
    close(t[0].hle, 25.3338015, 'hle0');
  });

  it('reads CSV-parsed objects with Japanese headers and numbers as text', () => {
    const rows = rowsFromObjects([
      { 年齢階級: '0歳', 人口: '1,000', 死亡数: '10', 要介護2以上: '0' },
      { 年齢階級: '1～4歳', 人口: '4,000', 死亡数: '8', 要介護2以上: '40' },
      { 年齢階級: '5～9歳', 人口: '5000', 死亡数: '5', 要介護2以上: '100' },
      { 年齢階級: '10歳以上', 人口: '10000', 死亡数: '500', 要介護2以上: '2000' },
    ]);
    close(lifeTable(rows)[0].hle, 25.3338015, 'hle0');
  });

  it('KDB preset (registry): survey size and prevalence columns are ignored, N = population', () => {
    const objs = ROWS.map((r) => ({ ...r, surveySize: 10, prevalence: 0.9 }));
    const t = lifeTable(rowsFromObjects(objs, {}, true));
    close(t[0].se, 0.07902428675, 'se0');
  });

  it('uses the chosen prevalence column even when the table also has care level 2+ counts', () => {
    const objs = [
      { 年齢階級: '0', 人口: '1000', 死亡数: '10', 要介護2以上: '0', 制限あり割合: '0.1', 回答者数: '100' },
      { 年齢階級: '1-4', 人口: '4000', 死亡数: '8', 要介護2以上: '0', 制限あり割合: '0.1', 回答者数: '400' },
      { 年齢階級: '5+', 人口: '15000', 死亡数: '500', 要介護2以上: '0', 制限あり割合: '0.1', 回答者数: '1500' },
    ];
    const byCount = lifeTable(rowsFromObjects(objs))[0];
    const byPrevalence = lifeTable(rowsFromObjects(objs, { prevalence: '制限あり割合', surveySize: '回答者数' }))[0];
    close(byCount.hle as number, byCount.e, 'no one unhealthy by count');
    close(byPrevalence.hle as number, 0.9 * byPrevalence.e, 'a flat 10 % unhealthy leaves 90 % of life in health');
    assert.strictEqual(byPrevalence.surveySize, 100);
  });

  describe('rejects bad tables, naming the row', () => {
    const bad = (patch: (rows: LifeTableInputRow[]) => LifeTableInputRow[]) => civicKey(() => checkRows(patch(ROWS.map((r) => ({ ...r })))));
    it('missing group', () => {
      const e = bad((r) => [r[0], r[1], r[3]]);
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.missingGroup');
      assert.deepStrictEqual([e.params.row, e.params.from, e.params.to], [3, 5, 9]);
    });
    it('non-monotone ages', () => {
      const e = bad((r) => [r[0], r[2], r[1], r[3]]);
      // "0" is a bare start (width from the next row), so 0, 5-9 is fine and 1-4 after 5-9 goes backwards
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.notMonotone');
      assert.strictEqual(e.params.row, 3);
      const f = bad((r) => [r[0], r[1], r[2], { ...r[1], age: '5-9' }, r[3]]);
      assert.strictEqual(f.key, 'civic-health-expectancy.errors.notMonotone');
      assert.strictEqual(f.params.row, 4);
    });
    it('deaths > population', () => {
      const e = bad((r) => { r[2].deaths = 6000; return r; });
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.deathsOverPopulation');
      assert.strictEqual(e.params.row, 3);
      assert.strictEqual(e.params.age, '5-9');
    });
    it('prevalence outside 0–1', () => {
      const e = bad((r) => r.map((x, i) => ({ age: x.age, population: x.population, deaths: x.deaths, prevalence: i === 1 ? 1.2 : 0.1 })));
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.prevalenceRange');
      assert.strictEqual(e.params.row, 2);
    });
    it('negative counts and text that is not a number', () => {
      assert.strictEqual(bad((r) => { r[1].population = -4; return r; }).key, 'civic-health-expectancy.errors.negative');
      const e = bad((r) => { (r[1] as unknown as Record<string, unknown>).deaths = 'abc'; return r; });
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.notNumber');
      assert.strictEqual(e.params.field, 'deaths');
    });
    it('first group not 0, closed or early open groups, unknown labels, missing health data, empty input', () => {
      assert.strictEqual(bad((r) => r.slice(1)).key, 'civic-health-expectancy.errors.firstNotZero');
      assert.strictEqual(bad((r) => { r[3].age = '10-14'; return r; }).key, 'civic-health-expectancy.errors.lastNotOpen');
      assert.strictEqual(bad((r) => { r[1].age = '1+'; return r; }).key, 'civic-health-expectancy.errors.openNotLast');
      assert.strictEqual(bad((r) => { r[1].age = 'kids'; return r; }).key, 'civic-health-expectancy.errors.badAge');
      assert.strictEqual(bad((r) => { delete r[2].unhealthy; return r; }).params.row, 3);
      assert.strictEqual(bad(() => []).key, 'civic-health-expectancy.errors.noRows');
      assert.strictEqual(bad((r) => { r[3].deaths = 0; return r; }).key, 'civic-health-expectancy.errors.openNoDeaths');
      assert.strictEqual(bad((r) => { r[0].population = 0; r[0].deaths = 0; return r; }).key, 'civic-health-expectancy.errors.zeroPopulation');
    });
  });
});
