// HTML of the reports: one self-contained page (inline CSS and SVG charts, no script), readable on a phone, printable.
import type { SeasonReport } from '../report';

/** Escapes text for HTML. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** A number for a table cell ('—' when unknown). */
export function fmt(v: number | undefined, digits = 1): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** A table with a header row; cells are escaped. */
export function table(headers: string[], rows: Array<Array<string | number>>, cls = ''): string {
  return `<div class="scroll"><table class="${esc(cls)}"><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

/** The page frame shared by every report. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans JP","Hiragino Sans","Yu Gothic",sans-serif;margin:0;padding:12px;color:#222;background:#f6f8f6;line-height:1.5}
main{max-width:980px;margin:0 auto}
h1{font-size:1.35rem;color:#1b5e20;margin:.4em 0}h2{font-size:1.1rem;color:#2e7d32;border-bottom:2px solid #c8e6c9;padding-bottom:2px;margin-top:1.4em}
section{background:#fff;border-radius:6px;padding:8px 12px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #e0e0e0;padding:4px 6px;text-align:left;white-space:nowrap}
th{background:#e8f5e9}.chart svg{max-width:100%;height:auto}.meta{color:#555;font-size:.9rem}.kpis{display:flex;flex-wrap:wrap;gap:8px}
.kpi{background:#e8f5e9;border-radius:6px;padding:6px 10px;min-width:120px}.kpi b{display:block;font-size:1.2rem}.note{font-size:.8rem;color:#666}
@media print{body{background:#fff}section{box-shadow:none}}
</style></head><body><main>
${body}
</main></body></html>
`;
}

const BASIS: Record<string, string> = { observed: '記録', model: 'モデル', estimate: '予測' };

/** The season report as one HTML page. */
export function seasonHtml(r: SeasonReport, charts: Record<string, string>): string {
  const chart = (name: string) => `<figure class="chart" data-chart="${esc(name)}">${charts[name] ?? ''}</figure>`;
  const kpi = (label: string, value: string) => `<div class="kpi">${esc(label)}<b>${esc(value)}</b></div>`;
  const body = `<h1>${esc(r.title)}</h1>
<p class="meta">ハウス ${esc(r.house)} ・ 作物 ${esc(r.cropJa)} (${esc(r.modelJa)}) ・ 期間 ${esc(r.start)} 〜 ${esc(r.end)}${r.ended ? '' : ' (栽培中)'} ・ 作成 ${esc(r.generatedAt)}</p>
<section id="summary"><h2>まとめ</h2><div class="kpis">
${kpi('日数', `${r.totals.days} 日`)}${kpi('積算温度', `${fmt(r.totals.gdd, 0)} °C·日`)}${kpi('収量', `${fmt(r.totals.kg, 1)} kg`)}
${kpi('昼 / 夜の平均気温', `${fmt(r.totals.tday)} / ${fmt(r.totals.tnight)} °C`)}${kpi('警報', `${r.totals.alerts} 件 (${r.totals.alertMinutes} 分)`)}</div></section>
<section id="stages"><h2>生育ステージ</h2>
${table(['ステージ', '開始', '終了', '根拠', '日数', '積算温度 (°C·日)', '昼の気温', '夜の気温', '飽差 適正 (%)', 'DLI', '土壌水分 (%)', 'EC (dS/m)', '灌水 (回)'],
    r.stages.map((s) => [s.name, s.start, s.end ?? '—', BASIS[s.basis], s.days, fmt(s.gdd, 0), fmt(s.tday), fmt(s.tnight), fmt(s.deficitBandPct), fmt(s.dli), fmt(s.soilMoisture), fmt(s.soilEC, 2), s.irrigations]), 'stages')}
${r.windows.map((w) => `<p>${esc(w.name)}: ${esc(w.from)} 〜 ${esc(w.to)}</p>`).join('')}
<p class="note">ステージの根拠: 記録 = 作業記録 (生育観察・初収穫)、モデル = 測定した日平均気温の積算、予測 = 平年値による見込み。出典: ${r.sources.map(esc).join(' / ')}</p></section>
<section id="climate"><h2>気温・飽差・光</h2>${chart('temperature')}${chart('gdd')}${chart('deficit')}${chart('dli')}</section>
<section id="soil"><h2>灌水と EC</h2>${chart('soil')}<p>灌水 ${r.irrigationDates.length} 回</p></section>
<section id="alerts"><h2>警報</h2>${r.alerts.length ? table(['発生', '解除', '継続 (分)', '確認', '重要度', '項目', '内容'],
    r.alerts.map((a) => [a.start, a.end, a.minutes ?? '—', a.ack, a.severity, a.metric, a.message]), 'alerts') : '<p>この期間の警報はありません。</p>'}</section>
<section id="yield"><h2>週ごとの収量</h2>${chart('yield')}${table(['週 (月曜日)', '収量 (kg)'], r.weekly.map((w) => [w.week, fmt(w.kg)]), 'weekly')}</section>
<section id="worklog"><h2>作業記録</h2>${table(['日時', '作業', '内容', '記録者'], r.log.map((e) => [e.date, e.work, e.text, e.who]), 'worklog')}</section>`;
  return page(r.title, body);
}
