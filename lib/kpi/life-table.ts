// Abridged life table and Sullivan health expectancy with its variance, to the letter of the EHEMU/EHLEIS guide
// (Jagger, Van Oyen, Robine: "Health Expectancy Calculation by the Sullivan Method: A Practical Guide", 4th ed.,
// 2014; Appendix 1 §§3–14). Notation in docs/kpi.md. Pure functions, no Node-RED import.
//
//   m = D/P;  q = n·m / (1 + n(1−a)·m);  l0 = radix;  l(x+n) = l(x)(1−q);  d = l·q;  L = n(1−a)·l(x+n) + n·a·l(x)
//   first year [0,1): q0 from m0 with a0, or D0/births, or given; L0 = a0·l0 + (1−a0)·l1 with the same a0
//   open last group: q = 1, L = l/m;  T(x) = Σ L from x up;  e(x) = T(x)/l(x)
//   Sullivan: HLE(x) = Σ (1−π)·L / l(x), π the unhealthy share (institutionalised I counted unhealthy: π = (1−I)π_s + I)
//   Var(HLE(x)) = [ Σ l²·((1−a)·n·(1−π) + HLE(x+n))²·S²(p)  +  Σ L²·S²(π) ] / l(x)²        (Mathers 1991)
//   S²(p) = q²(1−q)/D (Chiang; 0 for the open group);  S²(π) = (1−I)²·π(1−π)/N
import { CivicError } from '../errors';
import { checkRows, type Group, type LifeTableInputRow } from './life-input';

/** How q0 (probability of dying before age 1) is obtained when the first group is [0,1). */
export const Q0_METHODS = ['rate', 'births', 'given'] as const;
/** One of Q0_METHODS. */
export type Q0Method = typeof Q0_METHODS[number];
/** How a0 (fraction of the first year lived by infants who die) is obtained; it sets q0 (from m0) and L0 alike. */
export const A0_METHODS = ['eurostat', 'coale-demeny', 'value'] as const;
/** One of A0_METHODS. */
export type A0Method = typeof A0_METHODS[number];

/** Life table options; every field has a default. */
export interface LifeTableOptions {
  /** fraction of the interval lived by those who die in it (every group but [0,1) and the open one); default 0.5 */
  a?: number;
  /** q0 from m0 and a0 ('rate', default), from infant deaths / live births ('births'), or a published value ('given') */
  q0Method?: Q0Method;
  q0?: number;
  births?: number;
  /** 'eurostat' (a0 = 0.2: L0 = 0.2·l0 + 0.8·l1, the guide's Appendix 1 §7; default), 'coale-demeny' or 'value' */
  a0Method?: A0Method;
  a0?: number;
  /** sex for the Coale–Demeny a0: male, female, or anything else for the mean of both */
  sex?: string;
  /** l0; default 100000 */
  radix?: number;
  /** z of the confidence interval; default 1.96 (95 %) */
  z?: number;
  /** which variance terms to count: the prevalence term and the mortality term (Chiang); both by default */
  prevalenceVariance?: boolean;
  mortalityVariance?: boolean;
}

/** One row of the life table; the health columns are null without health data. */
export interface LifeTableRow {
  age: string; start: number;
  /** interval width n; null for the open last group */
  n: number | null;
  population: number; deaths: number;
  m: number; a: number; q: number; l: number; d: number; L: number; T: number; e: number;
  /** S²(p) of Chiang: q²(1−q)/D */
  varQ: number;
  /** standard error and interval of e(x) from the mortality term (Chiang) */
  seE: number; eLow: number; eHigh: number;
  /** π (with the institutionalised), the survey share before them, their share I, and N */
  prevalence: number | null; prevalenceSurvey: number | null; institutionalised: number; surveySize: number | null;
  /** (1−π)·L and its sum from this group up */
  healthyL: number | null; healthyT: number | null;
  hle: number | null;
  /** years in poor health, e − HLE */
  dle: number | null;
  /** HLE / e */
  healthShare: number | null;
  /** the two variance terms of HLE (each 0 when switched off) and their total */
  varPrevalence: number | null; varMortality: number | null; variance: number | null;
  se: number | null; ciLow: number | null; ciHigh: number | null;
}

/** Coale–Demeny a0 from m0 as tabulated in Preston, Heuveline & Guillot (2001), Demography, Table 3.3. */
export function coaleDemenyA0(m0: number, sex?: string): number {
  const male = m0 >= 0.107 ? 0.330 : 0.045 + 2.684 * m0;
  const female = m0 >= 0.107 ? 0.350 : 0.053 + 2.800 * m0;
  return sex === 'male' ? male : sex === 'female' ? female : (male + female) / 2;
}

function optionError(name: string, text: string): CivicError {
  return new CivicError(`civic-health-expectancy.errors.${name}`, {}, text);
}

/** q0 and a0 of the first group [0,1) by the chosen methods. */
function infant(g: Group, o: LifeTableOptions): { q: number; a: number } {
  const m0 = g.D / g.P;
  const method = o.a0Method ?? 'eurostat';
  let a0 = method === 'eurostat' ? 0.2 : method === 'coale-demeny' ? coaleDemenyA0(m0, o.sex) : o.a0;
  if (a0 === undefined || !(a0 >= 0 && a0 <= 1)) throw optionError('a0Range', 'a0 must be between 0 and 1');
  a0 = Number(a0);
  const q0Method = o.q0Method ?? 'rate';
  if (q0Method === 'given') {
    if (o.q0 === undefined || !(o.q0 >= 0 && o.q0 < 1)) throw optionError('q0Missing', 'a published q0 (0 ≤ q0 < 1) is needed');
    return { q: o.q0, a: a0 };
  }
  if (q0Method === 'births') {
    if (o.births === undefined || !(o.births > 0)) throw optionError('birthsMissing', 'the number of live births is needed');
    if (g.D > o.births) throw optionError('birthsTooFew', 'infant deaths exceed live births');
    return { q: g.D / o.births, a: a0 };
  }
  return { q: m0 / (1 + (1 - a0) * m0), a: a0 };
}

/** Mortality columns m, a, q, l, d, L (and S²(p)) group by group. */
function mortality(groups: Group[], o: LifeTableOptions) {
  const aDefault = o.a ?? 0.5;
  if (!(aDefault >= 0 && aDefault <= 1)) throw optionError('aRange', 'a must be between 0 and 1');
  const radix = o.radix ?? 100000;
  const k = groups.length;
  const cols = { m: new Array<number>(k), a: new Array<number>(k), q: new Array<number>(k), l: new Array<number>(k),
    d: new Array<number>(k), L: new Array<number>(k), varQ: new Array<number>(k) };
  const firstYear = groups[0].start === 0 && groups[0].n === 1;
  if (!firstYear && (o.q0Method ?? 'rate') !== 'rate') throw optionError('infantNeedsAgeZero', 'q0 applies only when the first group is age 0 alone');
  let l = radix;
  groups.forEach((g, i) => {
    const m = g.D / g.P;
    cols.m[i] = m;
    cols.l[i] = l;
    if (g.n === null) {                                      // open group: everyone dies in it
      cols.a[i] = aDefault; cols.q[i] = 1; cols.d[i] = l; cols.L[i] = l / m; cols.varQ[i] = 0;
      return;
    }
    const { q, a } = i === 0 && firstYear ? infant(g, o) : { q: Math.min(1, (g.n * m) / (1 + g.n * (1 - aDefault) * m)), a: aDefault };
    const next = l * (1 - q);
    cols.a[i] = a; cols.q[i] = q; cols.d[i] = l - next;
    cols.L[i] = g.n * (1 - a) * next + g.n * a * l;
    cols.varQ[i] = g.D > 0 ? (q * q * (1 - q)) / g.D : 0;
    l = next;
  });
  return cols;
}

/** Builds the life table with Sullivan health expectancy, its variance terms and confidence intervals. */
export function buildTable(groups: Group[], options: LifeTableOptions = {}): LifeTableRow[] {
  const z = options.z ?? 1.96;
  const usePrev = options.prevalenceVariance !== false;
  const useMort = options.mortalityVariance !== false;
  const c = mortality(groups, options);
  const health = groups[0].pi !== null;
  const out = new Array<LifeTableRow>(groups.length);
  let T = 0, HT = 0, VP = 0, VM = 0, VL = 0, eNext = 0, hleNext = 0;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    const l = c.l[i], L = c.L[i], l2 = l * l;
    const width = g.n ?? 0;
    T += L;
    VL += l2 * ((1 - c.a[i]) * width + eNext) ** 2 * c.varQ[i];
    const e = T / l;
    const seE = Math.sqrt(VL) / l;
    let h: Pick<LifeTableRow, 'healthyL' | 'healthyT' | 'hle' | 'dle' | 'healthShare' | 'varPrevalence' | 'varMortality' | 'variance' | 'se' | 'ciLow' | 'ciHigh'> = {
      healthyL: null, healthyT: null, hle: null, dle: null, healthShare: null, varPrevalence: null, varMortality: null, variance: null, se: null, ciLow: null, ciHigh: null,
    };
    if (health) {
      const pi = g.pi as number;
      HT += (1 - pi) * L;
      VP += L * L * (1 - g.I) ** 2 * pi * (1 - pi) / (g.N as number);
      VM += l2 * ((1 - c.a[i]) * width * (1 - pi) + hleNext) ** 2 * c.varQ[i];
      const hle = HT / l;
      const varPrevalence = usePrev ? VP / l2 : 0;
      const varMortality = useMort ? VM / l2 : 0;
      const se = Math.sqrt(varPrevalence + varMortality);
      h = { healthyL: (1 - pi) * L, healthyT: HT, hle, dle: e - hle, healthShare: hle / e, varPrevalence, varMortality,
        variance: varPrevalence + varMortality, se, ciLow: hle - z * se, ciHigh: hle + z * se };
      hleNext = hle;
    }
    eNext = e;
    out[i] = {
      age: g.label, start: g.start, n: g.n, population: g.P, deaths: g.D,
      m: c.m[i], a: c.a[i], q: c.q[i], l, d: c.d[i], L, T, e, varQ: c.varQ[i],
      seE, eLow: e - z * seE, eHigh: e + z * seE,
      prevalence: g.pi, prevalenceSurvey: g.piSurvey, institutionalised: g.I, surveySize: g.N, ...h,
    };
  }
  return out;
}

/** Checks the rows (translated errors naming the row) and builds the table; see buildTable. */
export function lifeTable(rows: LifeTableInputRow[], options: LifeTableOptions = {}): LifeTableRow[] {
  return buildTable(checkRows(rows), options);
}

/** Small numbers that make a town's figures unstable: start ages of groups with few deaths, a small population. */
export interface SmallNumbers { fewDeaths: number[]; population: number; smallPopulation: boolean }

/** Flags groups with fewer than `minDeaths` deaths (default 10) and a population below `minPopulation` (default 5000). */
export function smallNumbers(groups: Array<{ start: number; D: number; P: number }>, minDeaths = 10, minPopulation = 5000): SmallNumbers {
  const population = groups.reduce((s, g) => s + g.P, 0);
  return { fewDeaths: groups.filter((g) => g.D < minDeaths).map((g) => g.start), population, smallPopulation: population < minPopulation };
}
