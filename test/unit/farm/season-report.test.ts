// The season report: content from a known season, then rendered off the event loop into HTML and a PDF whose text
// and page count are checked as a reader would see them.
import assert from 'assert';
import { buildSeasonReport, RenderWorker } from '../../../lib/farm';
import { pdfText } from '../../helpers/pdf';
import { tomatoSeason } from './fixtures';

describe('season report', function () {
  this.timeout(120000);
  const worker = new RenderWorker(90000);
  after(() => worker.close());

  it('dates the stages from the work log where observed and sums degree days per stage', () => {
    const r = buildSeasonReport(tomatoSeason(), Date.parse('2025-07-01T10:00:00+09:00'));
    assert.deepStrictEqual(r.stages.map((s) => [s.id, s.start, s.end, s.basis, s.days, s.gdd]), [
      ['transplant', '2025-03-01', '2025-04-22', 'observed', 52, 1040], ['harvest', '2025-04-22', '2025-06-30', 'observed', 69, 1380]]);
    assert.strictEqual(r.stages[0].deficitBandPct, 50);
    assert.strictEqual(r.totals.kg, r.weekly.reduce((a, w) => a + w.kg, 0));
    assert.strictEqual(r.alerts[0].ack, '2025-05-10 13:10');
    assert.strictEqual(r.alerts[1].ack, '—');
    assert.strictEqual(r.log.length, 45);
  });

  it('renders a Japanese PDF with the timeline, yield and work log, 3 fixed pages + alerts + 40 log rows a page', async () => {
    const report = buildSeasonReport(tomatoSeason(45, 3), Date.parse('2025-07-01T10:00:00+09:00'));
    const out = await worker.render({ kind: 'season', report });
    assert.ok(out.html.startsWith('<!DOCTYPE html>'));
    const pdf = await pdfText(out.pdf);
    assert.strictEqual(pdf.count, 3 + 1 + 2, 'summary, climate, soil/yield, alerts, 2 pages of work log');
    const all = pdf.pages.join('\n');
    for (const text of ['シーズン報告書 house-1 トマト 2025-03-01 作', '定植・着果肥大期', '収穫期', '積算温度', '飽差', '週ごとの収量',
      `収量 ${report.totals.kg.toFixed(1)} kg`, '気温が30℃を超えています (1)', '作業記録 (続き)', '収穫 10 kg 秀']) {
      assert.ok(all.includes(text), `PDF shows "${text}"`);
    }
    assert.ok(pdf.pages[4].includes('作業記録') && !pdf.pages[3].includes('作業記録'));
  });

  it('one more alert page per 40 alerts, and a page saying there were none', async () => {
    const none = await worker.render({ kind: 'season', report: buildSeasonReport(tomatoSeason(10, 0), 0) });
    const a = await pdfText(none.pdf);
    assert.strictEqual(a.count, 5);
    assert.ok(a.pages[3].includes('この期間の警報はありません。'));
    const many = await worker.render({ kind: 'season', report: buildSeasonReport(tomatoSeason(10, 41), 0) });
    assert.strictEqual((await pdfText(many.pdf)).count, 6);
  });
});
