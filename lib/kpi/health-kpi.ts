// From CSV rows to the figures the KPI board shows: tables per sex and fiscal year, KPI value messages with their
// confidence intervals, small-number warnings, the what-if and its inverse, and year-on-year comparisons with the
// guide's z test and the Nusselder–Looman decomposition. Used by the civic-health-expectancy node.
import { CivicError } from '../errors';
import { checkRows, normaliseSex, rowsFromObjects, splitTables, type Group, type RowFields } from './life-input';
import { buildTable, smallNumbers, type LifeTableOptions, type LifeTableRow, type SmallNumbers } from './life-table';
import { compareHle, decompose, requiredPrevalenceCut, whatIf, type Decomposition, type Difference, type DifferenceMethod,
  type RequiredCut, type Scenario } from './sullivan';

/** Where the sex of a table comes from when the file has no sex column. */
export const SEX_CHOICES = ['msg', 'male', 'female', 'total'] as const;

/** Definitions of the unhealthy share a table can follow. */
export const HE_PRESETS = ['custom', 'kdb'] as const;
/** One of HE_PRESETS. */
export type HePreset = typeof HE_PRESETS[number];

/**
 * 平均自立期間 (日常生活動作が自立している期間の平均) per 「健康寿命の算定方法の指針」 (2012) as KDB reports it:
 * unhealthy = certified care level 2–5 (要介護2〜5), a full registry count, so N = population; both variance terms.
 */
export const INDEPENDENT_LIFE: { registry: true; options: LifeTableOptions } = {
  registry: true,
  options: { a: 0.5, prevalenceVariance: true, mortalityVariance: true },
};

/** Options of one analysis (the node's configuration). */
export interface HealthKpiOptions {
  preset: HePreset;
  fields?: RowFields;
  table?: LifeTableOptions;
  /** the sex of tables without a sex column */
  sex: string;
  ages: number[];
  hleKpi?: string;
  /** KPI id template for life expectancy; '' sends none */
  leKpi?: string;
  decimals?: number;
  asOf: string;
  /** fiscal year of tables without a year column */
  fiscalYear: number;
  scenario?: Scenario;
  /** the HLE gain the inverse what-if solves for (years) */
  gain?: number;
  minDeaths?: number;
  minPopulation?: number;
  differenceMethod?: DifferenceMethod;
}

/** The analysis of one table (one sex, one fiscal year). */
export interface TableResult {
  sex: string; fiscalYear: number; table: LifeTableRow[]; warnings: SmallNumbers;
  kpis: Array<Record<string, unknown>>;
  whatIf: Array<{ age: number; hle: number; hleWhatIf: number; gain: number; e: number; eWhatIf: number }> | null;
  required: RequiredCut[] | null;
}

/** A comparison of two fiscal years of one sex at one age. */
export interface YearComparison { sex: string; from: number; to: number; age: number; test: Difference; decomposition: Decomposition }

const round = (x: number | null, d: number) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** KPI value payloads (kpi.message schema) of HLE (method "sullivan") and e (method "life-table") with their CIs. */
export function kpiValues(table: LifeTableRow[], sex: string, fiscalYear: number, o: HealthKpiOptions, warnings?: SmallNumbers): Array<Record<string, unknown>> {
  const dec = o.decimals ?? 2;
  const id = (tpl: string, age: number) => tpl.replace(/\{sex\}/g, sex).replace(/\{age\}/g, String(age));
  const out: Array<Record<string, unknown>> = [];
  for (const age of o.ages) {
    const row = table.find((x) => x.start === age);
    if (!row) throw new CivicError('civic-health-expectancy.errors.ageNotInTable', { age }, `no age group starts at ${age}`);
    const common = { unit: 'years', asOf: o.asOf, sex, age, fiscalYear, ...(warnings ? { smallNumbers: warnings } : {}) };
    if (row.hle !== null) {
      out.push({ kpi: id(o.hleKpi ?? 'hle-{sex}-{age}', age), value: round(row.hle, dec), ...common, method: 'sullivan',
        definition: o.preset === 'kdb' ? 'independent-life' : 'sullivan-prevalence',
        se: round(row.se, dec + 1), ciLow: round(row.ciLow, dec), ciHigh: round(row.ciHigh, dec),
        sePrevalence: round(Math.sqrt(row.varPrevalence as number), dec + 1), seMortality: round(Math.sqrt(row.varMortality as number), dec + 1),
        lifeExpectancy: round(row.e, dec), healthShare: row.healthShare });
    }
    if (o.leKpi !== '') {
      out.push({ kpi: id(o.leKpi ?? 'le-{sex}-{age}', age), value: round(row.e, dec), ...common, method: 'life-table',
        se: round(row.seE, dec + 1), ciLow: round(row.eLow, dec), ciHigh: round(row.eHigh, dec) });
    }
  }
  return out;
}

function analyseOne(groups: Group[], sex: string, fy: number, opts: LifeTableOptions, o: HealthKpiOptions): TableResult {
  const table = buildTable(groups, opts);
  const warnings = smallNumbers(groups, o.minDeaths, o.minPopulation);
  const kpis = kpiValues(table, sex, fy, o, warnings);
  if (table[0].hle === null) return { sex, fiscalYear: fy, table, warnings, kpis, whatIf: null, required: null };
  const s = o.scenario ?? {};
  const alt = whatIf(groups, opts, s);
  const at = (t: LifeTableRow[], age: number) => t.find((r) => r.start === age) as LifeTableRow;
  return {
    sex, fiscalYear: fy, table, warnings, kpis,
    whatIf: o.ages.map((age) => ({ age, hle: at(table, age).hle as number, hleWhatIf: at(alt, age).hle as number,
      gain: (at(alt, age).hle as number) - (at(table, age).hle as number), e: at(table, age).e, eWhatIf: at(alt, age).e })),
    required: o.ages.map((age) => requiredPrevalenceCut(table, o.gain ?? 1, age, s)),
  };
}

/**
 * Analyses every table in `objects` (split by the sex and year columns when present): life table, KPI values,
 * warnings, what-if, and the comparison of consecutive years of each sex (also with `previous` tables kept from
 * earlier messages, keyed "sex|year").
 */
export function analyseTables(objects: unknown[], o: HealthKpiOptions, extra: { births?: number; q0?: number } = {},
  previous: Record<string, LifeTableRow[]> = {}): { results: TableResult[]; comparisons: YearComparison[] } {
  const registry = o.preset === 'kdb';
  const base = registry ? { ...o.table, ...INDEPENDENT_LIFE.options } : { ...o.table };
  const results = splitTables(objects, o.fields).map((t) => {
    const sex = t.sex ?? normaliseSex(o.sex);
    const fy = t.year ?? o.fiscalYear;
    const groups = checkRows(rowsFromObjects(t.objects, o.fields, registry));
    const opts: LifeTableOptions = { ...base, sex, births: t.births ?? extra.births ?? base.births, q0: t.q0 ?? extra.q0 ?? base.q0 };
    return analyseOne(groups, sex, fy, opts, o);
  });
  const byKey: Record<string, LifeTableRow[]> = { ...previous };
  for (const r of results) byKey[`${r.sex}|${r.fiscalYear}`] = r.table;
  const comparisons: YearComparison[] = [];
  for (const r of results) {
    const earlier = Object.keys(byKey).filter((k) => k.startsWith(`${r.sex}|`)).map((k) => Number(k.split('|')[1]))
      .filter((y) => y < r.fiscalYear).sort((x, y) => y - x)[0];
    if (earlier === undefined || r.table[0].hle === null) continue;
    const before = byKey[`${r.sex}|${earlier}`];
    if (before[0].hle === null || before.length !== r.table.length) continue;
    for (const age of o.ages) {
      const b = before.find((x) => x.start === age), a = r.table.find((x) => x.start === age);
      if (!b || !a) continue;
      comparisons.push({ sex: r.sex, from: earlier, to: r.fiscalYear, age,
        test: compareHle(b.hle as number, b.se as number, a.hle as number, a.se as number, o.differenceMethod),
        decomposition: decompose(before, r.table, age) });
    }
  }
  return { results, comparisons };
}
