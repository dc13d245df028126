// The risk model of care-need certification: dataset rows (civic-store-query's person-level dataset, or any array)
// → design matrix of the chosen predictors (numbers, yes/no answers, one level of a category) on complete cases →
// logistic regression → odds ratios per the chosen unit and a plain-Japanese reading of the strongest factors,
// with "what helps" limited to factors a resident can change.
import { CivicError } from '../errors';
import { numeric } from './correlation';
import type { LogisticFit } from './logistic';
import { getOwn } from '../util/own';

/** How a predictor's values are read: number, yes/no, or one level of a category. */
export const PREDICTOR_TYPES = ['number', 'yes', 'level'] as const;
/** One of PREDICTOR_TYPES. */
export type PredictorType = typeof PREDICTOR_TYPES[number];

/** A predictor of the risk model and how the reading names it. */
export interface Predictor {
  field: string;
  /** Japanese name for the reading, e.g. '運動の習慣' */
  label: string;
  type: PredictorType;
  /** 'level': the value that counts as 1 (e.g. '男'); others count as 0 */
  level?: string;
  /** 'number': the step the odds ratio is reported for (e.g. 10 for blood pressure) and its unit */
  unit?: number; unitName?: string;
  /** a resident can change it (exercise, going out…): eligible for "what helps" */
  modifiable?: boolean;
}

const YES = new Set(['はい', 'あり', '有', 'yes', 'true', '1', 'y']);
const NO = new Set(['いいえ', 'なし', '無', 'no', 'false', '0', 'n']);

function value(v: unknown, p: Predictor): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (p.type === 'number') return numeric(v);
  if (p.type === 'yes') {
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = String(v).normalize('NFKC').trim().toLowerCase();
    return YES.has(s) ? 1 : NO.has(s) ? 0 : numeric(v) === undefined ? undefined : Number(numeric(v)! > 0);
  }
  return String(v) === p.level ? 1 : 0;
}

/** Complete cases: the predictor matrix and the 0/1 outcome, with how many rows were left out. */
export function designFrom(rows: Record<string, unknown>[], predictors: Predictor[], outcome: string): { X: number[][]; y: number[]; dropped: number } {
  if (!predictors.length) throw new CivicError('civic-risk-model.errors.noPredictors', {}, 'choose at least one predictor');
  const X: number[][] = [];
  const y: number[] = [];
  let dropped = 0;
  for (const row of rows) {
    if (!row || typeof row !== 'object') { dropped++; continue; }
    const o = value(getOwn(row, outcome), { field: outcome, label: '', type: 'yes' });
    const xs = predictors.map((p) => value(getOwn(row, p.field), p));
    if (o === undefined || xs.some((x) => x === undefined)) { dropped++; continue; }
    X.push(xs as number[]);
    y.push(o);
  }
  return { X, y, dropped };
}

const fmt = (x: number, d = 1) => x.toFixed(d);

/** One sentence per factor, in plain Japanese, from its odds ratio per unit. */
export function describeFactor(p: Predictor, estimate: number, se: number, z: number, outcomeText: string): string {
  const unit = p.type === 'number' ? (p.unit ?? 1) : 1;
  const or = Math.exp(estimate * unit);
  const lo = Math.exp((estimate - z * se) * unit);
  const hi = Math.exp((estimate + z * se) * unit);
  const who = p.type === 'number' ? `${p.label}が${unit}${p.unitName ?? ''}高いごとに` : p.type === 'level' ? `${p.label}の人は` : `${p.label}がある人は`;
  const effect = or >= 1 ? `約${fmt(or)}倍` : `約${Math.round((1 - or) * 100)}%低く`;
  return `${who}、${outcomeText}見込み (オッズ) が${effect}${or >= 1 ? 'でした' : 'なっていました'} (95%信頼区間 ${fmt(lo, 2)}〜${fmt(hi, 2)} 倍)。`;
}

/** The plain-Japanese reading of a fitted model. */
export interface RiskReading { top: string[]; whatHelps: string[]; caution: string }

/** The plain reading: the strongest significant factors (by |z|), and the modifiable ones that lower the risk or raise it. */
export function readModel(fit: LogisticFit, predictors: Predictor[], outcomeText: string, top = 3): RiskReading {
  const zc = (fit.coefficients[1]?.ciHigh - fit.coefficients[1]?.estimate) / fit.coefficients[1]?.se || 1.959963984540054;
  const factors = fit.coefficients.slice(1).map((c, i) => ({ c, p: predictors[i] })).filter((f) => f.c.p < 0.05 && Number.isFinite(f.c.se))
    .sort((a, b) => Math.abs(b.c.z) - Math.abs(a.c.z));
  const helps = factors.filter((f) => f.p.modifiable).map((f) => {
    const better = f.c.estimate < 0;
    const thing = f.p.type === 'number' ? `${f.p.label}が${better ? '多い' : '少ない'}こと` : `${f.p.label}が${better ? 'ある' : 'ない'}こと`;
    return `${thing}: ${describeFactor(f.p, f.c.estimate, f.c.se, zc, outcomeText)}`;
  });
  return {
    top: factors.slice(0, top).map((f) => describeFactor(f.p, f.c.estimate, f.c.se, zc, outcomeText)),
    whatHelps: helps,
    caution: 'ほかの項目の影響をそろえて比べた結果 (関連) で、原因と結果を示すものではありません。',
  };
}
