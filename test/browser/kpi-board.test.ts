// The KPIボード page of `npm start` in headless Chromium (phone size), on both dashboards: every KPI card shows the
// value, grade, progress and 95 % confidence interval that kpi-progress computed (read back from its context); the
// trend charts, the what-if, the cut needed for +1 year, the change since last year and its decomposition by age are
// drawn with the figures the sample life tables give (computed here with the library); no console error other than
// the two known harmless ones of the classic dashboard.
import assert from 'assert';
import fs from 'fs';
import { requireBinary } from '../helpers/servers';
import { HARMLESS_CONSOLE, HARMLESS_CONSOLE_D2, boardWith, flushFieldKpi, openDashboardPage, openDashboard2Page, screenshot, startReadyMade,
  textOf, waitFor, type ReadyMade } from '../flows/ready-made';
import { sampleAnalysis } from '../flows/kpi-samples';

const CARDS = [
  { kpi: 'hle-male-0', card: 'hle-male', decimals: 1, unit: '歳', ci: true },
  { kpi: 'hle-female-0', card: 'hle-female', decimals: 1, unit: '歳', ci: true },
  { kpi: 'smart-farming-entrants', card: 'entrants', decimals: 0, unit: '人', ci: false },
  { kpi: 'smart-farming-companies', card: 'companies', decimals: 0, unit: '社', ci: false },
  { kpi: 'field-temp-in-range', card: 'field', decimals: 1, unit: '%', ci: false },
];
const SEXES = [{ sex: 'male', file: 'lifetable-male.csv' }, { sex: 'female', file: 'lifetable-female.csv' }];
/** How Angular's number filter (en-US) and JSONata's $formatNumber write a number with `d` decimals. */
const fmt = (x: number, d: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);

async function d2Text(page: any, id: string, re: RegExp): Promise<string> {
  return waitFor(async () => {
    const t: string | null = await page.evaluate((sel: string) => document.querySelector(sel)?.querySelector('.nrdb-ui-text-value')?.textContent ?? null,
      `#nrdb-ui-widget-${id}`);
    return t !== null && re.test(t.trim()) ? t.trim() : undefined;
  }, `${id} matching ${re}`);
}

describe('dashboard: KPIボード (KPI board page, classic and Dashboard 2.0)', function () {
  this.timeout(120000);
  let demo: ReadyMade | undefined;

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    demo = await startReadyMade();
  });
  after(async () => { if (demo) await demo.stop(); });

  it('classic (/ui): each KPI card with value, 95 % interval, grade and progress; what-if and change per sex', async () => {
    const d = demo as ReadyMade;
    await flushFieldKpi(d);
    const latest = await boardWith(d, CARDS.map((c) => c.kpi));
    const { browser, page, errors } = await openDashboardPage(d, 'KPIボード');
    try {
      for (const c of CARDS) {
        const r = latest[c.kpi];
        const sel = `md-card[node-id="kpi-card-${c.card}"]`;
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-value`, /\d/), fmt(r.value, c.decimals), `${c.kpi} value`);
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-grade`, /\S/), r.grade, `${c.kpi} grade`);
        assert.strictEqual(await textOf(page, `${sel} .civic-kpi-progress`, /\d/), `${fmt(r.progress * 100, 0)} %`, `${c.kpi} progress`);
        const ci = await textOf(page, `${sel} .civic-kpi-ci`, /\S/);
        assert.strictEqual(ci, c.ci ? `95%信頼区間 ${fmt(r.ciLow, c.decimals)}〜${fmt(r.ciHigh, c.decimals)} ${c.unit}` : '信頼区間なし (全数を数えた値)', `${c.kpi} CI`);
        if (c.ci) assert.ok(r.ciLow < r.value && r.value < r.ciHigh);
        const card = await textOf(page, sel, /目標/);
        assert.ok(card.includes(`${r.fiscalYear}年度の値`), `${c.kpi} fiscal year`);
        await page.waitForSelector(`md-card[node-id="kpi-trend-${c.card}"] canvas`, { timeout: 20000 });
      }
      for (const s of SEXES) {
        const { latest: a, change } = sampleAnalysis(s.file);
        const sel = `md-card[node-id="kpi-analysis-${s.sex}"]`;
        assert.strictEqual(await textOf(page, `${sel} .civic-whatif-gain`, /\d/), `+${fmt(a.whatIf?.[0].gain as number, 2)} 年`, `${s.sex} what-if`);
        const need = a.required?.[0];
        assert.ok(need?.reachable, 'the sample town can gain a year by lowering dependency at 65+');
        assert.strictEqual(await textOf(page, `${sel} .civic-required-cut`, /\d/), `${fmt(need?.cut as number, 0)}%`, `${s.sex} cut for +1 year`);
        const diff = change.test.difference;
        assert.strictEqual(await textOf(page, `${sel} .civic-change-diff`, /\d/), `${diff >= 0 ? '+' : ''}${fmt(diff, 2)} 年`, `${s.sex} change`);
        assert.strictEqual(await textOf(page, `${sel} .civic-change-p`, /\d/), `p = ${fmt(change.test.p, 3)}`, `${s.sex} p`);
        assert.strictEqual(await textOf(page, `${sel} .civic-change-mortality`, /\d/), fmt(change.decomposition.mortality, 2));
        assert.strictEqual(await textOf(page, `${sel} .civic-change-disability`, /\d/), fmt(change.decomposition.disability, 2));
        await page.waitForSelector(`md-card[node-id="kpi-decomp-${s.sex}"] canvas`, { timeout: 20000 });
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

  it('Dashboard 2.0 (/dashboard/kpi): the 95 % interval of each KPI, the what-if, the change and its decomposition', async () => {
    const d = demo as ReadyMade;
    const latest = await boardWith(d, CARDS.map((c) => c.kpi));
    const { browser, page, errors } = await openDashboard2Page(d, '/kpi');
    try {
      for (const c of CARDS) {
        const r = latest[c.kpi];
        const text = await d2Text(page, `kpi-d2-${c.card}-ci`, /\S/);
        assert.strictEqual(text, c.ci ? `${fmt(r.ciLow, c.decimals)}〜${fmt(r.ciHigh, c.decimals)} ${c.unit}` : 'なし (全数を数えた値)', `${c.kpi} CI`);
      }
      for (const s of SEXES) {
        const { latest: a, change } = sampleAnalysis(s.file);
        const q = `kpi-d2-analysis-${s.sex}`;
        const w = a.whatIf?.[0];
        assert.strictEqual(await d2Text(page, `${q}-whatif`, /\d/),
          `65歳以上の不健康な人の割合が 10% 減ると +${fmt(w?.gain as number, 2)} 年 (${fmt(w?.hle as number, 1)} → ${fmt(w?.hleWhatIf as number, 1)} 年)`);
        assert.strictEqual(await d2Text(page, `${q}-required`, /\d/), `${fmt(a.required?.[0].cut as number, 0)}%`);
        const diff = change.test.difference;
        assert.strictEqual(await d2Text(page, `${q}-change`, /\d/),
          `${diff >= 0 ? '+' : ''}${fmt(diff, 2)} 年 (z = ${fmt(change.test.z, 2)}、p = ${fmt(change.test.p, 3)})`);
        assert.strictEqual(await d2Text(page, `${q}-parts`, /\d/),
          `死亡率 ${fmt(change.decomposition.mortality, 2)} 年・不健康割合 ${fmt(change.decomposition.disability, 2)} 年`);
        await page.waitForSelector(`#nrdb-ui-widget-${q}-decomp canvas`, { state: 'attached', timeout: 20000 });
      }
      const shot = await screenshot(page, 'dashboard2-kpi-analysis-phone.png');
      assert.ok(fs.statSync(shot).size > 20000);
      assert.deepStrictEqual(errors.filter((e) => !HARMLESS_CONSOLE_D2.some((re) => re.test(e))), []);
    } finally {
      await browser.close();
    }
  });
});
