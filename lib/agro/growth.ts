// Growth-stage models: each stage starts when a degree-day sum (daily mean temperature above a base, the Japanese
// 積算温度 practice) or a number of days since an earlier stage is reached. The models and their sources are listed
// in docs/farm.md ("Growth-stage models"); a stage the grower observed (work log) replaces the model's estimate.
import { CivicError } from '../errors';
import { getOwn } from '../util/own';

export interface StageDef {
  id: string;
  nameJa: string;
  nameEn: string;
  /** the stage this one is counted from (default: the previous stage) */
  since?: string;
  /** °C·day (daily mean above the model's base) after `since` */
  gdd?: number;
  /** days after `since` (used when no degree-day figure is published) */
  days?: number;
}

export interface GrowthModel {
  id: string;
  crop: string;
  nameJa: string;
  nameEn: string;
  /** base temperature of the degree-day sums (°C) */
  base: number;
  /** stages in order; the first one starts at the start event (定植 or 播種) */
  stages: StageDef[];
  /** windows after a stage in °C·day, e.g. the harvest window after heading */
  windows?: Array<{ id: string; nameJa: string; nameEn: string; since: string; fromGdd: number; toGdd: number }>;
  /** where the figures come from (shown in reports) */
  sources: string[];
}

/** The growth models of the pack, by id. */
export const GROWTH_MODELS: Readonly<Record<string, GrowthModel>> = {
  'tomato-greenhouse': {
    id: 'tomato-greenhouse', crop: 'tomato', nameJa: 'トマト (ハウス)', nameEn: 'Tomato (greenhouse)', base: 0,
    stages: [
      // Transplanting is done at first-truss flowering, so "flowering → first harvest ≈ 1,000 °C·day" dates the first harvest.
      { id: 'transplant', nameJa: '定植・着果肥大期', nameEn: 'Transplant to first harvest' },
      { id: 'harvest', nameJa: '収穫期', nameEn: 'Harvest', gdd: 1000 },
    ],
    sources: ['大玉トマトの開花から収穫までの積算温度 約1,000℃ (日平均気温の積算、ミニトマト約800℃)'],
  },
  'rice-koshihikari': {
    id: 'rice-koshihikari', crop: 'rice', nameJa: '水稲 コシヒカリ', nameEn: 'Paddy rice, Koshihikari', base: 0,
    stages: [
      { id: 'transplant', nameJa: '移植〜出穂 (栄養・生殖成長期)', nameEn: 'Transplanting to heading' },
      { id: 'heading', nameJa: '出穂〜成熟 (登熟期)', nameEn: 'Heading to maturity', gdd: 1710 },
      { id: 'maturity', nameJa: '成熟期', nameEn: 'Maturity', gdd: 1050 },
    ],
    windows: [{ id: 'harvest', nameJa: '刈取適期', nameEn: 'Harvest window', since: 'heading', fromGdd: 950, toGdd: 1150 }],
    sources: [
      '移植〜出穂 1,710℃: コシヒカリ5作 (2014〜2018年) の移植日から出穂期までの日平均気温の積算の平均 1,711℃',
      '出穂〜成熟 1,050℃: 長野県 諏訪地域振興局 (2025) 成熟期の目安「コシヒカリ」出穂期からの積算温度 1,050℃',
      '刈取適期 950〜1,150℃: NOSAI 品種別収穫適期のめやす「コシヒカリ」登熟積算気温 950〜1,150℃',
    ],
  },
  'sweetcorn-open-field': {
    id: 'sweetcorn-open-field', crop: 'sweetcorn', nameJa: 'スイートコーン (露地)', nameEn: 'Sweet corn (open field)', base: 0,
    stages: [
      { id: 'sowing', nameJa: '播種〜出芽', nameEn: 'Sowing to emergence' },
      { id: 'emergence', nameJa: '出芽〜絹糸抽出', nameEn: 'Emergence to silking', gdd: 150 },
      { id: 'silking', nameJa: '絹糸抽出〜収穫', nameEn: 'Silking to harvest', since: 'sowing', days: 60 },
      { id: 'harvest', nameJa: '収穫期', nameEn: 'Harvest', days: 23 },
    ],
    sources: [
      '出芽: 日平均気温の積算 125〜175℃ (タキイ種苗 スイートコーンの住みやすい環境; 中央値 150℃)',
      '絹糸抽出: 4〜5月播きで播種後およそ2か月、収穫期: 絹糸抽出から約23日',
    ],
  },
};

/** Model ids, in the order the editor lists them. */
export const GROWTH_MODEL_IDS = Object.keys(GROWTH_MODELS);

/** Crops that have a model (the work log's crop choices). */
export const CROPS = [...new Set(Object.values(GROWTH_MODELS).map((m) => m.crop))];

/** The model for a crop or model id; a translated error when there is none. */
export function growthModel(idOrCrop: string): GrowthModel {
  const m = getOwn(GROWTH_MODELS, idOrCrop) ?? Object.values(GROWTH_MODELS).find((x) => x.crop === idOrCrop);
  if (!m) throw new CivicError('shared.farm.errors.unknownCrop', {}, 'no growth model for this crop');
  return m;
}

/** One day of the season: its date and mean temperature (°C); a missing mean ends what the model can tell. */
export interface DayTemp { date: string; tmean?: number }

/** A stage of a season: when it started and ended, how it is known, and its degree days. */
export interface StageSpan {
  id: string; nameJa: string; nameEn: string;
  start: string;
  /** the day the next stage started (exclusive), or undefined while it lasts */
  end?: string;
  /** 'observed' (work log), 'model' (from temperatures) or 'estimate' (needs temperatures not yet measured: normals) */
  basis: 'observed' | 'model' | 'estimate';
  days: number;
  gdd: number;
}

const DAY_MS = 86400000;

/** 'YYYY-MM-DD' + n days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b ('YYYY-MM-DD'). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Degree days of one day: max(0, tmean − base). */
export function dayGdd(tmean: number, base: number): number {
  return Math.max(0, tmean - base);
}

interface Cursor { date: string; basis: StageSpan['basis'] }

/**
 * Walks day by day from `from` until `gdd` degree days have been summed (or `days` days passed). Measured days come
 * from `temps`; past them `normal(date)` (a climatological mean) gives an estimate, or, without it, undefined.
 */
function reach(from: Cursor, need: { gdd?: number; days?: number }, base: number, temps: Map<string, number>,
  normal: ((date: string) => number) | undefined, limitDays: number): Cursor | undefined {
  if (need.days !== undefined) {
    // A calendar stage: known from the measured record while it falls within it, an estimate beyond.
    const date = addDays(from.date, need.days);
    const lastMeasured = [...temps.keys()].sort().pop();
    const measured = from.basis !== 'estimate' && lastMeasured !== undefined && addDays(lastMeasured, 1) >= date;
    return { date, basis: measured ? 'model' : 'estimate' };
  }
  let sum = 0;
  let basis: StageSpan['basis'] = from.basis === 'estimate' ? 'estimate' : 'model';
  for (let i = 0, d = from.date; i < limitDays; i++, d = addDays(d, 1)) {
    let t = temps.get(d);
    if (t === undefined) {
      if (!normal) return undefined;
      t = normal(d);
      basis = 'estimate';
    }
    sum += dayGdd(t, base);
    if (sum >= (need.gdd ?? 0)) return { date: addDays(d, 1), basis };
  }
  return undefined;
}

/** Sum of degree days over [a, b) from measured days (normals for the unmeasured ones when given). */
export function gddBetween(a: string, b: string, base: number, temps: Map<string, number>, normal?: (date: string) => number): number {
  let sum = 0;
  for (let d = a; d < b; d = addDays(d, 1)) {
    const t = temps.get(d) ?? normal?.(d);
    if (t !== undefined) sum += dayGdd(t, base);
  }
  return Math.round(sum * 10) / 10;
}

/**
 * The stage timeline of a season: each stage's start from the grower's observation when logged, else from the
 * model (measured temperatures, then `normal` for days not yet measured). `until` closes the last stage (season end
 * or today). Stages the model cannot reach within a year are left out.
 */
export function stageTimeline(model: GrowthModel, startDate: string, days: DayTemp[], options: {
  observed?: Record<string, string>; normal?: (date: string) => number; until?: string;
} = {}): StageSpan[] {
  const temps = new Map<string, number>();
  for (const d of days) if (typeof d.tmean === 'number' && Number.isFinite(d.tmean)) temps.set(d.date, d.tmean);
  const starts = new Map<string, Cursor>();
  model.stages.forEach((s, i) => {
    const seen = options.observed?.[s.id];
    if (i === 0) { starts.set(s.id, { date: startDate, basis: 'observed' }); return; }
    if (seen) { starts.set(s.id, { date: seen, basis: 'observed' }); return; }
    const from = starts.get(s.since ?? model.stages[i - 1].id);
    const at = from && reach(from, { gdd: s.gdd, days: s.days }, model.base, temps, options.normal, 400);
    if (at) starts.set(s.id, at);
  });
  const spans: StageSpan[] = [];
  const known = model.stages.filter((s) => starts.has(s.id));
  known.forEach((s, i) => {
    const c = starts.get(s.id)!;
    const next = known[i + 1] ? starts.get(known[i + 1].id)!.date : options.until;
    const end = next && next > c.date ? next : undefined;
    const last = end ?? options.until ?? c.date;
    spans.push({ id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, start: c.date, end, basis: c.basis,
      days: Math.max(0, daysBetween(c.date, last)), gdd: gddBetween(c.date, last, model.base, temps) });
  });
  return spans;
}

/** Date windows of a model (e.g. the rice harvest window) for a timeline: [from, to) dates, or none when unreached. */
export function modelWindows(model: GrowthModel, spans: StageSpan[], days: DayTemp[], normal?: (date: string) => number):
  Array<{ id: string; nameJa: string; nameEn: string; from: string; to: string; basis: StageSpan['basis'] }> {
  const temps = new Map<string, number>();
  for (const d of days) if (typeof d.tmean === 'number') temps.set(d.date, d.tmean);
  const out: Array<{ id: string; nameJa: string; nameEn: string; from: string; to: string; basis: StageSpan['basis'] }> = [];
  for (const w of model.windows ?? []) {
    const s = spans.find((x) => x.id === w.since);
    if (!s) continue;
    const from = reach({ date: s.start, basis: s.basis }, { gdd: w.fromGdd }, model.base, temps, normal, 400);
    const to = from && reach({ date: s.start, basis: s.basis }, { gdd: w.toGdd }, model.base, temps, normal, 400);
    if (from && to) out.push({ id: w.id, nameJa: w.nameJa, nameEn: w.nameEn, from: from.date, to: to.date, basis: to.basis });
  }
  return out;
}
