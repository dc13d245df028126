// What-if, its inverse, the z test and the decomposition of a change (Nusselder & Looman 2004), each against
// figures worked out here independently of the code under test.
import assert from 'assert';
import { lifeTable, checkRows, whatIf, requiredPrevalenceCut, decompose, compareHle, normalUpperTail, analyseTables,
  type LifeTableInputRow, type LifeTableRow } from '../../../lib/kpi';

const BASE: LifeTableInputRow[] = [
  { age: '0-19', population: 20000, deaths: 20, prevalence: 0.02, surveySize: 400 },
  { age: '20-39', population: 20000, deaths: 40, prevalence: 0.05, surveySize: 400 },
  { age: '40-59', population: 20000, deaths: 150, prevalence: 0.1, surveySize: 400 },
  { age: '60-79', population: 15000, deaths: 600, prevalence: 0.25, surveySize: 300 },
  { age: '80+', population: 5000, deaths: 700, prevalence: 0.6, surveySize: 100 },
];
const LATER = BASE.map((r, i) => ({ ...r, deaths: Number(r.deaths) * [1, 0.9, 0.85, 0.8, 0.95][i], prevalence: Number(r.prevalence) * [1, 1, 0.9, 0.8, 1.05][i] }));
const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('Sullivan analyses: what-if, required cut, z test, decomposition', () => {
  const t1 = lifeTable(BASE);
  const t2 = lifeTable(LATER);

  it('what-if: no cut changes nothing; a 100 % prevalence cut makes HLE equal e; a mortality cut raises e', () => {
    const groups = checkRows(BASE);
    near(whatIf(groups, {}, {})[0].hle as number, t1[0].hle as number, 1e-12, 'no cut');
    const healthy = whatIf(groups, {}, { prevalenceCut: 100 });
    near(healthy[0].hle as number, healthy[0].e, 1e-9, 'no one unhealthy');
    const fewerDeaths = whatIf(groups, {}, { mortalityCut: 10, fromAge: 60 });
    assert.ok(fewerDeaths[0].e > t1[0].e && fewerDeaths[0].l === t1[0].l);
    near(fewerDeaths[3].m, t1[3].m * 0.9, 1e-15, 'm at 60-79 cut by 10 %');
    near(fewerDeaths[2].m, t1[2].m, 0, 'm at 40-59 untouched');
    // a 20 % cut of π at 60+ only: HLE(0) rises by 0.2·Σ_{60+} π·L / l0 (HLE is linear in π)
    const cut = whatIf(groups, {}, { prevalenceCut: 20, fromAge: 60 });
    const expected = 0.2 * (0.25 * t1[3].L + 0.6 * t1[4].L) / t1[0].l;
    near((cut[0].hle as number) - (t1[0].hle as number), expected, 1e-9, 'gain');
  });

  it('the required prevalence cut for +1 year, applied by the what-if, gives exactly +1 year', () => {
    const need = requiredPrevalenceCut(t1, 1, 0, { fromAge: 60 });
    assert.ok(need.reachable && need.cut !== null && need.cut > 0 && need.cut < 100, JSON.stringify(need));
    const after = whatIf(checkRows(BASE), {}, { prevalenceCut: need.cut as number, fromAge: 60 });
    near((after[0].hle as number) - (t1[0].hle as number), 1, 1e-9, 'gain');
    const tooMuch = requiredPrevalenceCut(t1, 50, 0, { fromAge: 60 });
    assert.deepStrictEqual([tooMuch.reachable, tooMuch.cut], [false, null]);
    near(tooMuch.maxGain, need.maxGain, 1e-12, 'max gain does not depend on the target');
  });

  it('z test: two-sided p from the normal distribution (z = 1.96 → 0.05, 2.576 → 0.01)', () => {
    near(2 * normalUpperTail(1.959964), 0.05, 1e-6, 'p at 1.96');
    near(2 * normalUpperTail(2.575829), 0.01, 1e-6, 'p at 2.576');
    near(normalUpperTail(0), 0.5, 1e-7, 'p at 0');
    const r = compareHle(60, 0.3, 61, 0.4);
    assert.deepStrictEqual([r.difference, r.se], [1, 0.7]);
    near(r.z, 1 / 0.7, 1e-12, 'z');
    assert.strictEqual(r.significant, false);
  });

  it('decomposition (Nusselder & Looman 2004): effects add up exactly; an unchanged prevalence leaves no disability effect', () => {
    const d = decompose(t1, t2);
    near(d.mortality + d.disability, (t2[0].hle as number) - (t1[0].hle as number), 1e-9, 'sum of effects');
    near(d.rows.reduce((s, r) => s + r.total, 0), d.difference, 1e-9, 'sum over ages');
    near(d.rows[0].disability, 0, 1e-12, 'π at 0-19 unchanged');
    assert.ok(d.rows[4].disability < 0, 'π at 80+ rose: a negative disability effect');
    // with prevalence unchanged everywhere, the mortality effect is Arriaga's decomposition of Σ(1−π)L
    const sameHealth = lifeTable(BASE.map((r, i) => ({ ...r, deaths: LATER[i].deaths })));
    const m = decompose(t1, sameHealth);
    near(m.disability, 0, 1e-12, 'no disability effect');
    near(m.mortality, (sameHealth[0].hle as number) - (t1[0].hle as number), 1e-9, 'all of it mortality');
    // the direct effect at the open group, written out: l1(80)·w·(T2/l2 − T1/l1) with w = 1 − π
    const open = (t: LifeTableRow[]) => t[4];
    const l1 = open(t1).l / t1[0].l, l2 = open(sameHealth).l / sameHealth[0].l;
    const direct = l1 * 0.4 * ((open(sameHealth).L / sameHealth[0].l) / l2 - (open(t1).L / t1[0].l) / l1);
    near(m.rows[4].mortality, direct, 1e-12, 'open group');
    // from 60 on: the same identity holds for HLE(60)
    const d60 = decompose(t1, t2, 60);
    near(d60.mortality + d60.disability, (t2[3].hle as number) - (t1[3].hle as number), 1e-9, 'at 60');
    assert.throws(() => decompose(t1, lifeTable(BASE.slice(0, 4).map((r, i) => (i === 3 ? { ...r, age: '60+' } : r)))), /same age groups/);
  });

  it('a file with two fiscal years: KPI values with CIs per year, warnings, what-if and the year-on-year comparison', () => {
    const objs = [...BASE.map((r) => ({ ...r, 年度: '2023', 性別: '女' })), ...LATER.map((r) => ({ ...r, 年度: '2024', 性別: '女' }))];
    const { results, comparisons } = analyseTables(objs, { preset: 'custom', sex: 'total', ages: [0, 60], asOf: '2025-03-31T00:00:00Z',
      fiscalYear: 2030, scenario: { prevalenceCut: 10, fromAge: 60 }, gain: 1 });
    assert.deepStrictEqual(results.map((r) => [r.sex, r.fiscalYear]), [['female', 2023], ['female', 2024]]);
    const k = results[1].kpis[0];
    assert.deepStrictEqual([k.kpi, k.fiscalYear, k.method], ['hle-female-0', 2024, 'sullivan']);
    assert.ok((k.ciLow as number) < (k.value as number) && (k.value as number) < (k.ciHigh as number));
    assert.deepStrictEqual(results[0].warnings.fewDeaths, [], 'no group below 10 deaths');
    assert.strictEqual(results[0].whatIf?.[1].age, 60);
    assert.ok((results[0].whatIf?.[1].gain as number) > 0);
    assert.strictEqual(comparisons.length, 2);
    assert.deepStrictEqual([comparisons[0].from, comparisons[0].to, comparisons[0].age], [2023, 2024, 0]);
    near(comparisons[0].test.difference, comparisons[0].decomposition.difference, 1e-12, 'same change');
  });
});
