// Logistic regression by iteratively reweighted least squares (IRLS, i.e. Newton–Raphson on the log-likelihood;
// McCullagh & Nelder, Generalized Linear Models, 2nd ed., §4.4): coefficients, standard errors from the inverse
// Fisher information, Wald z, p-values and confidence intervals, odds ratios, log-likelihoods and the AUC.
// Linear algebra (the p×p solve and inverse) is ml-matrix's Cholesky decomposition.
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { CivicError } from '../errors';
import { normalTwoSided, zCritical } from './distributions';

/** One fitted coefficient with its SE, test, interval and odds ratio. */
export interface Coefficient {
  name: string; estimate: number; se: number; z: number; p: number; ciLow: number; ciHigh: number;
  oddsRatio: number; orLow: number; orHigh: number;
}

/** A fitted logistic regression. */
export interface LogisticFit {
  coefficients: Coefficient[]; n: number; events: number; iterations: number; converged: boolean;
  logLik: number; nullLogLik: number; auc: number; level: number;
  /** true when some estimate ran away (complete or quasi-complete separation): its SE and CI are not meaningful */
  separation: boolean;
}

/** Names, intercept, iteration limits and confidence level of a fit. */
export interface LogisticOptions { names?: string[]; intercept?: boolean; maxIterations?: number; tolerance?: number; level?: number }

/** log(1 + e^x) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Log-likelihood of 0/1 outcomes given linear predictors. */
function logLikelihood(eta: Float64Array, y: ArrayLike<number>): number {
  let ll = 0;
  for (let i = 0; i < eta.length; i++) ll += y[i] * eta[i] - log1pExp(eta[i]);
  return ll;
}

/** Area under the ROC curve (Mann–Whitney U with average ranks for ties). */
export function auc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]] === 1) { rankSumPos += avg; pos++; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Row-major design matrix with an optional leading column of ones. */
function design(rows: ArrayLike<number>[], intercept: boolean): { X: Float64Array; n: number; p: number } {
  const n = rows.length;
  const k = n ? rows[0].length : 0;
  const p = k + (intercept ? 1 : 0);
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== k) throw new CivicError('civic-risk-model.errors.shape', { row: i + 1 }, `row ${i + 1} has a different number of values`);
    let at = i * p;
    if (intercept) X[at++] = 1;
    for (let j = 0; j < k; j++) X[at + j] = r[j];
  }
  return { X, n, p };
}

/** One Newton step's pieces: X'WX and X'(y − μ) at the current linear predictor. */
function normalEquations(X: Float64Array, n: number, p: number, eta: Float64Array, y: ArrayLike<number>): { info: Matrix; score: number[] } {
  const info = new Float64Array(p * p);
  const score = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const mu = 1 / (1 + Math.exp(-eta[i]));
    const w = mu * (1 - mu);
    const r = y[i] - mu;
    const at = i * p;
    for (let a = 0; a < p; a++) {
      const xa = X[at + a];
      score[a] += xa * r;
      const wxa = w * xa;
      for (let b = a; b < p; b++) info[a * p + b] += wxa * X[at + b];
    }
  }
  const m = new Matrix(p, p);
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) { m.set(a, b, info[a * p + b]); m.set(b, a, info[a * p + b]); }
  return { info: m, score };
}

/**
 * Fits P(y = 1) = 1 / (1 + e^−(β0 + Σ βj xj)) by IRLS until the largest coefficient change is below `tolerance`.
 * Rows are the predictor values (no missing values: choose complete cases first); y holds 0/1.
 */
export function fitLogistic(rows: ArrayLike<number>[], y: ArrayLike<number>, options: LogisticOptions = {}): LogisticFit {
  const { intercept = true, maxIterations = 50, tolerance = 1e-10, level = 0.95 } = options;
  const { X, n, p } = design(rows, intercept);
  const events = Array.from(y).filter((v) => v === 1).length;
  if (n <= p || events === 0 || events === n) {
    throw new CivicError('civic-risk-model.errors.tooFew', { n, events, parameters: p }, 'too few records or no variation in the outcome');
  }
  const beta = new Float64Array(p);
  if (intercept) beta[0] = Math.log(events / (n - events));
  const eta = new Float64Array(n);
  const updateEta = () => { for (let i = 0; i < n; i++) { let s = 0; const at = i * p; for (let j = 0; j < p; j++) s += X[at + j] * beta[j]; eta[i] = s; } };
  updateEta();
  let iterations = 0;
  let converged = false;
  let info: Matrix | undefined;
  while (iterations < maxIterations) {
    iterations++;
    const ne = normalEquations(X, n, p, eta, y);
    info = ne.info;
    const chol = new CholeskyDecomposition(info);
    if (!chol.isPositiveDefinite()) {
      // singular at the start: collinear predictors; later: the weights vanished as estimates ran away (separation)
      if (iterations === 1) throw new CivicError('civic-risk-model.errors.collinear', {}, 'predictors are collinear (one is a combination of others)');
      break;
    }
    const step = chol.solve(Matrix.columnVector(ne.score)).to1DArray();
    let change = 0;
    for (let j = 0; j < p; j++) { beta[j] += step[j]; change = Math.max(change, Math.abs(step[j])); }
    updateEta();
    if (change < tolerance * (1 + Math.max(...Array.from(beta, Math.abs)))) { converged = true; break; }
  }
  info = normalEquations(X, n, p, eta, y).info;
  const chol = new CholeskyDecomposition(info);
  const cov = chol.isPositiveDefinite() ? chol.solve(Matrix.eye(p)) : undefined;
  const z = zCritical(level);
  const names = [...(intercept ? ['(intercept)'] : []), ...(options.names ?? Array.from({ length: p - (intercept ? 1 : 0) }, (_, j) => `x${j + 1}`))];
  const coefficients = Array.from(beta, (b, j) => {
    const se = cov ? Math.sqrt(cov.get(j, j)) : NaN;
    return { name: names[j], estimate: b, se, z: b / se, p: normalTwoSided(b / se), ciLow: b - z * se, ciHigh: b + z * se,
      oddsRatio: Math.exp(b), orLow: Math.exp(b - z * se), orHigh: Math.exp(b + z * se) };
  });
  const ll = logLikelihood(eta, y);
  const p0 = events / n;
  const nullLogLik = events * Math.log(p0) + (n - events) * Math.log(1 - p0);
  const separation = !converged || coefficients.some((c) => Math.abs(c.estimate) > 25 || !(c.se < 1e3));
  return { coefficients, n, events, iterations, converged, logLik: ll, nullLogLik, auc: auc(eta, y), level, separation };
}
