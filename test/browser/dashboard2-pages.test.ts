// The 健康データ and KPIボード pages of Dashboard 2.0 as `npm start` runs them by default (CIVIC_DASHBOARD=both): the
// classic dashboard keeps working at /ui beside Dashboard 2.0 at /dashboard; the wellness page shows the figures of
// the processing report and nothing about a single person; every KPI group shows the value, grade and progress
// kpi-progress computed; a phone screenshot of each page; no console errors.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { requireBinary } from '../helpers/servers';
import {
  HARMLESS_CONSOLE_D2, assertNoInputIdentifierOnPage, boardWith, flushFieldKpi, openDashboard2Page, openDashboardPage, readJson, screenshot, startReadyMade,
  waitFor, wholeFileIn, root, type ReadyMade,
} from '../flows/ready-made';

// the wellness platform's staff page and its resident pages, one per district, follow the five pages above
const { DISTRICTS } = require(path.join(root, 'scripts', 'flows', 'wellness-platform.js')) as { DISTRICTS: string[] };
const WELLNESS_PLATFORM_PAGES = ['健康データ分析', ...DISTRICTS.map((d) => `健康のようす（${d}）`)];

const KPI_GROUPS = [
  { kpi: 'hle-male-0', short: 'hle-male', decimals: 1, unit: '歳' },
  { kpi: 'hle-female-0', short: 'hle-female', decimals: 1, unit: '歳' },
  { kpi: 'smart-farming-entrants', short: 'entrants', decimals: 0, unit: '人' },
  { kpi: 'smart-farming-companies', short: 'companies', decimals: 0, unit: '社' },
  { kpi: 'field-temp-in-range', short: 'field', decimals: 1, unit: '%' },
];
/** How JSONata's $formatNumber(x, '#,##0.0…') writes a number (the flow's ui-text values). */
const formatted = (x: number, d: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);

/** The value part of a Dashboard 2.0 ui-text (its label and value are separate elements). */
async function textValue(page: any, id: string, re: RegExp): Promise<string> {
  return waitFor(async () => {
    const t: string | null = await page.evaluate((sel: string) => {
      const el = document.querySelector(sel);
      return el ? (el.querySelector('.nrdb-ui-text-value')?.textContent ?? null) : null;
    }, `#nrdb-ui-widget-${id}`);
    return t !== null && re.test(t.trim()) ? t.trim() : undefined;
  }, `${id} matching ${re}`);
}

describe('Dashboard 2.0: 健康データ and KPIボード, side by side with the classic dashboard', function () {
  this.timeout(120000);
  let demo: ReadyMade | undefined;

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    demo = await startReadyMade();
  });
  after(async () => { if (demo) await demo.stop(); });

  it('runs both dashboards: the classic one at /ui and Dashboard 2.0 at /dashboard', async () => {
    const d = demo as ReadyMade;
    assert.match(d.output(), /dashboard: http:\/\/127\.0\.0\.1:\d+\/ui {3}Dashboard 2\.0: http:\/\/127\.0\.0\.1:\d+\/dashboard/);
    const classic = await openDashboardPage(d, 'ハウス1');
    try {
      await classic.page.waitForSelector('md-card[node-id="gh-house-1-g-temp"] svg text', { timeout: 20000 });
    } finally {
      await classic.browser.close();
    }
    const { browser, page, errors } = await openDashboard2Page(d, '/house-1');
    try {
      await waitFor(async () => (/\d/.test((await page.locator('#nrdb-ui-widget-gh-d2-house-1-g-temp .nrdb-ui-gauge-value span').textContent()) ?? '') ? true : undefined), 'a D2 gauge value');
      // the navigation lists the five pages in order
      await page.locator('header button').first().click();
      const nav = await waitFor(async () => {
        const names: string[] = await page.locator('nav .v-list-item-title').allTextContents();
        return names.length >= 5 ? names : undefined;
      }, 'the navigation drawer');
      assert.deepStrictEqual(nav.map((n) => n.trim()), ['ハウス1', 'ハウス2', '土壌・かん水', '健康データ', 'KPIボード', '作業記録', ...WELLNESS_PLATFORM_PAGES]);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE_D2.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });

  it('健康データ: the figures of the processing report and the chart, nothing about a single person', async () => {
    const d = demo as ReadyMade;
    // the core file-out node writes in place: wait until the report is whole
    const { value: report } = await wholeFileIn(d.folders.reports, /^kdb-sample_加工記録_.*\.json$/,
      readJson as (f: string) => any, 'complete processing report');
    const { browser, page, errors } = await openDashboard2Page(d, '/wellness');
    try {
      assert.strictEqual(await textValue(page, 'wl-d2-t-source', /\S/), 'kdb-sample');
      assert.strictEqual(await textValue(page, 'wl-d2-t-records', /\d/), `${report.deidentify.records} 件`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-released', /\d/), `${report.kAnonymize.released} 件`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-suppressed', /\d/), `${report.kAnonymize.suppressed} 件`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-k', /\d/), `${report.kAnonymize.classSizes.min} 人 (基準 5 人以上)`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-risk', /\d/), `${(report.kAnonymize.risk.prosecutor.highest * 100).toFixed(1)} %`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-failed', /\d/), `${report.deidentify.failed} 行`);
      assert.strictEqual(await textValue(page, 'wl-d2-t-error', /\S/), 'なし');
      assert.match(await textValue(page, 'wl-d2-t-time', /\d/), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
      await page.waitForSelector('#nrdb-ui-widget-wl-d2-chart canvas', { state: 'attached', timeout: 20000 });
      const methods: string = await waitFor(async () => {
        const t = (await page.locator('#nrdb-ui-widget-wl-d2-methods').textContent()) ?? '';
        return t.includes('生年月日') ? t : undefined;
      }, 'the methods table');
      assert.match(methods, /日付を年月に/);
      assert.match(methods, /住所を都道府県＋市区町村に/);
      assert.match(await textValue(page, 'wl-d2-levels', /k = 5/), /^k = 5: /);
      await assertNoInputIdentifierOnPage(page);
      const shot = await screenshot(page, 'dashboard2-wellness-phone.png');
      assert.ok(fs.statSync(shot).size > 20000);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE_D2.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });

  it('KPIボード: each KPI group shows the value, grade and progress the flow computed', async () => {
    const d = demo as ReadyMade;
    await flushFieldKpi(d);
    const latest = await boardWith(d, KPI_GROUPS.map((c) => c.kpi));
    const { browser, page, errors } = await openDashboard2Page(d, '/kpi');
    try {
      for (const c of KPI_GROUPS) {
        const r = latest[c.kpi];
        const p = `kpi-d2-${c.short}`;
        assert.strictEqual(await textValue(page, `${p}-value`, /\d/), `${formatted(r.value, c.decimals)} ${c.unit}`, `${c.kpi} value`);
        assert.strictEqual(await textValue(page, `${p}-grade`, /\S/), r.grade, `${c.kpi} grade`);
        const progress = await waitFor(async () => {
          const t = (await page.locator(`#nrdb-ui-widget-${p}-progress .nrdb-ui-gauge-value span`).textContent()) ?? '';
          return /\d/.test(t) ? Number(t) : undefined;
        }, `${c.kpi} progress gauge`);
        assert.strictEqual(progress, Math.round(r.progress * 100), `${c.kpi} progress`);
        assert.ok((await textValue(page, `${p}-as-of`, /年度/)).startsWith(`${r.fiscalYear}年度の値`), `${c.kpi} fiscal year`);
        assert.ok((await textValue(page, `${p}-plan`, /目標/)).includes(c.unit));
        await page.waitForSelector(`#nrdb-ui-widget-${p}-trend canvas`, { state: 'attached', timeout: 20000 });
      }
      const board: string = await waitFor(async () => {
        const t = (await page.locator('#nrdb-ui-widget-kpi-d2-board').textContent()) ?? '';
        return t.includes('温室の気温が10〜30℃の割合') ? t : undefined;
      }, 'the KPI table');
      for (const name of ['健康寿命（男性）', '健康寿命（女性）', 'スマート農業の新規就農者数', 'スマート農業の参入企業数']) assert.ok(board.includes(name), name);
      assert.match(await textValue(page, 'kpi-d2-field-mean', /°C/), /^\d+\.\d °C \(\d+ 件\)$/);
      await page.waitForTimeout(1000);
      const shot = await screenshot(page, 'dashboard2-kpi-phone.png');
      await page.screenshot({ path: shot.replace(/\.png$/, '-top.png') });
      assert.ok(fs.statSync(shot).size > 20000);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE_D2.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });
});
