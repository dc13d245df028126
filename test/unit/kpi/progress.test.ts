import assert from 'assert';
import { measure, parseBands, gradeOf, interimTarget, checkDefinition, KpiBoard, CITY_KPIS, DEFAULT_BANDS,
  fiscalYear, fiscalYearStart, type KpiDefinition } from '../../../lib/kpi';
import { isCivicError } from '../../../lib/errors';

const HLE_MEN = CITY_KPIS[0];
const ENTRANTS = CITY_KPIS[2];
const COST: KpiDefinition = { id: 'cost', baseline: 100, baselineYear: 2023, target: 80, targetYear: 2028, direction: 'lower' };
const bands = parseBands(DEFAULT_BANDS);

function keyOf(fn: () => unknown): string {
  try { fn(); } catch (err) { assert.ok(isCivicError(err)); return err.key; }
  return assert.fail('no error');
}

describe('kpi progress', () => {
  it('presets: the city four KPIs with baseline FY2023 and target FY2028', () => {
    assert.deepStrictEqual(CITY_KPIS.map((k) => [k.id, k.baseline, k.target, k.baselineYear, k.targetYear]), [
      ['hle-male-0', 65.9, 66.9, 2023, 2028], ['hle-female-0', 67.1, 68.1, 2023, 2028],
      ['smart-farming-entrants', 0, 10, 2023, 2028], ['smart-farming-companies', 1, 3, 2023, 2028]]);
  });

  it('progress = (actual − baseline)/(target − baseline), graded A ≥ 100 %, B ≥ 60 %, C', () => {
    const p = measure(HLE_MEN, 66.5, 2025, bands);
    assert.ok(Math.abs((p.progress as number) - 0.6) < 1e-9);
    assert.strictEqual(p.grade, 'B');
    assert.strictEqual(measure(HLE_MEN, 66.9, 2025, bands).grade, 'A');
    assert.strictEqual(measure(HLE_MEN, 67.4, 2025, bands).grade, 'A');
    assert.strictEqual(measure(HLE_MEN, 66.0, 2025, bands).grade, 'C');
    assert.ok(Math.abs((measure(HLE_MEN, 65.4, 2025, bands).progress as number) + 0.5) < 1e-9); // worse than baseline
  });

  it('ratio = actual/target', () => {
    const def = { ...HLE_MEN, method: 'ratio' as const };
    const p = measure(def, 66.5, 2025, bands);
    assert.ok(Math.abs(p.achievement - 66.5 / 66.9) < 1e-12);
    assert.strictEqual(p.grade, 'B');
    assert.strictEqual(measure({ ...ENTRANTS, method: 'ratio' }, 5, 2025, bands).grade, 'C'); // 50 %
  });

  it('lower is better: progress and ratio = target/actual', () => {
    assert.strictEqual(measure(COST, 90, 2025, bands).progress, 0.5);
    assert.strictEqual(measure(COST, 90, 2025, bands).grade, 'C');
    assert.strictEqual(measure(COST, 80, 2025, bands).grade, 'A');
    assert.strictEqual(measure(COST, 76, 2025, bands).met, true);
    const r = measure({ ...COST, method: 'ratio' }, 90, 2025, bands);
    assert.ok(Math.abs(r.achievement - 80 / 90) < 1e-12);
    assert.strictEqual(r.grade, 'B');
    assert.strictEqual(measure({ ...COST, method: 'ratio' }, 0, 2025, bands).ratio, null); // target/0: met, no ratio
    assert.strictEqual(measure({ ...COST, method: 'ratio' }, 0, 2025, bands).grade, 'A');
  });

  it('linear interim targets per fiscal year, graded against the year', () => {
    assert.deepStrictEqual([2022, 2023, 2024, 2025, 2028, 2030].map((fy) => interimTarget(ENTRANTS, fy)), [0, 0, 2, 4, 10, 10]);
    assert.ok(Math.abs(interimTarget(HLE_MEN, 2026) - 66.5) < 1e-9);
    const def = { ...ENTRANTS, interim: true };
    assert.strictEqual(measure(def, 4, 2025, bands).grade, 'A');           // on the FY2025 line (4 of 10)
    assert.strictEqual(measure(ENTRANTS, 4, 2025, bands).grade, 'C');      // 40 % of the final target
    assert.strictEqual(measure(def, 3, 2025, bands).achievement, 0.75);
    assert.strictEqual(measure(def, 0, 2023, bands).grade, 'A');           // baseline year: meeting the baseline is on track
    assert.strictEqual(measure({ ...COST, interim: true }, 92, 2025, bands).grade, 'A'); // interim 92, lower is better
  });

  it('grading bands are editable and validated', () => {
    const b = parseBands('S>=120; A≥100, B:50 ,C');
    assert.deepStrictEqual(b, [{ grade: 'S', min: 1.2 }, { grade: 'A', min: 1 }, { grade: 'B', min: 0.5 }, { grade: 'C', min: null }]);
    assert.strictEqual(gradeOf(1.25, b), 'S');
    assert.strictEqual(gradeOf(0.5, b), 'B');
    assert.strictEqual(gradeOf(-3, b), 'C');
    assert.strictEqual(measure({ ...HLE_MEN, bands: 'good>=50;poor' }, 66.5, 2025, bands).grade, 'good');
    assert.strictEqual(keyOf(() => parseBands('A>=100;B>=60')), 'civic-kpi-progress.errors.badBands');
    assert.strictEqual(keyOf(() => parseBands('A>=x;C')), 'civic-kpi-progress.errors.badBands');
  });

  it('definitions are checked (direction must match target vs baseline)', () => {
    assert.strictEqual(keyOf(() => checkDefinition({ ...COST, direction: 'higher' })), 'civic-kpi-progress.errors.badDefinition');
    assert.strictEqual(keyOf(() => checkDefinition({ ...COST, targetYear: 2020 })), 'civic-kpi-progress.errors.badDefinition');
    assert.strictEqual(keyOf(() => new KpiBoard([COST, COST])), 'civic-kpi-progress.errors.duplicate');
  });

  it('fiscal year runs April–March in Japan time: 31 March vs 1 April', () => {
    assert.strictEqual(fiscalYear(Date.parse('2024-03-31T23:59:59+09:00')), 2023);
    assert.strictEqual(fiscalYear(Date.parse('2024-04-01T00:00:00+09:00')), 2024);
    assert.strictEqual(fiscalYear(Date.parse('2024-03-31T15:30:00Z')), 2024); // already 1 April 00:30 in Tokyo
    assert.strictEqual(fiscalYear(Date.parse('2024-03-31T15:30:00Z'), 'UTC'), 2023);
    assert.strictEqual(fiscalYearStart(2024), Date.parse('2024-04-01T00:00:00+09:00'));
  });

  describe('board', () => {
    it('keeps the latest value and one value per fiscal year, and a board row per KPI', () => {
      const board = new KpiBoard(CITY_KPIS);
      const now = Date.parse('2025-06-01T00:00:00+09:00');
      const r1 = board.update('smart-farming-entrants', 3, '2025-03-31T12:00:00+09:00', now);
      assert.strictEqual(r1.fiscalYear, 2024);
      assert.strictEqual(r1.grade, 'C');
      board.update('smart-farming-entrants', 4, '2025-04-01T09:00:00+09:00', now);
      board.update('smart-farming-entrants', 6, '2025-05-01T09:00:00+09:00', now);
      const back = board.update('smart-farming-entrants', 2, '2024-09-01T09:00:00+09:00', now); // older: history only
      assert.strictEqual(back.fiscalYear, 2024);
      assert.deepStrictEqual(board.history('smart-farming-entrants').map((h) => [h.fiscalYear, h.value]), [[2024, 3], [2025, 6]]);
      const rows = board.board('ja');
      assert.strictEqual(rows.length, 4);
      const row = rows.find((r) => r.kpi === 'smart-farming-entrants')!;
      assert.deepStrictEqual([row.value, row.fiscalYear, row.progressPercent, row.grade, row.name], [6, 2025, 60, 'B', 'スマート農業の新規就農者数']);
      assert.strictEqual(rows[0].value, null);
      assert.strictEqual(board.board('en')[0].name, 'Healthy life expectancy (men)');
    });

    it('takes an explicit fiscal year, rejects unknown KPIs and non-numbers, survives a restart', () => {
      const board = new KpiBoard(CITY_KPIS);
      const r = board.update('hle-male-0', '66.1', 0, Date.parse('2026-01-10T00:00:00Z'), { fiscalYear: 2024, method: 'sullivan' });
      assert.strictEqual(r.fiscalYear, 2024);
      assert.strictEqual(r.source, 'sullivan');
      assert.strictEqual(keyOf(() => board.update('nope', 1, undefined, 0)), 'civic-kpi-progress.errors.unknownKpi');
      assert.strictEqual(keyOf(() => board.update('hle-male-0', 'abc', undefined, 0)), 'civic-kpi-progress.errors.notNumber');
      const again = new KpiBoard(CITY_KPIS);
      again.restore(JSON.parse(JSON.stringify(board.snapshot())));
      assert.strictEqual(again.board()[0].value, 66.1);
      assert.deepStrictEqual(again.history('hle-male-0').map((h) => h.fiscalYear), [2024]);
    });

    it('grades the board with the current definitions after an edit', () => {
      const board = new KpiBoard([ENTRANTS]);
      board.update(ENTRANTS.id, 6, '2025-05-01T00:00:00Z', 0);
      const edited = new KpiBoard([{ ...ENTRANTS, target: 6 }]);
      edited.restore(board.snapshot());
      assert.strictEqual(edited.board()[0].grade, 'A');
    });

    it('a daily visitor target: one value per local day, graded against its fiscal year, 400 days of history for the trend', () => {
      const visitors: KpiDefinition = { id: 'visitors', baseline: 600, baselineYear: 2025, target: 1000, targetYear: 2026,
        period: 'day', interim: false };
      const board = new KpiBoard([visitors]);
      const day = (d: string, v: number) => board.update('visitors', v, `${d}T20:00:00+09:00`, 0);
      day('2026-03-31', 800);
      const r = day('2026-04-01', 1000);
      assert.deepStrictEqual([r.period, r.periodKey, r.fiscalYear, r.grade, r.progress], ['day', '2026-04-01', 2026, 'A', 1]);
      day('2026-04-01', 1100);                                       // a correction of the same day replaces it
      assert.deepStrictEqual(board.history('visitors').map((h) => [h.period, h.fiscalYear, h.value]),
        [['2026-03-31', 2025, 800], ['2026-04-01', 2026, 1100]]);
      // 15:30 UTC on 31 March is 00:30 on 1 April in Japan: the local day counts
      assert.strictEqual(board.update('visitors', 5, '2026-03-31T15:30:00Z', 0).periodKey, '2026-04-01');
      for (let i = 0; i < 420; i++) board.update('visitors', 700, Date.parse('2024-01-01T12:00:00+09:00') + i * 86_400_000, 0);
      assert.strictEqual(board.history('visitors').length, 400, 'bounded history');
      const monthly = new KpiBoard([{ ...visitors, id: 'm', period: 'month' }]);
      assert.strictEqual(monthly.update('m', 900, '2026-06-15T00:00:00+09:00', 0).periodKey, '2026-06');
    });

    it('keeps the confidence interval a value came with, on the record, the history and the board', () => {
      const board = new KpiBoard(CITY_KPIS);
      const r = board.update('hle-male-0', 66.4, '2025-03-01T00:00:00+09:00', 0, { ciLow: 65.8, ciHigh: 67.0, se: 0.31 });
      assert.deepStrictEqual([r.ciLow, r.ciHigh, r.se], [65.8, 67.0, 0.31]);
      assert.deepStrictEqual(board.history('hle-male-0').map((h) => [h.ciLow, h.ciHigh]), [[65.8, 67.0]]);
      assert.deepStrictEqual(board.board().filter((b) => b.kpi === 'hle-male-0').map((b) => [b.ciLow, b.ciHigh]), [[65.8, 67.0]]);
      const odd = board.update('hle-male-0', 66.5, '2025-03-02T00:00:00+09:00', 0, { ciLow: 67, ciHigh: 66 });
      assert.strictEqual(odd.ciLow, undefined, 'an inverted interval is not kept');
    });
  });
});
