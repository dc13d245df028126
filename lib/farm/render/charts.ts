// Charts of the reports as SVG, drawn on the server by Vega-Lite → Vega (no browser): the same SVG goes inline into
// the HTML report and through svg-to-pdfkit into the PDF. Vega is ESM with top-level await, which a CommonJS
// `require` cannot load, so it comes in through a real dynamic import.
import type { SeasonReport } from '../report';

// TypeScript compiles `import()` to `require()` for CommonJS output; this keeps a true dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

let libs: Promise<{ vega: any; vl: any }> | undefined;

/** Loads Vega and Vega-Lite once per process (worker). */
export function chartLibraries(): Promise<{ vega: any; vl: any }> {
  libs ??= Promise.all([importEsm('vega'), importEsm('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
}

export const CHART_FONT = 'Noto Sans JP, Hiragino Sans, sans-serif';
const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 460, height: 170, background: 'white',
  config: { font: CHART_FONT, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelFontSize: 10, orient: 'bottom' }, title: { fontSize: 13, anchor: 'start' } },
};
const DATE_AXIS = { type: 'temporal', title: null, axis: { format: '%m/%d', labelAngle: 0 } };

/** A Vega-Lite spec → SVG text. */
export async function toSvg(spec: object): Promise<string> {
  const { vega, vl } = await chartLibraries();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG() as string;
  view.finalize();
  return svg;
}

/** Long-format points of chosen day fields, with Japanese series names. */
function series(days: SeasonReport['days'], fields: Array<[keyof SeasonReport['days'][number], string]>, scale = 1) {
  return days.flatMap((d) => fields.filter(([k]) => typeof d[k] === 'number').map(([k, name]) => ({ date: d.date, series: name, value: (d[k] as number) * scale })));
}

/** Vertical rules and labels at the stage starts. */
function stageLayer(report: SeasonReport) {
  const values = report.stages.slice(1).map((s) => ({ date: s.start, name: s.name.split('〜')[0] }));
  return [
    { data: { values }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'date', ...DATE_AXIS } } },
    { data: { values }, mark: { type: 'text', align: 'left', dx: 3, dy: -4, fontSize: 9, color: '#555', y: 0 }, encoding: { x: { field: 'date', ...DATE_AXIS }, text: { field: 'name' } } },
  ];
}

/** The season report's charts as SVG, by name. */
export async function seasonCharts(report: SeasonReport): Promise<Record<string, string>> {
  const line = (title: string, y: string, values: object[], colors: string[]) => ({ ...BASE, title, layer: [
    { data: { values }, mark: { type: 'line', strokeWidth: 1.4 }, encoding: { x: { field: 'date', ...DATE_AXIS },
      y: { field: 'value', type: 'quantitative', title: y, scale: { zero: false } }, color: { field: 'series', type: 'nominal', title: null, scale: { range: colors } } } },
    ...stageLayer(report)] });
  let sum = 0;
  const cumulative = report.days.filter((d) => typeof d.tmean === 'number').map((d) => ({ date: d.date, series: '積算温度', value: Math.round((sum += Math.max(0, d.tmean!)) * 10) / 10 }));
  const bars = (title: string, y: string, values: object[], color: string) => ({ ...BASE, title, layer: [
    { data: { values }, mark: { type: 'bar', color }, encoding: { x: { field: 'date', ...DATE_AXIS }, y: { field: 'value', type: 'quantitative', title: y } } },
    ...stageLayer(report)] });
  const specs: Record<string, object> = {
    temperature: line('気温 (昼・夜の平均、最高・最低)', '°C', series(report.days, [['tday', '昼の平均'], ['tnight', '夜の平均'], ['tmax', '最高'], ['tmin', '最低']]),
      ['#e65100', '#1565c0', '#ef9a9a', '#90caf9']),
    gdd: line('積算温度 (日平均気温の積算)', '°C·日', cumulative, ['#2e7d32']),
    deficit: bars('飽差が適正範囲 (3〜6 g/m³) にあった時間の割合', '%', series(report.days, [['deficitBand', '割合']], 100), '#00897b'),
    dli: bars('日積算光量 (DLI)', 'mol/m²/日', series(report.days, [['dli', 'DLI']]), '#f9a825'),
    soil: line('土壌水分と EC', '% / dS/m', series(report.days, [['soilMoisture', '土壌水分 (%)'], ['soilEC', 'EC (dS/m) ×10']]).map((p) => (p.series.startsWith('EC') ? { ...p, value: p.value * 10 } : p)),
      ['#6d4c41', '#7b1fa2']),
    yield: { ...BASE, title: '週ごとの収量', data: { values: report.weekly }, mark: { type: 'bar', color: '#c62828' },
      encoding: { x: { field: 'week', type: 'ordinal', title: '週 (月曜日)', axis: { labelAngle: -45 } }, y: { field: 'kg', type: 'quantitative', title: 'kg' } } },
  };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = await toSvg(spec);
  return out;
}
