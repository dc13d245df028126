import assert from 'assert';
import { lifeTable, parseAgeGroup, rowsFromObjects, checkRows, splitTables, coaleDemenyA0, type LifeTableInputRow } from '../../../lib/kpi';
import { isCivicError } from '../../../lib/errors';

// Worked example built by hand (docs/domain.md §5; l0 = 100000, a = 0.5 everywhere, also for the first year: a0 given
// as 0.5 so that q0 = 0.01/1.005 and L0 = 0.5·l0 + 0.5·l1; N = population; prevalence variance only):
//  age  P      D    unhealthy  π     m      q = n·m/(1+n(1−a)m)          l           d          L
//  0    1000   10   0          0     0.01   0.01/1.005   = 0.0099502488  100000      995.02488  0.5·(100000 + 99004.97512) = 99502.48756
//  1-4  4000   8    40         0.01  0.002  0.008/1.004  = 0.0079681275  99004.97512 788.88426  2·(99004.97512 + 98216.09086) = 394442.13196
//  5-9  5000   5    100        0.02  0.001  0.005/1.0025 = 0.0049875312  98216.09086 489.85581  2.5·(98216.09086 + 97726.23505) = 489855.81478
//  10+  10000  500  2000       0.2   0.05   1 (open)                     97726.23505 97726.23505 l/m = 1954524.70100
// T from the bottom: 1954524.70100, 2444380.51578, 2838822.64774, 2938325.13530; e = T/l.
// Healthy L = (1−π)L: 99502.48756, 390497.71064, 480058.69848, 1563619.76080; HLE = Σ from x / l(x).
// Var(HLE) = Σ L²π(1−π)/N / l²: open group 1954524.70²·0.16/10000/97726.23505² = 0.0064 → SE 0.08.
const ROWS: LifeTableInputRow[] = [
  { age: '0', population: 1000, deaths: 10, unhealthy: 0 },
  { age: '1-4', population: 4000, deaths: 8, unhealthy: 40 },
  { age: '5-9', population: 5000, deaths: 5, unhealthy: 100 },
  { age: '10+', population: 10000, deaths: 500, unhealthy: 2000 },
];
const EXPECTED = [
  { m: 0.01, q: 0.009950248756, l: 100000, d: 995.0248756, L: 99502.48756, T: 2938325.135, e: 29.38325135, hle: 25.33678657, se: 0.07902428675, share: 0.8622866907 },
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

const HAND = { a0Method: 'value' as const, a0: 0.5, mortalityVariance: false };

describe('kpi life table (abridged, Sullivan)', () => {
  it('reproduces every column of the hand-built worked example', () => {
    const table = lifeTable(ROWS, HAND);
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

  it('uses one a0 for q0, L0 and the variance: a given value, Eurostat (0.2) or Coale–Demeny', () => {
    // a0 = 0.3: q0 = 0.01/(1 + 0.7·0.01), L0 = 0.3·l0 + 0.7·l1; π from a survey (N = 500, 400, 1000; age 0 N = P)
    const rows = ROWS.map((r, i) => ({ age: r.age, population: r.population, deaths: r.deaths,
      prevalence: [0, 0.01, 0.02, 0.2][i], surveySize: [undefined, 500, 400, 1000][i] }));
    const t = lifeTable(rows, { a0Method: 'value', a0: 0.3, mortalityVariance: false });
    close(t[0].q, 0.009930486594, 'q0');
    close(t[0].L, 99304.86594, 'L0');
    close(t[0].e, 29.38184179, 'e0');
    close(t[0].hle, 25.33529624, 'hle0');
    close(t[0].se, 0.250217952, 'se0');
    close(t[3].se, 0.2529822128, 'se open'); // 20·sqrt(0.16/1000)
    const eurostat = lifeTable(rows, {});
    close(eurostat[0].q, 0.01 / 1.008, 'q0 with a0 = 0.2');
    close(eurostat[0].L, 0.2 * 100000 + 0.8 * eurostat[1].l, 'L0 = 0.2·l0 + 0.8·l1');
    // Coale–Demeny (Preston et al. 2001, Table 3.3): m0 = 0.01 → men 0.045 + 2.684·0.01, women 0.053 + 2.8·0.01
    close(coaleDemenyA0(0.01, 'male'), 0.07184, 'a0 men');
    close(coaleDemenyA0(0.01, 'female'), 0.081, 'a0 women');
    close(coaleDemenyA0(0.2, 'male'), 0.33, 'a0 men, high mortality');
    const cd = lifeTable(rows, { a0Method: 'coale-demeny', sex: 'female' });
    close(cd[0].a, 0.081, 'a0 used');
    close(cd[0].L, 0.081 * 100000 + 0.919 * cd[1].l, 'L0 with the same a0');
  });

  it('takes q0 from infant deaths and live births, or a published value', () => {
    const births = lifeTable(ROWS, { q0Method: 'births', births: 800 });
    close(births[0].q, 10 / 800, 'q0 = D0/B');
    close(births[1].l, 100000 * (1 - 10 / 800), 'l1');
    close(births[0].varQ, (10 / 800) * (1 - 10 / 800) / 800, 'S²(p0) = q0(1−q0)/B');
    const given = lifeTable(ROWS, { q0Method: 'given', q0: 0.002 });
    close(given[1].l, 99800, 'l1 from the given q0');
    const bad = (o: object) => civicKey(() => lifeTable(ROWS, o)).key;
    assert.strictEqual(bad({ q0Method: 'births' }), 'civic-health-expectancy.errors.birthsMissing');
    assert.strictEqual(bad({ q0Method: 'births', births: 5 }), 'civic-health-expectancy.errors.birthsTooFew');
    assert.strictEqual(bad({ q0Method: 'given', q0: 1.5 }), 'civic-health-expectancy.errors.q0Missing');
    assert.strictEqual(bad({ a0Method: 'value', a0: 2 }), 'civic-health-expectancy.errors.a0Range');
    const noInfant = ROWS.map((r, i) => ({ ...r, age: ['0-4', '5-9', '10-14', '15+'][i] }));
    assert.strictEqual(civicKey(() => lifeTable(noInfant, { q0Method: 'given', q0: 0.01 })).key, 'civic-health-expectancy.errors.infantNeedsAgeZero');
  });

  it('life expectancy has its own standard error from the death rates (Chiang)', () => {
    const t = lifeTable(ROWS);
    // open group: no term; 5-9: l²·((1−a)·n + e(10))²·q²(1−q)/D / l²
    assert.strictEqual(t[3].seE, 0);
    const q = t[2].q;
    close(t[2].seE, Math.sqrt((2.5 + 20) ** 2 * q * q * (1 - q) / 5), 'se of e(5)');
    assert.ok(t[0].eLow < t[0].e && t[0].eHigh > t[0].e);
  });

  it('gives no health columns when no row has health data, e(x) only', () => {
    const t = lifeTable(ROWS.map(({ unhealthy: _u, ...r }) => r), HAND);
    close(t[0].e, 29.38325135, 'e0');
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
    const t = lifeTable(ROWS.map((r, i) => ({ ...r, age: [0, 1, 5, 10][i] })), HAND);
    close(t[0].hle, 25.33678657, 'hle0');
  });

  it('reads CSV-parsed objects with Japanese headers and numbers as text', () => {
    const rows = rowsFromObjects([
      { 年齢階級: '0歳', 人口: '1,000', 死亡数: '10', 要介護2以上: '0' },
      { 年齢階級: '1～4歳', 人口: '4,000', 死亡数: '8', 要介護2以上: '40' },
      { 年齢階級: '5～9歳', 人口: '5000', 死亡数: '5', 要介護2以上: '100' },
      { 年齢階級: '10歳以上', 人口: '10000', 死亡数: '500', 要介護2以上: '2000' },
    ]);
    close(lifeTable(rows, HAND)[0].hle, 25.33678657, 'hle0');
  });

  it('KDB preset (registry): survey size and prevalence columns are ignored, N = population', () => {
    const objs = ROWS.map((r) => ({ ...r, surveySize: 10, prevalence: 0.9 }));
    const t = lifeTable(rowsFromObjects(objs, {}, true), HAND);
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
    it('unsorted and overlapping groups', () => {
      const e = bad((r) => [r[0], r[2], r[1], r[3]]);
      // "0" is a bare start (width from the next row), so 0, 5-9 is fine and 1-4 after 5-9 goes backwards
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.unsorted');
      assert.strictEqual(e.params.row, 3);
      const f = bad((r) => [r[0], r[1], r[2], { ...r[1], age: '5-9' }, r[3]]);
      assert.strictEqual(f.key, 'civic-health-expectancy.errors.unsorted');
      assert.strictEqual(f.params.row, 4);
      const g = bad((r) => [r[0], r[1], { ...r[2], age: '3-9' }, r[3]]);
      assert.strictEqual(g.key, 'civic-health-expectancy.errors.overlapping');
      assert.strictEqual(g.params.row, 3);
    });
    it('deaths > population', () => {
      const e = bad((r) => { r[2].deaths = 6000; return r; });
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.deathsOverPopulation');
      assert.strictEqual(e.params.row, 3);
      assert.deepStrictEqual(Object.keys(e.params), ['row'], 'no count from the file in the error');
    });
    it('prevalence or institutionalised share outside 0–1', () => {
      const e = bad((r) => r.map((x, i) => ({ age: x.age, population: x.population, deaths: x.deaths, prevalence: i === 1 ? 1.2 : 0.1 })));
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.shareRange');
      assert.deepStrictEqual(e.params, { row: 2, field: 'prevalence' });
      const f = bad((r) => { r[3].institutionalised = 3; return r; });
      assert.deepStrictEqual([f.key, f.params.field], ['civic-health-expectancy.errors.shareRange', 'institutionalised']);
      assert.strictEqual(bad((r) => { r[1].unhealthy = 5000; return r; }).key, 'civic-health-expectancy.errors.unhealthyOverPopulation');
    });
    it('negative counts and text that is not a number', () => {
      assert.strictEqual(bad((r) => { r[1].population = -4; return r; }).key, 'civic-health-expectancy.errors.negative');
      const e = bad((r) => { (r[1] as unknown as Record<string, unknown>).deaths = 'abc'; return r; });
      assert.strictEqual(e.key, 'civic-health-expectancy.errors.notNumber');
      assert.deepStrictEqual(e.params, { row: 2, field: 'deaths' }, 'the text from the file is not repeated');
    });
    it('first group not 0, closed or early open groups, unknown labels, missing health data, empty input', () => {
      assert.strictEqual(bad((r) => r.slice(1)).key, 'civic-health-expectancy.errors.firstNotZero');
      assert.strictEqual(bad((r) => { r[3].age = '10-14'; return r; }).key, 'civic-health-expectancy.errors.lastNotOpen');
      assert.strictEqual(bad((r) => { r[1].age = '1+'; return r; }).key, 'civic-health-expectancy.errors.openNotLast');
      assert.strictEqual(bad((r) => { r[1].age = 'kids'; return r; }).key, 'civic-health-expectancy.errors.badAge');
      assert.strictEqual(bad((r) => { delete r[2].unhealthy; return r; }).params.row, 3);
      assert.strictEqual(bad(() => []).key, 'civic-health-expectancy.errors.noRows');
      assert.strictEqual(bad((r) => [r[3]]).key, 'civic-health-expectancy.errors.noRows');
      assert.strictEqual(bad((r) => { r[3].deaths = 0; return r; }).key, 'civic-health-expectancy.errors.openNoDeaths');
      assert.strictEqual(bad((r) => { r[0].population = 0; r[0].deaths = 0; return r; }).key, 'civic-health-expectancy.errors.zeroPopulation');
    });
  });

  it('splits one file into tables by sex and fiscal year, with births on the first row', () => {
    const objs = [
      { 年度: '2023', 性別: '男', 年齢階級: '0', 出生数: '90' }, { 年度: '2023', 性別: '男', 年齢階級: '1+' },
      { 年度: '2024', 性別: '男', 年齢階級: '0' }, { 年度: '2024', 性別: '男', 年齢階級: '1+' },
      { 年度: '2024', 性別: '女', 年齢階級: '0' }, { 年度: '2024', 性別: '女', 年齢階級: '1+' },
    ];
    const t = splitTables(objs);
    assert.deepStrictEqual(t.map((x) => [x.sex, x.year, x.objects.length, x.births]),
      [['female', 2024, 2, undefined], ['male', 2023, 2, 90], ['male', 2024, 2, undefined]]);
    assert.strictEqual(civicKey(() => splitTables([{ 年度: 'R6' }])).key, 'civic-health-expectancy.errors.badYear');
    // found by the robustness suite: { male: [] } gave no table at all, and the node failed with a TypeError
    assert.strictEqual(civicKey(() => splitTables([])).key, 'civic-health-expectancy.errors.noRows');
  });
});
