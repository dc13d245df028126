// Logistic regression (IRLS) against an independent reference fit on a published dataset, and against the
// AUC's definition.
//
// Data: the 23 Space Shuttle flights before Challenger (Dalal, Fowlkes & Hoadley, "Risk analysis of the space
// shuttle: pre-Challenger prediction of failure", JASA 84 (1989) 945–957, Table 1): launch temperature (°F), field
// joint pressure (psi) and whether at least one O-ring suffered thermal distress. Agresti, An Introduction to
// Categorical Data Analysis, 2nd ed. (2007), Problem 5.1 (Table 5.10) publishes the fit logit π = 15.043 − 0.2322·temp.
// Reference values to 1e-6: an independent fit that solves the score equations with MINPACK's hybrd
// (scipy.optimize.fsolve, xtol 1e-15) and inverts the Fisher information with numpy — no IRLS involved.
import assert from 'assert';
import { fitLogistic, auc } from '../../../lib/analysis/logistic';

const TEMP = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58];
const PRESSURE = [50, 50, 50, 50, 50, 50, 100, 100, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
const DISTRESS = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1];

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tolerance ${tol})`);

describe('analysis: logistic regression (IRLS)', () => {
  it('matches the published Challenger fit (Agresti 2007, Problem 5.1) to its printed precision', () => {
    const fit = fitLogistic(TEMP.map((t) => [t]), DISTRESS, { names: ['temp'] });
    close(fit.coefficients[0].estimate, 15.043, 0.0005, 'intercept');
    close(fit.coefficients[1].estimate, -0.2322, 0.00005, 'temp');
  });

  it('matches an independent reference fit (score equations solved by MINPACK) to 1e-6: one predictor', () => {
    const fit = fitLogistic(TEMP.map((t) => [t]), DISTRESS, { names: ['temp'] });
    assert.ok(fit.converged);
    close(fit.coefficients[0].estimate, 15.042901647702427, 1e-6, 'intercept');
    close(fit.coefficients[1].estimate, -0.23216274421859628, 1e-6, 'temp');
    close(fit.coefficients[0].se, 7.378636384916491, 1e-6, 'SE intercept');
    close(fit.coefficients[1].se, 0.10823652164928432, 1e-6, 'SE temp');
    close(fit.logLik, -10.157596343933413, 1e-6, 'log-likelihood');
    close(fit.auc, 0.78125, 1e-12, 'AUC');
    close(fit.coefficients[1].oddsRatio, Math.exp(-0.23216274421859628), 1e-6, 'odds ratio');
    close(fit.coefficients[1].ciLow, -0.23216274421859628 - 1.959963984540054 * 0.10823652164928432, 1e-6, 'CI low');
  });

  it('matches the reference fit to 1e-6 with two predictors (temperature and pressure)', () => {
    const fit = fitLogistic(TEMP.map((t, i) => [t, PRESSURE[i]]), DISTRESS, { names: ['temp', 'pressure'] });
    const expected = [[13.292359520690145, 7.663970912829844], [-0.2286709516474011, 0.1099883102526497], [0.010400145282697768, 0.00897920062783246]];
    expected.forEach(([b, se], j) => {
      close(fit.coefficients[j].estimate, b, 1e-6, `β${j}`);
      close(fit.coefficients[j].se, se, 1e-6, `SE${j}`);
    });
  });

  it('computes the AUC as the share of (event, non-event) pairs ranked right, ties counting half', () => {
    assert.strictEqual(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    assert.strictEqual(auc([0.5, 0.5, 0.5], [0, 1, 0]), 0.5);
  });

  it('refuses an outcome without variation and collinear predictors with translatable errors', () => {
    assert.throws(() => fitLogistic([[1], [2], [3]], [0, 0, 0]), { key: 'civic-risk-model.errors.tooFew' });
    assert.throws(() => fitLogistic(TEMP.map((t) => [t, 2 * t]), DISTRESS), { key: 'civic-risk-model.errors.collinear' });
  });

  it('flags separation instead of reporting runaway estimates as findings', () => {
    const fit = fitLogistic([[1], [2], [3], [4], [5], [6]], [0, 0, 0, 1, 1, 1]);
    assert.strictEqual(fit.separation, true);
  });
});
