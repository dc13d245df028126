// KPIボード run end to end by `npm start`: the life tables, the registrations and the greenhouse readings on MQTT
// reach kpi-progress, which grades all four city KPIs (and the field KPI) with the values computed independently here.
import assert from 'assert';
import { csvRows, sampleTable } from './kpi-samples';
import { boardWith, flushFieldKpi, startReadyMade, type ReadyMade } from './ready-made';

const CITY = ['hle-male-0', 'hle-female-0', 'smart-farming-entrants', 'smart-farming-companies'];

const r2 = (x: number | null) => Math.round((x as number) * 100) / 100;

/** 健康寿命 at birth in FY2024 from a sample life table, rounded as the node rounds it. */
function expectedHle(name: string): number {
  return r2(sampleTable(name, 2024)[0].hle);
}

/** Distinct registration numbers still farming, by kind. */
function expectedCount(kind: string): number {
  return new Set(csvRows('registrations.csv').filter((r) => r['区分'] === kind && r['状態'] === '営農中').map((r) => r['登録番号'])).size;
}

describe('ready-made flow: KPIボード (KPI board)', function () {
  this.timeout(90000);
  let demo: ReadyMade;

  before(async () => { demo = await startReadyMade(); });
  after(async () => { if (demo) await demo.stop(); });

  it('grades all four city KPIs from the sample files, with the values computed from the same files', async () => {
    const latest = await boardWith(demo, CITY);
    const hleMale = expectedHle('lifetable-male.csv');
    const hleFemale = expectedHle('lifetable-female.csv');
    assert.ok(hleMale > 65.9 && hleMale < 66.9 && hleFemale > 67.1 && hleFemale < 68.1, `${hleMale} / ${hleFemale}`);
    const expected: Record<string, { value: number; baseline: number; target: number; fiscalYear?: number }> = {
      'hle-male-0': { value: hleMale, baseline: 65.9, target: 66.9, fiscalYear: 2024 },
      'hle-female-0': { value: hleFemale, baseline: 67.1, target: 68.1, fiscalYear: 2024 },
      'smart-farming-entrants': { value: expectedCount('新規就農者'), baseline: 0, target: 10 },
      'smart-farming-companies': { value: expectedCount('参入企業'), baseline: 1, target: 3 },
    };
    assert.strictEqual(expected['smart-farming-entrants'].value, 5, 'F-002 twice and F-004 withdrawn');
    assert.strictEqual(expected['smart-farming-companies'].value, 2);
    for (const id of CITY) {
      const r = latest[id];
      const e = expected[id];
      assert.strictEqual(r.value, e.value, id);
      assert.strictEqual(r.baseline, e.baseline, id);
      assert.strictEqual(r.target, e.target, id);
      assert.ok(Math.abs(r.progress - (e.value - e.baseline) / (e.target - e.baseline)) < 1e-9, `${id} progress ${r.progress}`);
      const pct = r.progress * 100;
      assert.strictEqual(r.grade, pct >= 100 ? 'A' : pct >= 60 ? 'B' : 'C', id);
      if (e.fiscalYear) assert.strictEqual(r.fiscalYear, e.fiscalYear, `${id}: fiscal year from the table`);
    }
    assert.strictEqual(latest['hle-male-0'].source, 'sullivan');
    const male = sampleTable('lifetable-male.csv', 2024)[0];
    assert.deepStrictEqual([latest['hle-male-0'].ciLow, latest['hle-male-0'].ciHigh], [r2(male.ciLow), r2(male.ciHigh)], 'the 95 % interval travels with the value');
    assert.ok((male.varMortality as number) > 0 && (male.varPrevalence as number) > 0, 'both variance terms');
    assert.strictEqual(latest['smart-farming-entrants'].source, 'distinct-count');
    const board = await demo.context('kpi-progress', 'kpiBoard');
    assert.deepStrictEqual(Object.keys(board.history['hle-male-0']), ['2023', '2024'], 'both years of the file are in the trend');
    assert.strictEqual(board.history['hle-male-0']['2023'].value, r2(sampleTable('lifetable-male.csv', 2023)[0].hle));
  });

  it('turns the greenhouse readings on MQTT into the field KPI (window-stats → kpi-progress)', async () => {
    await flushFieldKpi(demo);
    const latest = await boardWith(demo, ['field-temp-in-range']);
    const r = latest['field-temp-in-range'];
    assert.ok(r.value >= 0 && r.value <= 100, `share ${r.value}`);
    assert.strictEqual(r.unit, '%');
    assert.strictEqual(r.source, 'window-stats');
    assert.ok(['A', 'B', 'C'].includes(r.grade));
  });
});
