// The KPIボード page of `npm start` in headless Chromium (phone size): every KPI card shows the value, grade and
// progress that kpi-progress computed (read back from its context), the trend charts and the overview table are
// drawn, and no console error other than the two known harmless ones.
import assert from 'assert';
import fs from 'fs';
import { requireBinary } from '../helpers/servers';
import { HARMLESS_CONSOLE, boardWith, flushFieldKpi, openDashboardPage, screenshot, startReadyMade, textOf, type ReadyMade } from '../flows/ready-made';

const CARDS = [
  { kpi: 'hle-male-0', card: 'hle-male', decimals: 1, unit: '歳' },
  { kpi: 'hle-female-0', card: 'hle-female', decimals: 1, unit: '歳' },
  { kpi: 'smart-farming-entrants', card: 'entrants', decimals: 0, unit: '人' },
  { kpi: 'smart-farming-companies', card: 'companies', decimals: 0, unit: '社' },
  { kpi: 'field-temp-in-range', card: 'field', decimals: 1, unit: '%' },
];
/** How Angular's number filter (en-US) writes a number with `d` decimals. */
const angularNumber = (x: number, d: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);

describe('dashboard: KPIボード (KPI board page)', function () {
  this.timeout(90000);
  let demo: ReadyMade | undefined;

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    demo = await startReadyMade();
  });
  after(async () => { if (demo) await demo.stop(); });

  it('shows each KPI card with the value, grade and progress the flow computed', async () => {
    const d = demo as ReadyMade;
    await flushFieldKpi(d);
    const latest = await boardWith(d, CARDS.map((c) => c.kpi));
    const { browser, page, errors } = await openDashboardPage(d, 'KPIボード');
    try {
      for (const c of CARDS) {
        const r = latest[c.kpi];
        const sel = `md-card[node-id="kpi-card-${c.card}"]`;
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-value`, /\d/), angularNumber(r.value, c.decimals), `${c.kpi} value`);
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-grade`, /\S/), r.grade, `${c.kpi} grade`);
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-progress`, /\d/), `${angularNumber(r.progress * 100, 0)} %`, `${c.kpi} progress`);
        const card = await textOf(page, sel, /目標/);
        assert.ok(card.includes(`${r.fiscalYear}年度の値`), `${c.kpi} fiscal year`);
        assert.ok(card.includes(c.unit));
        await page.waitForSelector(`md-card[node-id="kpi-trend-${c.card}"] canvas`, { timeout: 20000 });
      }
      const table = await textOf(page, 'md-card[node-id="kpi-board-table"]', /温室の気温が10〜30℃の割合[\s\S]*\d/);
      for (const name of ['健康寿命（男性）', '健康寿命（女性）', 'スマート農業の新規就農者数', 'スマート農業の参入企業数']) assert.ok(table.includes(name), name);
      assert.strictEqual(await page.title(), '羽咋市 スマート農業');
      await page.waitForTimeout(1000);
      const shot = await screenshot(page, 'kpi-board-phone.png');
      assert.ok(fs.statSync(shot).size > 10000);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });
});
