// Distribution functions from jStat (a maintained statistics library), wrapped for the few uses here.
import { jStat } from 'jstat';

/** Two-sided p-value of a z statistic under the standard normal. */
export function normalTwoSided(z: number): number {
  return Number.isFinite(z) ? 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1)) : 0;
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
export function studentTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
}

/** The standard normal quantile for a two-sided confidence level (0.95 → 1.95996…). */
export function zCritical(level: number): number {
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}
