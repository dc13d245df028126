// PDF of the reports with pdfkit: Noto Sans JP embedded (subset) from the @expo-google-fonts/noto-sans-jp package
// (SIL Open Font License 1.1), the same SVG charts drawn as vectors by svg-to-pdfkit, tables paginated with a fixed
// number of rows per page so the layout is predictable.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { SeasonReport } from '../report';
import { fmt } from './html';

/** The embedded fonts (regular, bold). */
export const FONTS = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
};

export type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN;

/** A new A4 document with the Japanese fonts registered; `done` resolves with the bytes after `doc.end()`. */
export function newDoc(title: string): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Producer: 'node-red-contrib-civic-iot', Creator: 'node-red-contrib-civic-iot' } });
  doc.registerFont('jp', FONTS.regular);
  doc.registerFont('jp-bold', FONTS.bold);
  doc.font('jp');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  return { doc, done };
}

/** A heading line. */
export function heading(doc: Doc, text: string, size = 14): void {
  doc.font('jp-bold').fontSize(size).fillColor('#1b5e20').text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3).font('jp').fontSize(9).fillColor('#222');
}

/** A paragraph. */
export function para(doc: Doc, text: string, size = 9, color = '#222'): void {
  doc.font('jp').fontSize(size).fillColor(color).text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3);
}

/**
 * A table at the current position; column widths as fractions of the page width. Cells stay on one line (cut with
 * an ellipsis). Returns the rows that did not fit (for the next page).
 */
export function drawTable(doc: Doc, headers: string[], widths: number[], rows: string[][], maxRows = Infinity): string[][] {
  const h = 14;
  let y = doc.y;
  const cols = widths.map((w) => w * WIDTH);
  const row = (cells: string[], bold: boolean, fill?: string) => {
    if (fill) doc.rect(MARGIN, y - 2, WIDTH, h).fill(fill);
    let x = MARGIN;
    doc.font(bold ? 'jp-bold' : 'jp').fontSize(8).fillColor('#222');
    cells.forEach((c, i) => { doc.text(c, x + 2, y, { width: cols[i] - 4, height: h, ellipsis: true, lineBreak: false }); x += cols[i]; });
    y += h;
  };
  row(headers, true, '#e8f5e9');
  const fit = Math.min(maxRows, Math.floor((doc.page.height - MARGIN - y) / h));
  rows.slice(0, fit).forEach((r) => row(r, false));
  doc.x = MARGIN;
  doc.y = y + 6;
  return rows.slice(fit);
}

/** An SVG chart scaled to the page width at the current position. */
export function drawChart(doc: Doc, svg: string | undefined, height = 190): void {
  if (!svg) return;
  SVGtoPDF(doc, svg, MARGIN, doc.y, { width: WIDTH, height, preserveAspectRatio: 'xMinYMin meet', fontCallback: () => 'jp' });
  doc.y += height + 8;
  doc.x = MARGIN;
}

/** Rows per page of the long tables (alerts, work log). */
export const ROWS_PER_PAGE = 40;

/** Adds pages with a table of `rows` (ROWS_PER_PAGE each, at least one page). */
export function tablePages(doc: Doc, title: string, headers: string[], widths: number[], rows: string[][], empty: string): void {
  let rest = rows;
  let first = true;
  do {
    doc.addPage();
    heading(doc, first ? title : `${title} (続き)`);
    if (!rows.length) para(doc, empty);
    else rest = drawTable(doc, headers, widths, rest, ROWS_PER_PAGE);
    first = false;
  } while (rest.length);
}

const BASIS: Record<string, string> = { observed: '記録', model: 'モデル', estimate: '予測' };

/** The season report as PDF: summary and stages, climate charts, soil and yield, alerts, work log. */
export async function seasonPdf(r: SeasonReport, charts: Record<string, string>): Promise<Buffer> {
  const { doc, done } = newDoc(r.title);
  heading(doc, r.title, 16);
  para(doc, `ハウス ${r.house} ・ 作物 ${r.cropJa} (${r.modelJa}) ・ 期間 ${r.start} 〜 ${r.end}${r.ended ? '' : ' (栽培中)'} ・ 作成 ${r.generatedAt}`);
  para(doc, `日数 ${r.totals.days} 日 ・ 積算温度 ${fmt(r.totals.gdd, 0)} °C·日 ・ 収量 ${fmt(r.totals.kg)} kg ・ 昼 / 夜の平均気温 ${fmt(r.totals.tday)} / ${fmt(r.totals.tnight)} °C ・ 警報 ${r.totals.alerts} 件 (${r.totals.alertMinutes} 分)`, 10);
  heading(doc, '生育ステージ', 12);
  drawTable(doc, ['ステージ', '開始', '終了', '根拠', '日数', '積算温度', '昼', '夜', '飽差適正%', 'DLI', '水分%', 'EC', '灌水'],
    [0.2, 0.1, 0.1, 0.06, 0.05, 0.07, 0.05, 0.05, 0.08, 0.05, 0.06, 0.06, 0.07],
    r.stages.map((s) => [s.name, s.start, s.end ?? '—', BASIS[s.basis], String(s.days), fmt(s.gdd, 0), fmt(s.tday), fmt(s.tnight), fmt(s.deficitBandPct), fmt(s.dli), fmt(s.soilMoisture), fmt(s.soilEC, 2), String(s.irrigations)]));
  for (const w of r.windows) para(doc, `${w.name}: ${w.from} 〜 ${w.to}`);
  para(doc, `根拠: 記録 = 作業記録、モデル = 日平均気温の積算、予測 = 平年値による見込み。出典: ${r.sources.join(' / ')}`, 7, '#666');
  drawChart(doc, charts.temperature, 200);
  doc.addPage();
  heading(doc, '積算温度・飽差・光');
  drawChart(doc, charts.gdd);
  drawChart(doc, charts.deficit);
  drawChart(doc, charts.dli);
  doc.addPage();
  heading(doc, '灌水と EC・収量');
  para(doc, `灌水 ${r.irrigationDates.length} 回`);
  drawChart(doc, charts.soil);
  drawChart(doc, charts.yield, 200);
  const weekHeaders = ['週 (月曜日)', '収量 (kg)', '週 (月曜日)', '収量 (kg)'];
  const moreWeeks = drawTable(doc, weekHeaders, [0.25, 0.25, 0.25, 0.25], pairs(r.weekly.map((w) => [w.week, fmt(w.kg)])), 14);
  if (moreWeeks.length) tablePages(doc, '週ごとの収量', weekHeaders, [0.25, 0.25, 0.25, 0.25], moreWeeks, '');
  tablePages(doc, '警報', ['発生', '解除', '分', '確認', '重要度', '項目', '内容'], [0.15, 0.15, 0.06, 0.15, 0.08, 0.11, 0.3],
    r.alerts.map((a) => [a.start, a.end, a.minutes === undefined ? '—' : String(a.minutes), a.ack, a.severity, a.metric, a.message]), 'この期間の警報はありません。');
  tablePages(doc, '作業記録', ['日時', '作業', '内容', '記録者'], [0.18, 0.1, 0.57, 0.15], r.log.map((e) => [e.date, e.work, e.text, e.who]), '記録はありません。');
  doc.end();
  return done;
}

/** Two (week, kg) pairs per table row, so the weekly table stays short. */
function pairs(rows: string[][]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < rows.length; i += 2) out.push([...rows[i], ...(rows[i + 1] ?? ['', ''])]);
  return out;
}
