// Config migrations of the KPI nodes (health-expectancy, window-stats, kpi-progress). Plain data + steps, no import
// of the registry (lib/migrations/index.ts registers them), so there is no import cycle.
import type { MigrationStep } from './index';

/**
 * civic-health-expectancy 1 → 2: the first year's convention became one a0 for q0, L0 and the variance.
 * v1 "infant: fixed" (L0 = 0.2·l0 + 0.8·l1) is a0 = 0.2 (Eurostat); "infant: a" used a0 (blank = a) for L0.
 */
const healthExpectancy1: MigrationStep = (c) => {
  const { infant, a0, ...rest } = c;
  if (rest.a0Method !== undefined) return c;                 // already in the new shape (a flow written by hand)
  const fixed = infant !== 'a';
  const a0Value = a0 === '' || a0 === undefined ? rest.a : a0;
  return { ...rest, q0Method: rest.q0Method ?? 'rate', a0Method: fixed ? 'eurostat' : 'value', a0: fixed ? '' : a0Value };
};

/** civic-window-stats 1 → 2: percentiles come from a quantile sketch; the reservoir size gave way to its accuracy. */
const windowStats1: MigrationStep = (c) => {
  const { reservoirSize: _dropped, ...rest } = c;
  return { percentileAccuracy: 1, ...rest };
};

/** Migration steps by node type and the version they start from. */
export const KPI_MIGRATIONS: Array<[string, number, MigrationStep]> = [
  ['civic-health-expectancy', 1, healthExpectancy1],
  ['civic-window-stats', 1, windowStats1],
];
