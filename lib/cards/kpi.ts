// The KPI card: one big-number tile per KPI (value and unit, grade, progress bar, confidence interval when the
// value has one), kept up to date from KPI value messages (README "KPI value") or kpi-progress's board. The card
// keeps the latest value of each KPI so that a page opened later shows every tile.
import { CivicError } from '../errors';
import { autoDecimals, dateText, formatNumber, textsFor, unitText, type CardLang } from './texts';

/** One row of the card's table: how a KPI is titled and written (every field but `kpi` optional). */
export interface KpiCardRow { kpi: string; label?: string; unit?: string; decimals?: number | '' }

/** Options of a KPI card. */
export interface KpiCardOptions {
  /** KPIs to show, in this order; empty: every KPI that arrives, in order of arrival */
  rows?: KpiCardRow[];
  lang?: CardLang;
  timeZone?: string;
  /** most KPIs kept (a bad sender cannot grow memory without bound) */
  maxKpis?: number;
}

/** What the card keeps of one KPI (serialisable). */
export interface KpiEntry {
  kpi: string;
  title?: string | { ja?: string; en?: string };
  value: number | null;
  unit?: string;
  progress: number | null;
  grade: string | null;
  target?: number;
  ci?: [number, number];
  ciLevel?: number;
  fiscalYear?: number;
  /** the period the value stands for (kpi-progress: fiscalYear, month or day) and its key (2025, 2025-06, 2025-06-01) */
  period?: string;
  periodKey?: string;
  asOf?: string;
}

/** One tile as the browser draws it: every text finished, in the card's language. */
export interface KpiTile {
  kpi: string;
  title: string;
  valueText: string;
  unitText: string;
  grade: string;
  gradeClass: 'a' | 'b' | 'c' | 'none';
  gradeText: string;
  barPercent: number | null;
  progressText: string;
  ciText: string;
  periodText: string;
  targetText: string;
}

const MAX_TEXT = 120;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_TEXT) : undefined);

/**
 * The interval of a value: `ciLow`/`ciHigh` (the KPI value contract, 95 %), or `ci: {lower, upper, level}`,
 * `ci: [lower, upper]`, `ciLower`/`ciUpper`, `lower`/`upper`.
 */
function intervalOf(raw: Record<string, unknown>): { ci?: [number, number]; ciLevel?: number } {
  const ci = raw.ci as Record<string, unknown> | unknown[] | undefined;
  let pair: unknown[];
  if (Array.isArray(ci)) pair = ci;
  else if (ci && typeof ci === 'object') pair = [ci.lower ?? ci.low, ci.upper ?? ci.high];
  else pair = [raw.ciLow ?? raw.ciLower ?? raw.lower, raw.ciHigh ?? raw.ciUpper ?? raw.upper];
  if (!finite(pair[0]) || !finite(pair[1])) return {};
  const level = ci && !Array.isArray(ci) && typeof ci === 'object' ? (ci as Record<string, unknown>).level ?? raw.ciLevel : raw.ciLevel;
  return { ci: [Math.min(pair[0], pair[1]), Math.max(pair[0], pair[1])], ciLevel: finite(level) ? level : undefined };
}

/** One KPI value (or board row) as the card keeps it; a CivicError naming the position when it is not one. */
export function toEntry(raw: unknown, index: number): KpiEntry {
  const r = raw as Record<string, unknown>;
  if (!r || typeof r !== 'object' || Array.isArray(r) || !text(r.kpi) || !(finite(r.value) || r.value === null)) {
    throw new CivicError('shared.cards.errors.badKpi', { index: index + 1 }, `KPI value ${index + 1}: needs kpi (text) and value (number)`);
  }
  const progress = finite(r.progress) ? r.progress : finite(r.progressPercent) ? r.progressPercent / 100 : null;
  const name = r.name as KpiEntry['title'];
  return {
    kpi: text(r.kpi)!, value: r.value as number | null, unit: text(r.unit), progress,
    grade: text(r.grade)?.slice(0, 8) ?? null, target: finite(r.target) ? r.target : undefined,
    title: typeof name === 'string' ? text(name) : name && typeof name === 'object' ? { ja: text(name.ja), en: text(name.en) } : undefined,
    fiscalYear: Number.isInteger(r.fiscalYear) ? r.fiscalYear as number : undefined, asOf: text(r.asOf), ...intervalOf(r),
    period: text(r.period), periodKey: text(r.periodKey),
  };
}

/** The KPI values in a message payload: one value, an array of values, or kpi-progress's board (rows or `latest`). */
export function kpiValuesOf(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  const p = payload as Record<string, unknown>;
  if (p && typeof p === 'object' && p.latest && typeof p.latest === 'object' && !('kpi' in p)) return Object.values(p.latest);
  return [payload];
}

/** Keeps the latest value of each KPI and turns them into tiles. */
export class KpiCards {
  private readonly entries = new Map<string, KpiEntry>();
  private readonly rows: KpiCardRow[];
  private readonly lang: CardLang;
  private readonly timeZone: string;
  private readonly maxKpis: number;

  constructor(options: KpiCardOptions = {}) {
    this.rows = (options.rows ?? []).filter((r) => r && typeof r.kpi === 'string' && r.kpi !== '');
    this.lang = options.lang ?? 'ja';
    this.timeZone = options.timeZone ?? 'Asia/Tokyo';
    this.maxKpis = options.maxKpis ?? 100;
  }

  /** Takes a message payload; returns how many KPIs of this card it changed. Nothing is kept when a part is bad. */
  update(payload: unknown): number {
    const entries = kpiValuesOf(payload).map(toEntry);
    const listed = new Set(this.rows.map((r) => r.kpi));
    const mine = entries.filter((e) => listed.size === 0 || listed.has(e.kpi));
    const added = new Set(mine.map((e) => e.kpi).filter((k) => !this.entries.has(k)));
    if (this.entries.size + added.size > this.maxKpis) {
      throw new CivicError('shared.cards.errors.tooMany', { max: this.maxKpis }, `more than ${this.maxKpis} KPIs`);
    }
    for (const e of mine) this.entries.set(e.kpi, e);
    return mine.length;
  }

  /** The tiles in table order (or order of arrival), each with its texts finished. */
  tiles(): KpiTile[] {
    const order = this.rows.length ? this.rows.map((r) => r.kpi) : [...this.entries.keys()];
    return order.map((kpi) => this.tile(kpi, this.entries.get(kpi)));
  }

  /** What the card draws: the tiles and the words shown before any value arrived. */
  view(): { tiles: KpiTile[]; empty: string } {
    return { tiles: this.tiles(), empty: textsFor(this.lang).noData };
  }

  /** The kept values, for node context. */
  snapshot(): KpiEntry[] {
    return [...this.entries.values()];
  }

  /** Restores `snapshot()`; anything unreadable in it is skipped. */
  restore(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const [i, e] of saved.entries()) {
      try {
        const entry = toEntry({ ...e, name: e?.title }, i);
        if (this.entries.size < this.maxKpis) this.entries.set(entry.kpi, entry);
      } catch {
        // a value saved by an older card that no longer reads: start without it
      }
    }
  }

  private tile(kpi: string, e: KpiEntry | undefined): KpiTile {
    const t = textsFor(this.lang);
    const row = this.rows.find((r) => r.kpi === kpi);
    const title = row?.label || (typeof e?.title === 'string' ? e.title : (this.lang === 'ja' ? e?.title?.ja : e?.title?.en) ?? e?.title?.ja) || kpi;
    const unit = unitText(row?.unit || e?.unit, this.lang);
    const value = e?.value ?? null;
    const decimals = typeof row?.decimals === 'number' ? row.decimals : value === null ? 0 : autoDecimals(value);
    const num = (v: number) => formatNumber(v, decimals, this.lang);
    const grade = e?.grade ?? '';
    const percent = e?.progress === null || e?.progress === undefined ? null : Math.round(e.progress * 100);
    const level = e?.ciLevel === undefined ? 95 : e.ciLevel <= 1 ? Math.round(e.ciLevel * 100) : e.ciLevel;
    return {
      kpi, title, unitText: unit, grade,
      valueText: value === null ? t.noData : num(value),
      gradeClass: /^[abc]/i.test(grade) ? (grade[0].toLowerCase() as 'a' | 'b' | 'c') : 'none',
      gradeText: grade ? `${t.grade} ${grade}` : '',
      barPercent: percent === null ? null : Math.max(0, Math.min(100, percent)),
      progressText: percent === null ? '' : `${t.progress} ${percent}%`,
      ciText: e?.ci ? `${level}%${this.lang === 'ja' ? '' : ' '}${t.ci} ${num(e.ci[0])}${this.lang === 'ja' ? '〜' : '–'}${num(e.ci[1])}` : '',
      periodText: this.periodText(e),
      targetText: e?.target === undefined ? '' : `${t.target} ${num(e.target)}${this.lang === 'ja' ? '' : ' '}${unit}`.trim(),
    };
  }

  private periodText(e: KpiEntry | undefined): string {
    const day = e?.period === 'day' && /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.periodKey ?? '');
    if (day) return this.lang === 'ja' ? `${day[1]}/${day[2]}/${day[3]}` : `${day[1]}-${day[2]}-${day[3]}`;
    const month = e?.period === 'month' && /^(\d{4})-(\d{2})$/.exec(e.periodKey ?? '');
    if (month) return this.lang === 'ja' ? `${month[1]}年${Number(month[2])}月` : `${month[1]}-${month[2]}`;
    if (e?.fiscalYear !== undefined) return this.lang === 'ja' ? `${e.fiscalYear}年度` : `FY${e.fiscalYear}`;
    const t = e?.asOf ? Date.parse(e.asOf) : NaN;
    return Number.isFinite(t) ? dateText(t, this.timeZone, this.lang) : '';
  }
}
