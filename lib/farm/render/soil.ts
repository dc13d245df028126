// The soil sheet rendered: an HTML page and a PDF for the grower, and the public page (no personal data) that a QR
// code on the produce points to; the QR code is drawn as SVG by the qrcode package and embedded in both.
import QRCode from 'qrcode';
import type { SoilSheet } from '../soil';
import { esc, fmt, page, table } from './html';
import { drawTable, heading, newDoc, para } from './pdf';
import SVGtoPDF from 'svg-to-pdfkit';

/** The QR code of a URL as SVG. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 160 });
}

function body(s: SoilSheet, qr: string, url: string): string {
  const verdict = s.record.naturalFarming
    ? `化学合成の農薬・肥料: 使用の記録なし (この作の作業記録 ${s.record.checked} 件を確認)`
    : `化学合成の資材: ${s.record.synthetic} 回使用 (この作の作業記録 ${s.record.checked} 件から)`;
  return `<h1>${esc(s.title)}</h1><p class="meta">${esc(s.crop)}${s.season ? ` ・ ${esc(s.season)} 作` : ''} ・ 作成 ${esc(s.generatedAt)}</p>
<section id="analysis"><h2>土壌分析 (採取 ${esc(s.analysis.sampledOn)}${s.analysis.lab ? `、${esc(s.analysis.lab)}` : ''})</h2>
${table(['項目', '値', '単位'], s.analysis.values.map((v) => [v.ja, fmt(v.value, v.unit === '%' || v.unit === '' ? 1 : 2), v.unit]), 'soil')}</section>
<section id="record"><h2>栽培の記録</h2><p class="verdict"><b>${esc(verdict)}</b></p>
${s.record.inputs.length ? table(['日付', '作業', '資材', '化学合成'], s.record.inputs.map((i) => [i.date, i.work, i.product, i.synthetic ? 'あり' : 'なし']), 'inputs') : '<p>施肥・防除の記録はありません。</p>'}</section>
${s.conditions ? `<section id="conditions"><h2>この作の条件</h2><p>日数 ${s.conditions.days} 日 ・ 積算温度 ${fmt(s.conditions.gdd, 0)} °C·日 ・ 昼 / 夜の平均気温 ${fmt(s.conditions.tday)} / ${fmt(s.conditions.tnight)} °C</p></section>` : ''}
<section id="qr"><h2>この情報のページ</h2><figure class="qr">${qr}</figure><p class="note">${esc(url)}</p></section>`;
}

/** The grower's sheet (HTML). */
export function soilHtml(s: SoilSheet, qr: string, url: string): string {
  return page(s.title, body(s, qr, url));
}

/** The public page: the same content; the sheet holds no personal data (no grower, no notes). */
export function soilPublicHtml(s: SoilSheet, qr: string, url: string): string {
  return page(`${s.field} の土と栽培の記録`, body({ ...s, title: `${s.field} の土と栽培の記録` }, qr, url));
}

/** The sheet as a one-page PDF with the QR code. */
export async function soilPdf(s: SoilSheet, qr: string, url: string): Promise<Buffer> {
  const { doc, done } = newDoc(s.title);
  heading(doc, s.title, 16);
  para(doc, `${s.crop}${s.season ? ` ・ ${s.season} 作` : ''} ・ 作成 ${s.generatedAt}`);
  heading(doc, `土壌分析 (採取 ${s.analysis.sampledOn}${s.analysis.lab ? `、${s.analysis.lab}` : ''})`, 12);
  drawTable(doc, ['項目', '値', '単位'], [0.5, 0.25, 0.25], s.analysis.values.map((v) => [v.ja, fmt(v.value, v.unit === '%' || v.unit === '' ? 1 : 2), v.unit]));
  heading(doc, '栽培の記録', 12);
  para(doc, s.record.naturalFarming ? `化学合成の農薬・肥料: 使用の記録なし (この作の作業記録 ${s.record.checked} 件を確認)`
    : `化学合成の資材: ${s.record.synthetic} 回使用 (この作の作業記録 ${s.record.checked} 件から)`, 10);
  drawTable(doc, ['日付', '作業', '資材', '化学合成'], [0.2, 0.15, 0.45, 0.2], s.record.inputs.map((i) => [i.date, i.work, i.product, i.synthetic ? 'あり' : 'なし']), 14);
  if (s.conditions) para(doc, `この作: 日数 ${s.conditions.days} 日 ・ 積算温度 ${fmt(s.conditions.gdd, 0)} °C·日 ・ 昼 / 夜の平均気温 ${fmt(s.conditions.tday)} / ${fmt(s.conditions.tnight)} °C`);
  SVGtoPDF(doc, qr, 40, doc.y + 6, { width: 120, height: 120 });
  doc.y += 130;
  para(doc, url, 8, '#555');
  doc.end();
  return done;
}
