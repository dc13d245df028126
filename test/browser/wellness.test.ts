// The 健康データ page of `npm start` in headless Chromium (phone size): the run summary shows what the pipeline
// computed (from its processing report), the age × sex chart is drawn, no single record or identifier reaches the
// page, and no console error other than the two known harmless ones.
import assert from 'assert';
import fs from 'fs';
import { requireBinary } from '../helpers/servers';
import { HARMLESS_CONSOLE, assertNoInputIdentifierOnPage, openDashboardPage, readJson, screenshot, startReadyMade, textOf, wholeFileIn, type ReadyMade } from '../flows/ready-made';

describe('dashboard: 健康データ (wellness page)', function () {
  this.timeout(90000);
  let demo: ReadyMade | undefined;

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    demo = await startReadyMade();
  });
  after(async () => { if (demo) await demo.stop(); });

  it('shows the figures of the processing report and the chart, and nothing about a single person', async () => {
    const d = demo as ReadyMade;
    // the core file-out node writes in place: the file can appear before its last byte (seen in a full run)
    const { value: report } = await wholeFileIn(d.folders.reports, /^kdb-sample_加工記録_.*\.json$/,
      readJson as (f: string) => any, 'complete processing report');
    const { browser, page, errors } = await openDashboardPage(d, '健康データ');
    try {
      const value = (id: string, re: RegExp) => textOf(page, `md-card[node-id="${id}"] p.value`, re);
      assert.strictEqual(await value('wl-t-source', /\S/), 'kdb-sample');
      assert.strictEqual(await value('wl-t-records', /\d/), `${report.deidentify.records} 件`);
      assert.strictEqual(await value('wl-t-released', /\d/), `${report.kAnonymize.released} 件`);
      assert.strictEqual(await value('wl-t-suppressed', /\d/), `${report.kAnonymize.suppressed} 件`);
      assert.strictEqual(await value('wl-t-k', /\d/), `${report.kAnonymize.classSizes.min} 人 (基準 5 人以上)`);
      assert.strictEqual(await value('wl-t-risk', /\d/), `${(report.kAnonymize.risk.prosecutor.highest * 100).toFixed(1)} %`);
      assert.strictEqual(await value('wl-t-error', /\S/), 'なし');
      await page.waitForSelector('md-card[node-id="wl-chart"] canvas', { timeout: 20000 });
      const methods = await textOf(page, 'md-card[node-id="wl-methods"]', /生年月日/);
      assert.match(methods, /日付を年月に/);
      assert.match(methods, /住所を都道府県＋市区町村に/);
      // aggregated figures only: no name, number or address of the input on the page (nor in its model)
      await assertNoInputIdentifierOnPage(page);
      const shot = await screenshot(page, 'wellness-phone.png');
      assert.ok(fs.statSync(shot).size > 10000);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });
});
