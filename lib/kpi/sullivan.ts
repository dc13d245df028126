// What the KPI board asks of a Sullivan health expectancy beyond the table: is a change real (the guide's z test),
// what if disability or mortality fell (what-if and its inverse), and where a change came from (decomposition
// into mortality and disability effects by age, Nusselder & Looman 2004). Formulas in docs/kpi.md.
import { CivicError } from '../errors';
import { buildTable, type LifeTableOptions, type LifeTableRow } from './life-table';
import type { Group } from './life-input';

/** Complementary error function (Numerical Recipes erfcc, fractional error below 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** How the standard error of a difference is formed. */
export const DIFFERENCE_METHODS = ['guide', 'independent'] as const;
/** One of DIFFERENCE_METHODS. */
export type DifferenceMethod = typeof DIFFERENCE_METHODS[number];

/** A test of the difference between two health expectancies (two periods, two areas, two sexes). */
export interface Difference { difference: number; se: number; z: number; p: number; significant: boolean }

/**
 * Difference hle2 − hle1 with its standard error, z and two-sided p. 'guide' (default): SE = S1 + S2, the guide's
 * conservative approximation (Appendix 1 §12, Table 5); 'independent': SE = √(S1² + S2²).
 */
export function compareHle(hle1: number, se1: number, hle2: number, se2: number, method: DifferenceMethod = 'guide', z = 1.96): Difference {
  const difference = hle2 - hle1;
  const se = method === 'independent' ? Math.sqrt(se1 * se1 + se2 * se2) : se1 + se2;
  const zs = se > 0 ? difference / se : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const p = Number.isFinite(zs) ? Math.min(1, 2 * normalUpperTail(Math.abs(zs))) : 0;
  return { difference, se, z: zs, p, significant: Math.abs(zs) >= z };
}

/** A what-if scenario: relative cuts in percent at groups whose start age lies in [fromAge, toAge]. */
export interface Scenario { prevalenceCut?: number; mortalityCut?: number; fromAge?: number; toAge?: number }

const inRange = (start: number, s: Scenario) => start >= (s.fromAge ?? 0) && start <= (s.toAge ?? Infinity);

function cutOf(value: number | undefined, field: string): number {
  const v = value ?? 0;
  if (!(v >= 0 && v <= 100)) throw new CivicError('civic-health-expectancy.errors.cutRange', { field }, `${field} must be between 0 and 100 %`);
  return v / 100;
}

/**
 * The life table if the unhealthy share fell by `prevalenceCut` % and death rates by `mortalityCut` % at the chosen
 * ages (deaths scaled at the same population; a given q0 scaled likewise), everything else unchanged.
 */
export function whatIf(groups: Group[], options: LifeTableOptions, s: Scenario): LifeTableRow[] {
  const x = cutOf(s.prevalenceCut, 'prevalenceCut');
  const y = cutOf(s.mortalityCut, 'mortalityCut');
  const changed = groups.map((g) => (inRange(g.start, s)
    ? { ...g, D: g.D * (1 - y), pi: g.pi === null ? null : g.pi * (1 - x) } : g));
  const o = { ...options };
  if (inRange(0, s) && o.q0 !== undefined && (o.q0Method === 'given')) o.q0 *= 1 - y;
  return buildTable(changed, o);
}

/** The inverse of the what-if: the prevalence cut that raises HLE at `age` by `gain` years. */
export interface RequiredCut { gain: number; age: number; cut: number | null; reachable: boolean; maxGain: number }

/**
 * HLE is linear in π, so cutting π by the fraction r at the chosen ages adds r·Σ π·L / l(age): r = gain / that sum.
 * `cut` is in percent; unreachable (null) when even a 100 % cut gives less than `gain` (then maxGain says how much).
 */
export function requiredPrevalenceCut(table: LifeTableRow[], gain = 1, age = 0, s: Scenario = {}): RequiredCut {
  const at = table.find((r) => r.start === age);
  if (!at || at.hle === null) throw new CivicError('civic-health-expectancy.errors.ageNotInTable', { age }, `no age group with health data starts at ${age}`);
  let lost = 0;
  for (const r of table) if (r.start >= age && inRange(r.start, s)) lost += (r.prevalence as number) * r.L;
  const maxGain = lost / at.l;
  const r = maxGain > 0 ? gain / maxGain : Infinity;
  return { gain, age, cut: r <= 1 ? r * 100 : null, reachable: r <= 1, maxGain };
}

/** One age group's share of a change in HLE. */
export interface DecompositionRow { age: string; start: number; mortality: number; disability: number; total: number }
/** A change in HLE at `age` from table 1 to table 2, split into mortality and disability effects by age. */
export interface Decomposition { age: number; hle1: number; hle2: number; difference: number; mortality: number; disability: number; rows: DecompositionRow[] }

/**
 * Nusselder & Looman (2004), Demography 41:315–334: the disability effect of age group x is −(π2 − π1)·(L1 + L2)/2;
 * the mortality effect is Arriaga's (1984) direct and indirect effect of the death rates at x on the person-years
 * lived from x on, each person-year weighted by the mean share healthy w = 1 − (π1 + π2)/2 of its age. Both tables
 * are rescaled to l(age) = 1; the effects add up exactly to HLE2 − HLE1.
 */
export function decompose(t1: LifeTableRow[], t2: LifeTableRow[], age = 0): Decomposition {
  const from = t1.findIndex((r) => r.start === age);
  const same = t1.length === t2.length && t1.every((r, i) => r.start === t2[i].start && r.n === t2[i].n);
  if (!same || from < 0 || t1[0].hle === null || t2[0].hle === null) {
    throw new CivicError('civic-health-expectancy.errors.notComparable', {}, 'the two tables need the same age groups and health data');
  }
  const a = t1.slice(from), b = t2.slice(from);
  const l1 = a.map((r) => r.l / a[0].l), l2 = b.map((r) => r.l / b[0].l);
  const L1 = a.map((r) => r.L / a[0].l), L2 = b.map((r) => r.L / b[0].l);
  const w = a.map((r, i) => 1 - ((r.prevalence as number) + (b[i].prevalence as number)) / 2);
  const k = a.length;
  const tw2 = new Array<number>(k + 1).fill(0);               // Σ w·L2 from each group up
  for (let i = k - 1; i >= 0; i--) tw2[i] = tw2[i + 1] + w[i] * L2[i];
  const rows = a.map((r, i): DecompositionRow => {
    const open = i === k - 1;
    const mortality = open
      ? l1[i] * (tw2[i] / l2[i] - (w[i] * L1[i]) / l1[i])
      : l1[i] * w[i] * (L2[i] / l2[i] - L1[i] / l1[i]) + tw2[i + 1] * (l1[i] / l2[i] - l1[i + 1] / l2[i + 1]);
    const disability = -((b[i].prevalence as number) - (r.prevalence as number)) * (L1[i] + L2[i]) / 2;
    return { age: r.age, start: r.start, mortality, disability, total: mortality + disability };
  });
  const sum = (f: (x: DecompositionRow) => number) => rows.reduce((s, x) => s + f(x), 0);
  const hle1 = a[0].hle as number, hle2 = b[0].hle as number;
  return { age, hle1, hle2, difference: hle2 - hle1, mortality: sum((x) => x.mortality), disability: sum((x) => x.disability), rows };
}
