// health-expectancy: life tables and Sullivan health expectancy from a table of age groups (one file may hold both
// sexes and several fiscal years). Output 1 one life table per sex and year, output 2 KPI value messages with their
// confidence intervals, output 3 per sex the what-if, the cut needed for the target gain and the change since the
// previous year (z test and decomposition). Earlier years are kept in node context for that comparison.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { analyseTables, fiscalYear, normaliseSex, toEpoch, type A0Method, type DifferenceMethod, type HePreset,
  type LifeTableRow, type Q0Method, type TableResult, type YearComparison } from '../../lib/kpi';
import { CivicError, isCivicError } from '../../lib/errors';
import { fail, readConfig, type Done, type Send } from '../../node-kit';

interface Config {
  property: string; propertyType: 'msg' | 'flow' | 'global'; preset: HePreset; a: number; q0Method: Q0Method;
  q0: number | string; births: number | string; a0Method: A0Method; a0: number | string; radix: number;
  prevalenceVariance: boolean; mortalityVariance: boolean; differenceMethod: DifferenceMethod; ages: string;
  sex: 'msg' | 'male' | 'female' | 'total'; hleKpi: string; leKpi: string; decimals: number; prevalenceCut: number;
  mortalityCut: number; whatIfFrom: number; whatIfTo: number | string; gain: number; minDeaths: number; minPopulation: number;
  ageField: string; populationField: string; deathsField: string; unhealthyField: string; prevalenceField: string;
  surveySizeField: string; institutionalisedField: string; sexField: string; yearField: string;
}
type InMsg = NodeMessageInFlow & { sex?: unknown; asOf?: unknown; timestamp?: unknown; fiscalYear?: unknown; q0?: unknown; births?: unknown };
const STATE_KEY = 'lifeTables';
const KEEP_YEARS = 10;

/** A number from a config field or msg property that may be blank; by sex when given as { male, female }. */
function optional(value: unknown, sex?: string): number | undefined {
  const v = value !== null && typeof value === 'object' && sex ? (value as Record<string, unknown>)[sex] : value;
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
}

export = function register(RED: NodeAPI) {
  function HealthExpectancyNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-health-expectancy', def);
    if (!config) return;
    const fields = {
      age: config.ageField, population: config.populationField, deaths: config.deathsField, unhealthy: config.unhealthyField,
      prevalence: config.prevalenceField, surveySize: config.surveySizeField, institutionalised: config.institutionalisedField,
      sex: config.sexField, year: config.yearField,
    };
    const ages = config.ages.split(',').map((s) => Number(s.trim()));
    const context = this.context();
    // a field name in an error is ours ("deaths"): show the user's word for it
    const named = (err: unknown) => {
      if (isCivicError(err) && typeof err.params.field === 'string') {
        return new CivicError(err.key, { ...err.params, field: RED._(`civic-health-expectancy.field.${err.params.field}`) }, err.message);
      }
      return err;
    };

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        const at = toEpoch(msg.asOf) ?? toEpoch(msg.timestamp) ?? Date.now();
        // only numbers and numeric text: Number() of an arbitrary object can throw (no usable toString/valueOf)
        const fyIn = typeof msg.fiscalYear === 'number' || typeof msg.fiscalYear === 'string' ? Number(msg.fiscalYear) : NaN;
        const input = config.propertyType === 'msg' ? RED.util.getMessageProperty(msg, config.property)
          : this.context()[config.propertyType].get(config.property);
        // one table (array of rows), or { male: [...], female: [...] } for both sexes at once
        const sources: Array<[string, unknown]> = Array.isArray(input)
          ? [[config.sex === 'msg' ? normaliseSex(msg.sex ?? msg.topic) : config.sex, input]]
          : input && typeof input === 'object' ? Object.entries(input as Record<string, unknown>).map(([k, v]) => [normaliseSex(k), v]) : [];
        if (!sources.length) throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'the input must be an array of rows');
        const previous = (context.get(STATE_KEY) ?? {}) as Record<string, LifeTableRow[]>;
        const results: TableResult[] = [];
        const comparisons: YearComparison[] = [];
        for (const [sex, rows] of sources) {
          const r = analyseTables(rows as unknown[], {
            preset: config.preset, fields, sex, ages, hleKpi: config.hleKpi, leKpi: config.leKpi, decimals: config.decimals,
            asOf: new Date(at).toISOString(), fiscalYear: Number.isInteger(fyIn) ? fyIn : fiscalYear(at),
            table: { a: config.a, q0Method: config.q0Method, q0: optional(config.q0), births: optional(config.births),
              a0Method: config.a0Method, a0: optional(config.a0), radix: config.radix,
              prevalenceVariance: config.prevalenceVariance, mortalityVariance: config.mortalityVariance },
            scenario: { prevalenceCut: config.prevalenceCut, mortalityCut: config.mortalityCut, fromAge: config.whatIfFrom, toAge: optional(config.whatIfTo) },
            gain: config.gain, minDeaths: config.minDeaths, minPopulation: config.minPopulation, differenceMethod: config.differenceMethod,
          }, { q0: optional(msg.q0, sex), births: optional(msg.births, sex) }, previous);
          results.push(...r.results);
          comparisons.push(...r.comparisons);
        }
        context.set(STATE_KEY, remember(previous, results));
        send([
          results.map((r) => ({ topic: r.sex, sex: r.sex, fiscalYear: r.fiscalYear, payload: r.table, smallNumbers: r.warnings,
            warnings: warningTexts(r) })),
          results.flatMap((r) => r.kpis.map((k) => ({ topic: k.kpi as string, payload: k }))),
          analysisMessages(results, comparisons),
        ] as unknown as NodeMessageInFlow[]);
        statusOf(results);
        done();
      } catch (err) {
        fail(RED, this, done, named(err));
      }
    });

    const warningTexts = (r: TableResult): string[] => [
      ...(r.warnings.fewDeaths.length ? [RED._('civic-health-expectancy.warnings.fewDeaths', { count: r.warnings.fewDeaths.length, min: config.minDeaths, ages: r.warnings.fewDeaths.join(', ') })] : []),
      ...(r.warnings.smallPopulation ? [RED._('civic-health-expectancy.warnings.smallPopulation', { min: config.minPopulation })] : []),
    ];

    const statusOf = (results: TableResult[]) => {
      const last = results[results.length - 1];
      const main = last.table[0].hle ?? last.table[0].e;
      const sex = RED._(`civic-health-expectancy.sex.${['male', 'female'].includes(last.sex) ? last.sex : 'total'}`);
      const small = results.some((r) => r.warnings.fewDeaths.length || r.warnings.smallPopulation);
      this.status({ fill: small ? 'yellow' : 'green', shape: small ? 'ring' : 'dot',
        text: RED._(`civic-health-expectancy.status.${small ? 'small' : 'done'}`, { sex, value: main.toFixed(1) }) });
    };

    /** Per sex, the latest year: what-if, the cut needed, and the change since the year before. */
    const analysisMessages = (results: TableResult[], comparisons: YearComparison[]) => {
      const latest = new Map<string, TableResult>();
      for (const r of results) if (!latest.has(r.sex) || (latest.get(r.sex) as TableResult).fiscalYear < r.fiscalYear) latest.set(r.sex, r);
      return [...latest.values()].filter((r) => r.whatIf).map((r) => ({
        topic: `analysis-${r.sex}`,
        payload: { sex: r.sex, fiscalYear: r.fiscalYear, whatIf: { scenario: { prevalenceCut: config.prevalenceCut, mortalityCut: config.mortalityCut,
          fromAge: config.whatIfFrom, toAge: optional(config.whatIfTo) ?? null }, ages: r.whatIf }, required: r.required,
        comparisons: comparisons.filter((c) => c.sex === r.sex && c.to === r.fiscalYear), warnings: warningTexts(r) },
      }));
    };
  }

  /** Keeps the last KEEP_YEARS tables per sex (male, female, total) for next year's comparison. */
  function remember(previous: Record<string, LifeTableRow[]>, results: TableResult[]): Record<string, LifeTableRow[]> {
    const next = { ...previous };
    for (const r of results) next[`${r.sex}|${r.fiscalYear}`] = r.table;
    const bySex = new Map<string, number[]>();
    for (const k of Object.keys(next)) { const [s, y] = k.split('|'); bySex.set(s, [...(bySex.get(s) ?? []), Number(y)]); }
    for (const [s, years] of bySex) years.sort((x, y) => y - x).slice(KEEP_YEARS).forEach((y) => delete next[`${s}|${y}`]);
    return next;
  }

  RED.nodes.registerType('civic-health-expectancy', HealthExpectancyNode);
};
