// Pearson and Spearman correlation on pairwise complete cases, with confidence intervals (Fisher's z; for Spearman
// the variance 1.06/(n − 3) of Fieller, Hartley & Pearson, Biometrika 44 (1957) 470–481) and two-sided p-values from
// t = r·√((n − 2)/(1 − r²)) with n − 2 degrees of freedom (as R's cor.test does for Pearson, and for Spearman when
// the exact test is not used).
import { CivicError } from '../errors';
import { studentTwoSided, zCritical } from './distributions';

/** Correlation coefficients civic-correlate offers. */
export const CORRELATION_METHODS = ['pearson', 'spearman'] as const;
/** One of CORRELATION_METHODS. */
export type CorrelationMethod = typeof CORRELATION_METHODS[number];

/** One pair's coefficient, interval and p-value. */
export interface Correlation {
  x: string; y: string; method: CorrelationMethod; n: number; r: number; ciLow: number; ciHigh: number; p: number; level: number;
}

/** A number from a record value (numbers, numeric strings, booleans as 1/0); undefined when missing or not numeric. */
export function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.normalize('NFKC').trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Ranks 1..n with ties given their average rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]] === values[idx[i]]) j++;
    for (let k = i; k <= j; k++) out[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Pearson's r of two equally long arrays (NaN when either has no variation). */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0; let my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0; let sxx = 0; let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx; const dy = y[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : NaN;
}

/** Correlation of two columns of `rows` over the rows where both are numeric. */
export function correlate(rows: Record<string, unknown>[], x: string, y: string, method: CorrelationMethod, level = 0.95): Correlation {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row || typeof row !== 'object') throw new CivicError('civic-correlate.errors.notRecord', { row: i + 1 }, `record ${i + 1} is not an object`);
    const a = numeric(row[x]);
    const b = numeric(row[y]);
    if (a !== undefined && b !== undefined) { xs.push(a); ys.push(b); }
  }
  const n = xs.length;
  const r = n >= 3 ? (method === 'spearman' ? pearsonR(ranks(xs), ranks(ys)) : pearsonR(xs, ys)) : NaN;
  let ciLow = NaN; let ciHigh = NaN; let p = NaN;
  if (Number.isFinite(r) && n > 3) {
    const se = Math.sqrt((method === 'spearman' ? 1.06 : 1) / (n - 3));
    const z = Math.atanh(Math.max(-0.9999999999999999, Math.min(0.9999999999999999, r)));
    const c = zCritical(level);
    ciLow = Math.tanh(z - c * se);
    ciHigh = Math.tanh(z + c * se);
  }
  if (Number.isFinite(r) && n > 2) p = Math.abs(r) === 1 ? 0 : studentTwoSided(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2);
  return { x, y, method, n, r, ciLow, ciHigh, p, level };
}

/** Every pair of the given columns (each pair once), by each method. */
export function correlationMatrix(rows: Record<string, unknown>[], columns: string[], methods: CorrelationMethod[], level = 0.95): Correlation[] {
  const out: Correlation[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) for (const m of methods) out.push(correlate(rows, columns[i], columns[j], m, level));
  }
  return out;
}
