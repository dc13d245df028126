// Abridged life table and Sullivan healthy life expectancy (domain.md §5). Pure functions, no Node-RED import.
//
//   m = D/P;  q = n·m / (1 + n(1−a)·m);  l0 = radix (100000);  l(x+n) = l(x)(1−q);  d = l(x)·q
//   L = n(1−a)·l(x+n) + n·a·l(x);  infant (first group 0, n = 1): L0 = 0.2·l0 + 0.8·l1 (default) or a0-based
//   open last group: q = 1, L = l/m;  T(x) = Σ L from x up;  e(x) = T(x)/l(x)
//   Sullivan: HLE(x) = Σ (1−π)·L / l(x);  Var(HLE(x)) = Σ L²·π(1−π)/N / l(x)²;  95 % CI = HLE ± 1.96·SE
import { CivicError, safeString } from '../errors';

/** One age group as given by the user; `age` is a label ("0", "1-4", "85+", "85歳以上") or a numeric start. */
export interface LifeTableInputRow {
  age: string | number;
  population: number;
  deaths: number;
  /** number of unhealthy people in the group (e.g. care level 2+ certified); π = unhealthy / N */
  unhealthy?: number;
  /** share unhealthy, 0–1 (e.g. from a survey); used when `unhealthy` is absent */
  prevalence?: number;
  /** N for the standard error: survey size; defaults to the population (full registry counts) */
  surveySize?: number;
}

/** A parsed age group label: start age, width in years (undefined for an open group or a bare start). */
export interface AgeGroup { start: number; end?: number; open: boolean }

/** Life table options; every field has the domain.md default. */
export interface LifeTableOptions {
  /** fraction of the interval lived by those who die in it (all groups but the first and the last); default 0.5 */
  a?: number;
  /** the same fraction for the first group (q0 and, with infant 'a', L0); default: `a` */
  a0?: number;
  /** infant convention when the first group is [0,1): 'fixed' L0 = 0.2·l0 + 0.8·l1 (default) or 'a' (uses a0) */
  infant?: 'fixed' | 'a';
  /** l0; default 100000 */
  radix?: number;
  /** z for the confidence interval; default 1.96 (95 %) */
  z?: number;
}

/** One row of the life table with the Sullivan columns (health columns are null without health data). */
export interface LifeTableRow {
  age: string;
  start: number;
  /** interval width n; null for the open last group */
  n: number | null;
  population: number;
  deaths: number;
  m: number;
  q: number;
  l: number;
  d: number;
  L: number;
  T: number;
  e: number;
  /** π, share unhealthy */
  prevalence: number | null;
  /** N used for the variance */
  surveySize: number | null;
  /** (1−π)·L, years lived in health in the group */
  healthyL: number | null;
  /** Σ (1−π)·L from this group up */
  healthyT: number | null;
  hle: number | null;
  /** HLE / e, share of the remaining life in health */
  healthShare: number | null;
  se: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

const OPEN_SUFFIX = /^(\d+)\s*(?:\+|[-‐‑–—―−~〜～ー]|歳以上|才以上|以上|歳～|歳〜|歳-|\s*years?\s*(?:and|&)\s*(?:over|older)|\s*and\s*over)$/i;
const RANGE = /^(\d+)\s*(?:歳|才)?\s*[-‐‑–—―−~〜～ー]\s*(\d+)\s*(?:歳|才)?$/;
const SINGLE = /^(\d+)\s*(?:歳|才)?$/;

/**
 * Parses an age group label: "0", "0歳", "1-4", "1–4", "1～4歳", "5-9", "85+", "85-", "85歳以上", or a number
 * (a bare start, whose width comes from the next group). Returns undefined when the label is not an age group.
 */
export function parseAgeGroup(label: string | number): AgeGroup | undefined {
  if (typeof label === 'number') {
    return Number.isInteger(label) && label >= 0 ? { start: label, open: false } : undefined;
  }
  const s = safeString(label).normalize('NFKC').trim();
  let m = RANGE.exec(s);
  if (m) {
    const start = Number(m[1]);
    const end = Number(m[2]) + 1; // "1-4" covers ages 1, 2, 3, 4 → [1, 5)
    return end > start ? { start, end, open: false } : undefined;
  }
  m = OPEN_SUFFIX.exec(s);
  if (m) return { start: Number(m[1]), open: true };
  m = SINGLE.exec(s);
  if (m) return { start: Number(m[1]), open: false };
  return undefined;
}

function rowError(name: string, row: number, age: string, extra: Record<string, string | number>, text: string): CivicError {
  return new CivicError(`civic-health-expectancy.errors.${name}`, { row, age, ...extra }, `row ${row} (${age}): ${text}`);
}

function count(value: unknown, field: string, row: number, age: string, optional: boolean): number | undefined {
  if (value === undefined || value === null || value === '') {
    if (optional) return undefined;
    throw rowError('missingValue', row, age, { field }, `${field} is missing`);
  }
  const n = typeof value === 'number' ? value : Number(safeString(value).normalize('NFKC').replace(/[,\s]/g, ''));
  if (!Number.isFinite(n)) throw rowError('notNumber', row, age, { field, got: safeString(value) }, `${field} is not a number`);
  if (n < 0) throw rowError('negative', row, age, { field, got: n }, `${field} is negative`);
  return n;
}

interface Group { label: string; start: number; n: number | null; P: number; D: number; pi: number | null; N: number | null }

/** Checks and orders the input: ages start at 0, contiguous, increasing, the last group open; counts sane. */
export function checkRows(rows: LifeTableInputRow[]): Group[] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'no age groups in the input');
  }
  const parsed = rows.map((r, i) => {
    const label = safeString(r?.age ?? '');
    const group = parseAgeGroup(r?.age as string | number);
    if (!group) throw rowError('badAge', i + 1, label, {}, `"${label}" is not an age group`);
    return { r, i, label, group };
  });
  const out: Group[] = [];
  let withHealth = 0;
  for (let k = 0; k < parsed.length; k++) {
    const { r, i, label, group } = parsed[k];
    const row = i + 1;
    const last = k === parsed.length - 1;
    if (k === 0 && group.start !== 0) throw rowError('firstNotZero', row, label, {}, 'the first age group must start at 0');
    if (k > 0) {
      const prev = out[k - 1];
      const prevEnd = prev.start + (prev.n ?? 0);
      if (group.start <= prev.start) {
        throw rowError('notMonotone', row, label, { previous: prev.label }, `ages must increase (after ${prev.label})`);
      }
      if (group.start > prevEnd) {
        throw rowError('missingGroup', row, label, { from: prevEnd, to: group.start - 1 }, `ages ${prevEnd}–${group.start - 1} are missing`);
      }
      if (group.start < prevEnd) {
        throw rowError('notMonotone', row, label, { previous: prev.label }, `overlaps ${prev.label}`);
      }
    }
    if (group.open && !last) throw rowError('openNotLast', row, label, {}, 'only the last age group may be open-ended');
    let n: number | null;
    if (last) {
      if (group.end !== undefined) throw rowError('lastNotOpen', row, label, {}, 'the last age group must be open-ended (e.g. 85+)');
      n = null;
    } else if (group.end !== undefined) {
      n = group.end - group.start;
    } else {
      n = parsed[k + 1].group.start - group.start; // bare start: width from the next group
      if (n <= 0) throw rowError('notMonotone', parsed[k + 1].i + 1, parsed[k + 1].label, { previous: label }, `ages must increase (after ${label})`);
    }
    const P = count(r.population, 'population', row, label, false)!;
    const D = count(r.deaths, 'deaths', row, label, false)!;
    if (P === 0) throw rowError('zeroPopulation', row, label, {}, 'population is 0');
    if (D > P) throw rowError('deathsOverPopulation', row, label, { deaths: D, population: P }, 'deaths exceed the population');
    const N = count(r.surveySize, 'surveySize', row, label, true) ?? P;
    if (N === 0) throw rowError('zeroPopulation', row, label, {}, 'survey size is 0');
    const unhealthy = count(r.unhealthy, 'unhealthy', row, label, true);
    let pi: number | null = null;
    if (unhealthy !== undefined) {
      if (unhealthy > N) throw rowError('prevalenceRange', row, label, { got: unhealthy / N }, 'more unhealthy than people');
      pi = unhealthy / N;
    } else if (r.prevalence !== undefined && r.prevalence !== null && (r.prevalence as unknown) !== '') {
      const p = typeof r.prevalence === 'number' ? r.prevalence : Number(safeString(r.prevalence).normalize('NFKC').trim());
      if (!Number.isFinite(p)) throw rowError('notNumber', row, label, { field: 'prevalence', got: safeString(r.prevalence) }, 'prevalence is not a number');
      if (p < 0 || p > 1) throw rowError('prevalenceRange', row, label, { got: p }, 'prevalence must be between 0 and 1');
      pi = p;
    }
    if (pi !== null) withHealth++;
    out.push({ label, start: group.start, n, P, D, pi, N: pi === null ? null : N });
  }
  if (withHealth > 0 && withHealth < out.length) {
    const g = out.find((x) => x.pi === null)!;
    throw rowError('missingHealth', out.indexOf(g) + 1, g.label, {}, 'unhealthy count or prevalence is missing');
  }
  const lastGroup = out[out.length - 1];
  if (lastGroup.D === 0) {
    throw rowError('openNoDeaths', out.length, lastGroup.label, {}, 'the open last group needs deaths > 0 (L = l/m)');
  }
  return out;
}

/** Builds the abridged life table with Sullivan healthy life expectancy, SE and confidence interval per group. */
export function lifeTable(rows: LifeTableInputRow[], options: LifeTableOptions = {}): LifeTableRow[] {
  const a = options.a ?? 0.5;
  const a0 = options.a0 ?? a;
  const infant = options.infant ?? 'fixed';
  const radix = options.radix ?? 100000;
  const z = options.z ?? 1.96;
  const groups = checkRows(rows);
  const k = groups.length;
  const m = new Array<number>(k), q = new Array<number>(k), l = new Array<number>(k + 1);
  const d = new Array<number>(k), L = new Array<number>(k);
  l[0] = radix;
  for (let i = 0; i < k; i++) {
    const g = groups[i];
    m[i] = g.D / g.P;
    if (g.n === null) {
      q[i] = 1;
      l[i + 1] = 0;
      d[i] = l[i];
      L[i] = l[i] / m[i];
      continue;
    }
    const ai = i === 0 ? a0 : a;
    q[i] = Math.min(1, (g.n * m[i]) / (1 + g.n * (1 - ai) * m[i]));
    l[i + 1] = l[i] * (1 - q[i]);
    d[i] = l[i] - l[i + 1];
    if (i === 0 && g.start === 0 && g.n === 1) {
      L[i] = infant === 'fixed' ? 0.2 * l[0] + 0.8 * l[1] : (1 - a0) * l[1] + a0 * l[0];
    } else {
      L[i] = g.n * (1 - ai) * l[i + 1] + g.n * ai * l[i];
    }
  }
  const health = groups[0].pi !== null;
  const out = new Array<LifeTableRow>(k);
  let T = 0, HT = 0, V = 0;
  for (let i = k - 1; i >= 0; i--) {
    const g = groups[i];
    T += L[i];
    let hL: number | null = null;
    if (health) {
      const pi = g.pi as number;
      hL = (1 - pi) * L[i];
      HT += hL;
      V += (L[i] * L[i] * pi * (1 - pi)) / (g.N as number);
    }
    const e = T / l[i];
    const hle = health ? HT / l[i] : null;
    const se = health ? Math.sqrt(V) / l[i] : null;
    out[i] = {
      age: g.label, start: g.start, n: g.n, population: g.P, deaths: g.D,
      m: m[i], q: q[i], l: l[i], d: d[i], L: L[i], T, e,
      prevalence: g.pi, surveySize: g.N, healthyL: hL, healthyT: health ? HT : null,
      hle, healthShare: hle === null ? null : hle / e, se,
      ciLow: hle === null ? null : hle - z * (se as number), ciHigh: hle === null ? null : hle + z * (se as number),
    };
  }
  return out;
}

/** Column names of the user's table (CSV headers); every field has a default and a few Japanese aliases. */
export interface RowFields {
  age?: string; population?: string; deaths?: string; unhealthy?: string; prevalence?: string; surveySize?: string;
}

const ALIASES: Record<keyof Required<RowFields>, string[]> = {
  age: ['age', 'ageGroup', 'age_group', '年齢', '年齢階級', '年齢区分'],
  population: ['population', 'pop', '人口'],
  deaths: ['deaths', '死亡数', '死亡者数'],
  unhealthy: ['unhealthy', 'careLevel2Plus', '要介護2以上', '要介護2以上認定者数', '不健康者数'],
  prevalence: ['prevalence', '不健康割合', '有病率', '制限あり割合', '日常生活に制限あり割合'],
  surveySize: ['surveySize', 'N', '調査人数', '回答者数'],
};

/** The preset "KDB 平均自立期間": π = care level 2+ certified / population (N = population, full registry count). */
export const KDB_INDEPENDENT_LIFE = {
  id: 'kdb',
  name: { ja: 'KDB 平均自立期間（要介護2以上）', en: 'KDB average independent life (care level 2+)' },
  /** unhealthy counts are a full registry: N = population, survey sizes and prevalences are ignored */
  registry: true,
  options: { a: 0.5, infant: 'fixed' } as LifeTableOptions,
};

/**
 * Turns CSV-parsed objects (or arrays of rows already in shape) into life table input rows, reading the columns
 * named in `fields` (or their usual names: age/年齢階級, population/人口, deaths/死亡数, unhealthy/要介護2以上...).
 * `registry` (the KDB preset): the unhealthy count is a full count, so N = population.
 */
export function rowsFromObjects(objects: unknown[], fields: RowFields = {}, registry = false): LifeTableInputRow[] {
  if (!Array.isArray(objects)) throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'the input is not an array of rows');
  return Array.from(objects, (o) => {                       // Array.from: a sparse array's holes become rows too
    const obj = (o ?? {}) as Record<string, unknown>;
    const pick = (name: keyof Required<RowFields>): unknown => {
      const chosen = fields[name];
      if (chosen) return obj[chosen];
      // A prevalence column the user chose wins over an unhealthy count found only by its usual name: a table may
      // carry both (care level 2+ counts and survey answers) and the choice says which health measure to use.
      if (name === 'unhealthy' && fields.prevalence && !registry) return undefined;
      for (const alias of ALIASES[name]) if (obj[alias] !== undefined) return obj[alias];
      return undefined;
    };
    return {
      age: pick('age') as string | number,
      population: pick('population') as number,
      deaths: pick('deaths') as number,
      unhealthy: pick('unhealthy') as number | undefined,
      prevalence: registry ? undefined : pick('prevalence') as number | undefined,
      surveySize: registry ? undefined : pick('surveySize') as number | undefined,
    };
  });
}

/** Normalises a sex label: 男/男性/M/men/male/1 → male, 女/女性/F/women/female/2 → female, 総数/計/all → total. */
export function normaliseSex(value: unknown): string {
  const s = safeString(value ?? '').normalize('NFKC').trim().toLowerCase();
  if (!s) return 'total';
  if (['男', '男性', 'm', 'male', 'men', 'man', '1'].includes(s)) return 'male';
  if (['女', '女性', 'f', 'female', 'women', 'woman', '2'].includes(s)) return 'female';
  if (['総数', '計', '合計', '男女計', 'total', 'all', 'both', '0'].includes(s)) return 'total';
  return s.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'total';
}

/** Options for turning a life table into KPI value messages. */
export interface KpiValueOptions {
  ages: number[];
  sex: string;
  /** KPI id templates with {sex} and {age}; an empty leKpi sends no life expectancy values */
  hleKpi?: string;
  leKpi?: string;
  decimals?: number;
  asOf: string;
  fiscalYear?: number;
}

/**
 * KPI value payloads (kpi.message schema) for healthy life expectancy (method "sullivan", with se and 95 % CI)
 * and life expectancy (method "life-table") at the chosen ages, which must start an age group.
 */
export function kpiValues(table: LifeTableRow[], o: KpiValueOptions): Array<Record<string, unknown>> {
  const dec = o.decimals ?? 2;
  const r = (x: number | null) => (x === null ? null : Math.round(x * 10 ** dec) / 10 ** dec);
  const out: Array<Record<string, unknown>> = [];
  const id = (tpl: string, age: number) => tpl.replace(/\{sex\}/g, o.sex).replace(/\{age\}/g, String(age));
  for (const age of o.ages) {
    const row = table.find((x) => x.start === age);
    if (!row) {
      throw new CivicError('civic-health-expectancy.errors.ageNotInTable', { age }, `no age group starts at ${age}`);
    }
    const common = { unit: 'years', asOf: o.asOf, sex: o.sex, age, ...(o.fiscalYear !== undefined ? { fiscalYear: o.fiscalYear } : {}) };
    if (row.hle !== null) {
      out.push({ kpi: id(o.hleKpi ?? 'hle-{sex}-{age}', age), value: r(row.hle), ...common, method: 'sullivan',
        se: r(row.se), ciLow: r(row.ciLow), ciHigh: r(row.ciHigh), lifeExpectancy: r(row.e), healthShare: row.healthShare });
    }
    if (o.leKpi !== '') out.push({ kpi: id(o.leKpi ?? 'le-{sex}-{age}', age), value: r(row.e), ...common, method: 'life-table' });
  }
  return out;
}
