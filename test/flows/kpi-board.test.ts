// KPIボード run end to end by `npm start`: the life tables, the registrations and the greenhouse readings on MQTT
// reach kpi-progress, which grades all four city KPIs (and the field KPI) with the values computed independently here.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { decodeBytes, parseCsv } from '../../lib/csv';
import { lifeTable, rowsFromObjects, KDB_INDEPENDENT_LIFE } from '../../lib/kpi';
import { boardWith, flushFieldKpi, root, startReadyMade, type ReadyMade } from './ready-made';

const CITY = ['hle-male-0', 'hle-female-0', 'smart-farming-entrants', 'smart-farming-companies'];

function csvRows(name: string): Array<Record<string, string>> {
  return parseCsv(decodeBytes(fs.readFileSync(path.join(root, 'flows', 'samples', name)), 'auto').text).rows as Array<Record<string, string>>;
}

/** 健康寿命 at birth (survey prevalence, Sullivan) from a sample life table, rounded as the node rounds it. */
function expectedHle(name: string): number {
  const table = lifeTable(rowsFromObjects(csvRows(name), { prevalence: '制限あり割合', surveySize: '回答者数' }), KDB_INDEPENDENT_LIFE.options);
  return Math.round((table[0].hle as number) * 100) / 100;
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
    assert.strictEqual(latest['smart-farming-entrants'].source, 'distinct-count');
    const board = await demo.context('kpi-progress', 'kpiBoard');
    assert.deepStrictEqual(Object.keys(board.history['hle-male-0']), ['2024']);
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
