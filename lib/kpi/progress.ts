// KPI progress against a baseline and a target (docs/domain.md §5): two conventions, lower-is-better KPIs, grading
// bands, linear interim targets per fiscal year (April–March), and a board of the latest value of every KPI.
import { CivicError } from '../errors';
import { fiscalYearOfKey, periodKey, toEpoch, type Period } from '../time';
import { getOwn, setOwn } from '../util/own';

/** Which way is better for a KPI. */
export const DIRECTIONS = ['higher', 'lower'] as const;
/** How progress is graded: (actual − baseline)/(target − baseline) or actual/target. */
export const PROGRESS_METHODS = ['progress', 'ratio'] as const;
/** Languages of KPI names on the board. */
export const BOARD_LANGUAGES = ['ja', 'en'] as const;
/** How many periods of history a KPI keeps (fiscal years: the board's maxYears). */
const KEEP: Record<Period, number> = { fiscalYear: 30, month: 120, day: 400 };

/** One KPI as the city defines it (editable in the kpi-progress node's table). */
export interface KpiDefinition {
  id: string;
  nameJa?: string;
  nameEn?: string;
  unit?: string;
  baseline: number;
  /** fiscal year of the baseline value (default FY2023) */
  baselineYear: number;
  target: number;
  /** fiscal year by which the target should be reached (default FY2028) */
  targetYear: number;
  /** 'higher' (default) or 'lower' is better */
  direction?: 'higher' | 'lower';
  /** 'progress' = (actual−baseline)/(target−baseline) (default); 'ratio' = actual/target (target/actual when lower is better) */
  method?: 'progress' | 'ratio';
  /** grade against the linear interim target of the value's fiscal year instead of the final target */
  interim?: boolean;
  /** grading bands for this KPI, e.g. "A>=100;B>=60;C" (percent); default: the node's bands */
  bands?: string;
  /** the period a value stands for: a fiscal year (default), a month or a day (e.g. daily visitors) */
  period?: Period;
}

/** A grading band: `grade` when the graded figure ≥ `min` (a fraction, 1 = 100 %); null min = otherwise. */
export interface Band { grade: string; min: number | null }

/** Default grading: A ≥ 100 %, B ≥ 60 %, C otherwise. */
export const DEFAULT_BANDS = 'A>=100;B>=60;C';

/** The city's four KPIs (baseline FY2023, target FY2028 by default; both editable). */
export const CITY_KPIS: KpiDefinition[] = [
  { id: 'hle-male-0', nameJa: '健康寿命（男性）', nameEn: 'Healthy life expectancy (men)', unit: 'years',
    baseline: 65.9, baselineYear: 2023, target: 66.9, targetYear: 2028, direction: 'higher', method: 'progress' },
  { id: 'hle-female-0', nameJa: '健康寿命（女性）', nameEn: 'Healthy life expectancy (women)', unit: 'years',
    baseline: 67.1, baselineYear: 2023, target: 68.1, targetYear: 2028, direction: 'higher', method: 'progress' },
  { id: 'smart-farming-entrants', nameJa: 'スマート農業の新規就農者数', nameEn: 'Smart-farming entrants', unit: 'persons',
    baseline: 0, baselineYear: 2023, target: 10, targetYear: 2028, direction: 'higher', method: 'progress' },
  { id: 'smart-farming-companies', nameJa: 'スマート農業の参入企業数', nameEn: 'Smart-farming companies', unit: 'companies',
    baseline: 1, baselineYear: 2023, target: 3, targetYear: 2028, direction: 'higher', method: 'progress' },
];

/** Parses grading bands "A>=100;B>=60;C" (also "A≥100, B:60, C"); thresholds in percent, the last one without. */
export function parseBands(text: string): Band[] {
  const parts = String(text ?? '').split(/[;,、\n]+/).map((s) => s.normalize('NFKC').trim()).filter(Boolean);
  const bands: Band[] = [];
  for (const part of parts) {
    const m = /^([^\s>=≥:]+)\s*(?:(?:>=|≥|:|=)\s*(-?\d+(?:\.\d+)?)\s*%?)?$/.exec(part);
    if (!m) throw new CivicError('civic-kpi-progress.errors.badBands', { bands: text }, `bad grading bands "${text}"`);
    bands.push({ grade: m[1], min: m[2] === undefined ? null : Number(m[2]) / 100 });
  }
  const fallback = bands.filter((b) => b.min === null);
  if (bands.length === 0 || fallback.length !== 1 || bands[bands.length - 1].min !== null) {
    throw new CivicError('civic-kpi-progress.errors.badBands', { bands: text }, `grading bands "${text}" need one last grade without a threshold`);
  }
  const ranked = bands.slice(0, -1).sort((x, y) => (y.min as number) - (x.min as number));
  return [...ranked, fallback[0]];
}

/** The grade of a figure (fraction) under `bands`. */
export function gradeOf(figure: number, bands: Band[]): string {
  for (const b of bands) if (b.min === null || figure >= b.min - 1e-12) return b.grade;
  return bands[bands.length - 1].grade;
}

/** Checks a definition: numbers finite, years ordered, the target on the better side of the baseline. */
export function checkDefinition(def: KpiDefinition): KpiDefinition {
  const bad = (field: string): never => {
    throw new CivicError('civic-kpi-progress.errors.badDefinition', { kpi: def?.id ?? '?', field }, `KPI ${def?.id ?? '?'}: ${field} is invalid`);
  };
  if (!def || typeof def.id !== 'string' || def.id.trim() === '') bad('id');
  for (const f of ['baseline', 'target', 'baselineYear', 'targetYear'] as const) {
    if (typeof def[f] !== 'number' || !Number.isFinite(def[f])) bad(f);
  }
  if (def.targetYear < def.baselineYear) bad('targetYear');
  const lower = def.direction === 'lower';
  if (def.target !== def.baseline && (def.target < def.baseline) !== lower) bad('direction');
  if (def.bands) parseBands(def.bands);
  return def;
}

/** Linear interim target for fiscal year `fy`: baseline at baselineYear → target at targetYear, held outside. */
export function interimTarget(def: KpiDefinition, fy: number): number {
  if (def.targetYear === def.baselineYear || fy >= def.targetYear) return def.target;
  if (fy <= def.baselineYear) return def.baseline;
  return def.baseline + ((def.target - def.baseline) * (fy - def.baselineYear)) / (def.targetYear - def.baselineYear);
}

/** Result of measuring one value against its KPI. */
export interface Progress {
  /** (actual − baseline)/(target − baseline) against the final target (null when target = baseline) */
  progress: number | null;
  /** actual/target (target/actual when lower is better) against the final target (null when undefined) */
  ratio: number | null;
  /** the target the grade was measured against (interim target of the fiscal year, or the final target) */
  gradedAgainst: number;
  /** the figure graded: progress or ratio (per method) against `gradedAgainst` */
  achievement: number;
  grade: string;
  /** the value reached (or beat) `gradedAgainst` */
  met: boolean;
}

function progressOf(actual: number, baseline: number, target: number): number | null {
  return target === baseline ? null : (actual - baseline) / (target - baseline);
}

function ratioOf(actual: number, target: number, lower: boolean): number | null {
  const r = lower ? target / actual : actual / target;
  return Number.isFinite(r) ? r : null;
}

/** Measures `actual` of fiscal year `fy` against a KPI (see Progress); `bands` from parseBands. */
export function measure(def: KpiDefinition, actual: number, fy: number, bands: Band[]): Progress {
  const lower = def.direction === 'lower';
  const against = def.interim ? interimTarget(def, fy) : def.target;
  const met = lower ? actual <= against : actual >= against;
  const graded = def.method === 'ratio' ? ratioOf(actual, against, lower) : progressOf(actual, def.baseline, against);
  const achievement = graded ?? (met ? 1 : 0);
  return {
    progress: progressOf(actual, def.baseline, def.target),
    ratio: ratioOf(actual, def.target, lower),
    gradedAgainst: against,
    achievement,
    grade: gradeOf(achievement, def.bands ? parseBands(def.bands) : bands),
    met,
  };
}

/** The KPI value message contract (lib/schemas/kpi.message.schema.json). */
export interface KpiValue {
  kpi: string;
  value: number;
  unit: string;
  baseline?: number;
  target?: number;
  progress?: number | null;
  grade?: string;
  asOf: string;
  method: string;
  [extra: string]: unknown;
}

/** A progress record: the KPI value contract plus everything the board shows. */
export interface ProgressRecord extends KpiValue {
  name: { ja: string; en: string };
  direction: 'higher' | 'lower';
  baseline: number;
  baselineYear: number;
  target: number;
  targetYear: number;
  fiscalYear: number;
  progress: number | null;
  ratio: number | null;
  interimTarget: number;
  gradedAgainst: number;
  achievement: number;
  grade: string;
  met: boolean;
  /** how the value itself was computed (e.g. "sullivan"), when the input said so */
  source?: string;
  /** the period the value stands for and its key ("2025", "2025-06", "2025-06-01") */
  period: Period;
  periodKey: string;
  /** the confidence interval of the value, when the input had one */
  ciLow?: number;
  ciHigh?: number;
  se?: number;
}

/** One period of a KPI's history. */
export interface HistoryPoint { value: number; asOf: string; ciLow?: number; ciHigh?: number }

/** State kept in context: the latest record per KPI and the last value per KPI and fiscal year. */
export interface BoardState {
  latest: Record<string, ProgressRecord>;
  /** by KPI, by period key */
  history: Record<string, Record<string, HistoryPoint>>;
}

/** Options of a KPI board. */
export interface BoardOptions { bands?: string; timeZone?: string; maxYears?: number }

/** Tracks KPI values against their definitions; serialisable for node context. */
export class KpiBoard {
  private readonly defs = new Map<string, KpiDefinition>();
  private readonly bands: Band[];
  private readonly timeZone: string;
  private readonly maxYears: number;
  state: BoardState = { latest: {}, history: {} };

  constructor(definitions: KpiDefinition[], options: BoardOptions = {}) {
    this.bands = parseBands(options.bands ?? DEFAULT_BANDS);
    this.timeZone = options.timeZone ?? 'Asia/Tokyo';
    this.maxYears = options.maxYears ?? 30;
    for (const d of definitions) {
      checkDefinition(d);
      if (this.defs.has(d.id)) throw new CivicError('civic-kpi-progress.errors.duplicate', { kpi: d.id }, `KPI ${d.id} is defined twice`);
      this.defs.set(d.id, d);
    }
  }

  /** Ids of the defined KPIs, in table order. */
  ids(): string[] {
    return [...this.defs.keys()];
  }

  /** Restores state saved by `snapshot()` (unknown KPIs are kept, so a removed row can come back). */
  restore(state: unknown): void {
    const s = state as BoardState | undefined;
    if (s && typeof s === 'object' && s.latest && s.history) this.state = structuredClone(s);
  }

  /** A deep copy of the state, for context. */
  snapshot(): BoardState {
    return structuredClone(this.state);
  }

  /**
   * Records a value of KPI `kpi` at `asOf` (ms, ISO text; default now) and returns its progress record.
   * `fiscalYear` overrides the fiscal year derived from asOf (e.g. a FY2024 statistic published in FY2025).
   */
  update(kpi: string, value: unknown, asOf: unknown, now: number, extra: UpdateExtra = {}): ProgressRecord {
    const def = this.defs.get(kpi);
    if (!def) throw new CivicError('civic-kpi-progress.errors.unknownKpi', { kpi: String(kpi) }, `unknown KPI "${String(kpi)}"`);
    const v = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(v)) throw new CivicError('civic-kpi-progress.errors.notNumber', { kpi }, `KPI ${kpi}: the value is not a number`);
    const at = toEpoch(asOf) ?? now;
    const period = def.period ?? 'fiscalYear';
    const fyGiven = typeof extra.fiscalYear === 'number' || typeof extra.fiscalYear === 'string' ? Number(extra.fiscalYear) : NaN;
    // a fiscal-year KPI may be told its year (a FY2024 statistic published in FY2025); shorter periods follow asOf
    const key = period === 'fiscalYear' && Number.isInteger(fyGiven) ? String(fyGiven) : periodKey(at, period, this.timeZone);
    const fy = period === 'fiscalYear' ? Number(key) : fiscalYearOfKey(key);
    const p = measure(def, v, fy, this.bands);
    const ci = intervalOf(extra);
    const record: ProgressRecord = {
      kpi, value: v, unit: def.unit ?? '',
      name: { ja: def.nameJa ?? def.id, en: def.nameEn ?? def.nameJa ?? def.id },
      direction: def.direction ?? 'higher', method: def.method ?? 'progress',
      baseline: def.baseline, baselineYear: def.baselineYear, target: def.target, targetYear: def.targetYear,
      fiscalYear: fy, period, periodKey: key, asOf: new Date(at).toISOString(),
      progress: p.progress, ratio: p.ratio, interimTarget: interimTarget(def, fy), gradedAgainst: p.gradedAgainst,
      achievement: p.achievement, grade: p.grade, met: p.met, ...ci,
    };
    if (typeof extra.method === 'string' && extra.method) record.source = extra.method;
    this.remember(kpi, key, { value: v, asOf: record.asOf, ...(ci.ciLow !== undefined ? { ciLow: ci.ciLow, ciHigh: ci.ciHigh } : {}) }, at,
      period === 'fiscalYear' ? this.maxYears : KEEP[period]);
    const latest = getOwn(this.state.latest, kpi);
    if (!latest || Date.parse(latest.asOf) <= at) setOwn(this.state.latest, kpi, record);
    return record;
  }

  private remember(kpi: string, key: string, point: HistoryPoint, at: number, keep: number): void {
    const periods = getOwn(this.state.history, kpi) ?? setOwn(this.state.history, kpi, {});
    const prev = periods[key];
    if (!prev || Date.parse(prev.asOf) <= at) periods[key] = point;
    const keys = Object.keys(periods).sort();
    while (keys.length > keep) delete periods[keys.shift() as string];
  }

  /** History of a KPI in period order: [{ period, fiscalYear, value, asOf, ciLow?, ciHigh? }]. */
  history(kpi: string): Array<{ period: string; fiscalYear: number } & HistoryPoint> {
    const periods = getOwn(this.state.history, kpi) ?? {};
    return Object.keys(periods).sort().map((k) => ({ period: k, fiscalYear: fiscalYearOfKey(k), ...periods[k] }));
  }

  /** One row per defined KPI for a dashboard table (value null until one arrives); percentages rounded to 0.1. */
  board(lang: 'ja' | 'en' = 'ja'): BoardRow[] {
    const pct = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1000) / 10);
    return [...this.defs.values()].map((d) => {
      const r = getOwn(this.state.latest, d.id);
      const p = r ? measure(d, r.value, r.fiscalYear, this.bands) : undefined; // current definitions, not stale ones
      return {
        kpi: d.id, name: lang === 'en' ? d.nameEn ?? d.nameJa ?? d.id : d.nameJa ?? d.nameEn ?? d.id, unit: d.unit ?? '',
        baseline: d.baseline, baselineYear: d.baselineYear, target: d.target, targetYear: d.targetYear,
        direction: d.direction ?? 'higher', method: d.method ?? 'progress',
        period: d.period ?? 'fiscalYear', periodKey: r ? r.periodKey : null,
        value: r ? r.value : null, fiscalYear: r ? r.fiscalYear : null, asOf: r ? r.asOf : null,
        ciLow: r?.ciLow ?? null, ciHigh: r?.ciHigh ?? null,
        progressPercent: p ? pct(p.progress) : null, ratioPercent: p ? pct(p.ratio) : null,
        achievementPercent: p ? pct(p.achievement) : null, grade: p ? p.grade : null,
      };
    });
  }
}

/** What an input may say beside the value: its fiscal year, how it was computed, its confidence interval. */
export interface UpdateExtra { fiscalYear?: unknown; method?: unknown; ciLow?: unknown; ciHigh?: unknown; se?: unknown }

/** The interval of a value when the input carried a consistent one (ciLow ≤ ciHigh, finite numbers). */
function intervalOf(extra: UpdateExtra): { ciLow?: number; ciHigh?: number; se?: number } {
  const { ciLow, ciHigh, se } = extra;
  const ok = typeof ciLow === 'number' && typeof ciHigh === 'number' && Number.isFinite(ciLow) && Number.isFinite(ciHigh) && ciLow <= ciHigh;
  return ok ? { ciLow, ciHigh, ...(typeof se === 'number' && Number.isFinite(se) ? { se } : {}) } : {};
}

/** A row of the KPI board table. */
export interface BoardRow {
  kpi: string; name: string; unit: string; baseline: number; baselineYear: number; target: number; targetYear: number;
  direction: 'higher' | 'lower'; method: 'progress' | 'ratio'; period: Period; periodKey: string | null;
  value: number | null; fiscalYear: number | null; asOf: string | null; ciLow: number | null; ciHigh: number | null;
  progressPercent: number | null; ratioPercent: number | null; achievementPercent: number | null; grade: string | null;
}
