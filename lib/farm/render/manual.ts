// The cultivation manual draft rendered: a chart per condition (the best house-seasons' 25–75 % range and median per
// stage beside the others' median), as HTML and as PDF; the Markdown comes from lib/farm/manual.ts.
import type { ManualDraft } from '../manual';
import { toSvg, CHART_FONT } from './charts';
import { esc, page, table } from './html';
import { newDoc, heading, para, drawTable, drawChart } from './pdf';

/** One chart per condition, by metric key. */
export async function manualCharts(d: ManualDraft): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const m of d.stages[0]?.metrics ?? []) {
    const rows = d.stages.map((s) => ({ stage: s.name, ...s.metrics.find((x) => x.key === m.key)?.best, others: s.metrics.find((x) => x.key === m.key)?.others?.q50 }));
    out[m.key] = await toSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 460, height: 150, background: 'white', title: `${m.ja} (${m.unit})`,
      config: { font: CHART_FONT, title: { fontSize: 12, anchor: 'start' } }, data: { values: rows },
      encoding: { x: { field: 'stage', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } } },
      layer: [
        { mark: { type: 'bar', color: '#a5d6a7', size: 28 }, encoding: { y: { field: 'q25', type: 'quantitative', title: m.unit, scale: { zero: false } }, y2: { field: 'q75' } } },
        { mark: { type: 'tick', color: '#1b5e20', thickness: 2, size: 30 }, encoding: { y: { field: 'q50', type: 'quantitative' } } },
        { mark: { type: 'point', shape: 'diamond', color: '#c62828', filled: true, size: 60 }, encoding: { y: { field: 'others', type: 'quantitative' } } },
      ],
    });
  }
  return out;
}

const f = (v: number | undefined, digits: number) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

function stageRows(s: ManualDraft['stages'][number]): string[][] {
  return s.metrics.map((m) => [m.ja, m.unit, m.best ? `${f(m.best.q25, m.digits)}〜${f(m.best.q75, m.digits)}` : '—', f(m.best?.q50, m.digits),
    m.best ? `${f(m.best.q10, m.digits)}〜${f(m.best.q90, m.digits)}` : '—', f(m.others?.q50, m.digits), m.differs ? '✔' : '']);
}
const HEAD = ['項目', '単位', '上位の範囲 (25〜75 %)', '上位の中央値', '上位の 10〜90 %', 'その他の中央値', '差'];
const LEGEND = '緑の帯: 上位の作の 25〜75 %、濃い線: 上位の中央値、赤い菱形: その他の作の中央値';

/** The draft as one HTML page. */
export function manualHtml(d: ManualDraft, charts: Record<string, string>): string {
  const body = `<h1>${esc(d.title)}</h1><p class="meta">作成 ${esc(d.generatedAt)} ・ 自動生成の下書きです</p>
<section id="seasons"><h2>対象の作</h2>${table(['作', '収量 (kg/10a)', '上位'], d.seasons.map((s) => [s.label, s.yieldPer10a.toFixed(1), s.best ? '◎' : '']))}</section>
${d.stages.map((s) => `<section class="stage"><h2>${esc(s.name)}</h2>${table(HEAD, stageRows(s))}</section>`).join('\n')}
<section id="charts"><h2>ステージごとの比較</h2><p class="note">${esc(LEGEND)}</p>${Object.entries(charts).map(([k, svg]) => `<figure class="chart" data-chart="${esc(k)}">${svg}</figure>`).join('')}</section>`;
  return page(d.title, body);
}

/** The draft as PDF: the seasons compared, a table per stage, then the charts. */
export async function manualPdf(d: ManualDraft, charts: Record<string, string>): Promise<Buffer> {
  const { doc, done } = newDoc(d.title);
  heading(doc, d.title, 16);
  para(doc, `作成 ${d.generatedAt} ・ 自動生成の下書きです。普及指導員が確認・加筆して手引書にしてください。`);
  heading(doc, '対象の作', 12);
  drawTable(doc, ['作', '収量 (kg/10a)', '上位'], [0.5, 0.3, 0.2], d.seasons.map((s) => [s.label, s.yieldPer10a.toFixed(1), s.best ? '◎' : '']));
  for (const s of d.stages) {
    heading(doc, s.name, 12);
    drawTable(doc, HEAD, [0.26, 0.1, 0.17, 0.11, 0.15, 0.14, 0.07], stageRows(s));
  }
  doc.addPage();
  heading(doc, 'ステージごとの比較');
  para(doc, LEGEND, 8, '#555');
  Object.values(charts).forEach((svg, i) => {
    if (i > 0 && i % 4 === 0) doc.addPage();
    drawChart(doc, svg, 170);
  });
  doc.end();
  return done;
}
