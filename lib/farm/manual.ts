// The cultivation manual draft (栽培手引書の下書き): across houses and seasons of one crop, per growth stage, the range
// of the key daily conditions in the best-yielding house-seasons (quantiles), and where the other house-seasons
// differed. An extension officer edits the Markdown into the 手引書 (docs/farm.md says how).
import type { SeasonReport } from './report';

/** The conditions compared, with their Japanese names and units. */
export const MANUAL_METRICS = [
  { key: 'tday', ja: '昼の平均気温', unit: '°C', digits: 1 },
  { key: 'tnight', ja: '夜の平均気温', unit: '°C', digits: 1 },
  { key: 'deficitBand', ja: '飽差が適正範囲にあった割合', unit: '%', digits: 0, scale: 100 },
  { key: 'dli', ja: '日積算光量 (DLI)', unit: 'mol/m²/日', digits: 1 },
  { key: 'soilMoisture', ja: '土壌水分', unit: '%', digits: 1 },
  { key: 'soilEC', ja: '土壌 EC', unit: 'dS/m', digits: 2 },
] as const;

/** Quantile by linear interpolation between order statistics (Hyndman & Fan 1996, type 7; R's default). */
export function quantile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}

export interface MetricRange {
  key: string; ja: string; unit: string; digits: number;
  best?: { q10: number; q25: number; q50: number; q75: number; q90: number; n: number };
  others?: { q50: number; n: number };
  /** the others' median lies outside the best group's 25–75 % range */
  differs: boolean;
}

export interface ManualDraft {
  kind: 'manual';
  title: string; crop: string; cropJa: string; generatedAt: string;
  seasons: Array<{ label: string; yieldPer10a: number; best: boolean }>;
  stages: Array<{ id: string; name: string; metrics: MetricRange[] }>;
}

/** One house-season: its report and the house area (m²) for the yield per 10 a. */
export interface ManualInput { report: SeasonReport; areaM2: number }

function values(r: SeasonReport, stageId: string, key: string, scale: number): number[] {
  const s = r.stages.find((x) => x.id === stageId);
  if (!s) return [];
  const until = s.end ?? '9999-12-31';
  return r.days.filter((d) => d.date >= s.start && d.date < until)
    .map((d) => (d as unknown as Record<string, number | undefined>)[key])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => v * scale);
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Builds the draft for one crop: house-seasons ranked by yield per 10 a, the best third (at least one) against the rest.
 * Only completed seasons belong in a manual; the caller passes those.
 */
export function buildManual(inputs: ManualInput[], generatedAt: string): ManualDraft {
  const ranked = inputs.map((i) => ({ ...i, y: i.report.totals.kg / Math.max(1, i.areaM2) * 1000 })).sort((a, b) => b.y - a.y);
  const nBest = Math.max(1, Math.ceil(ranked.length / 3));
  const best = ranked.slice(0, nBest);
  const others = ranked.slice(nBest);
  const first = ranked[0]?.report;
  const stageIds = first ? first.stages.map((s) => [s.id, s.name] as const) : [];
  const stages = stageIds.map(([id, name]) => ({
    id, name,
    metrics: MANUAL_METRICS.map((m) => {
      const scale = 'scale' in m ? m.scale : 1;
      const b = best.flatMap((x) => values(x.report, id, m.key, scale)).sort((p, q) => p - q);
      const o = others.flatMap((x) => values(x.report, id, m.key, scale)).sort((p, q) => p - q);
      const range: MetricRange = { key: m.key, ja: m.ja, unit: m.unit, digits: m.digits, differs: false };
      if (b.length) range.best = { q10: round(quantile(b, 0.1), m.digits), q25: round(quantile(b, 0.25), m.digits), q50: round(quantile(b, 0.5), m.digits),
        q75: round(quantile(b, 0.75), m.digits), q90: round(quantile(b, 0.9), m.digits), n: b.length };
      if (o.length) range.others = { q50: round(quantile(o, 0.5), m.digits), n: o.length };
      range.differs = Boolean(range.best && range.others && (range.others.q50 < range.best.q25 || range.others.q50 > range.best.q75));
      return range;
    }),
  }));
  const cropJa = first?.cropJa ?? '';
  return {
    kind: 'manual', title: `栽培手引書 (下書き) ${cropJa}`, crop: first?.crop ?? '', cropJa, generatedAt,
    seasons: ranked.map((x, i) => ({ label: `${x.report.house} ${x.report.season} 作`, yieldPer10a: round(x.y, 1), best: i < nBest })),
    stages,
  };
}

/** The draft as Markdown, with the editing notes an extension officer starts from. */
export function manualMarkdown(d: ManualDraft): string {
  const f = (v: number | undefined, digits: number) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
  const lines = [`# ${d.title}`, '', `作成: ${d.generatedAt} (自動生成の下書きです。普及指導員が確認・加筆して手引書にしてください)`, '',
    '## 編集のしかた', '',
    '- 各表の「上位の範囲」は、収量 (10a 当たり) が上位 3 分の 1 の作の日ごとの値の 25〜75 % 点です。目標範囲の案として使えます。',
    '- 「差」に ✔ がある項目は、その他の作の中央値が上位の範囲から外れていた項目です。管理のポイントとして文章で補ってください。',
    '- 数値は測定値の要約です。品種・作型・ハウスの構造の違いは反映されていません。', '',
    '## 対象の作', '', '| 作 | 収量 (kg/10a) | 上位 |', '|---|---:|:---:|',
    ...d.seasons.map((s) => `| ${s.label} | ${s.yieldPer10a.toFixed(1)} | ${s.best ? '◎' : ''} |`), ''];
  for (const s of d.stages) {
    lines.push(`## ${s.name}`, '', '| 項目 | 単位 | 上位の範囲 (25〜75 %) | 上位の中央値 | 上位の 10〜90 % | その他の中央値 | 差 |', '|---|---|---|---:|---|---:|:---:|');
    for (const m of s.metrics) {
      const b = m.best;
      lines.push(`| ${m.ja} | ${m.unit} | ${b ? `${f(b.q25, m.digits)}〜${f(b.q75, m.digits)}` : '—'} | ${f(b?.q50, m.digits)} | ${b ? `${f(b.q10, m.digits)}〜${f(b.q90, m.digits)}` : '—'} | ${f(m.others?.q50, m.digits)} | ${m.differs ? '✔' : ''} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
