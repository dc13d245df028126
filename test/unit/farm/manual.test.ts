// The cultivation manual draft: the best-yielding third against the rest, quantiles per stage, Markdown and PDF.
import assert from 'assert';
import { buildSeasonReport, buildManual, manualMarkdown, quantile, RenderWorker } from '../../../lib/farm';
import { pdfText } from '../../helpers/pdf';
import { tomatoSeason } from './fixtures';

/** A house-season whose days are 2 °C warmer at night and whose harvests are scaled by `yieldFactor`. */
function season(house: string, nightShift: number, yieldFactor: number) {
  const s = tomatoSeason(30, 0);
  s.house = house;
  s.days = s.days.map((d) => ({ ...d, tnight: d.tnight! + nightShift }));
  s.log = s.log.map((e) => (e.kg ? { ...e, house, kg: e.kg * yieldFactor } : { ...e, house }));
  return buildSeasonReport(s, 0);
}

describe('cultivation manual draft', function () {
  this.timeout(60000);
  it('computes type-7 quantiles (R default) on a known sample', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.deepStrictEqual([0.1, 0.25, 0.5, 0.75, 0.9].map((p) => quantile(xs, p)), [1.9, 3.25, 5.5, 7.75, 9.1]);
  });

  it('takes the best third by yield per 10 a and flags the conditions where the others differed', async () => {
    const reports = [season('house-1', 0, 1.5), season('house-2', -3, 1), season('house-3', -3, 0.9)];
    const draft = buildManual(reports.map((report) => ({ report, areaM2: 1000 })), '2025-07-01 10:00');
    assert.deepStrictEqual(draft.seasons.map((s) => [s.label, s.best]), [['house-1 2025-03-01 作', true], ['house-2 2025-03-01 作', false], ['house-3 2025-03-01 作', false]]);
    const night = draft.stages[0].metrics.find((m) => m.key === 'tnight')!;
    assert.deepStrictEqual([night.best?.q50, night.others?.q50, night.differs], [16, 13, true]);
    const day = draft.stages[0].metrics.find((m) => m.key === 'tday')!;
    assert.strictEqual(day.differs, false);
    const md = manualMarkdown(draft);
    assert.match(md, /^# 栽培手引書 \(下書き\) トマト/);
    assert.match(md, /\| 夜の平均気温 \| °C \| 16\.0〜16\.0 \| 16\.0 \| 16\.0〜16\.0 \| 13\.0 \| ✔ \|/);
    const worker = new RenderWorker();
    try {
      const out = await worker.render({ kind: 'manual', draft });
      const pdf = await pdfText(out.pdf);
      assert.strictEqual(pdf.count, 3);
      assert.ok(pdf.pages[0].includes('栽培手引書 (下書き) トマト') && pdf.pages[0].includes('夜の平均気温'));
      assert.ok(out.markdown?.includes('## 編集のしかた'));
    } finally { await worker.close(); }
  });
});
