// From a search result to what the user gets: per quasi-identifier the output label of every value, per record
// whether it is released, the records themselves (written a slice at a time, optionally in place) and the report
// (levels, the attributes generalised to '*', loss as ARX reports it beside the 0.1.0 figure, classes, risk).
import { CivicError } from '../../errors';
import type { Evaluation } from './counter';
import { ColumnEncoder, prepare, type Encoded, type EncodedColumns } from './encode';
import { rareCombinations, riskAfter, riskBefore, summaryEn, summaryJa, type ClassRisk, type RareCombination } from './risk';
import { maxSuppressedOf, search, type SearchResult } from './search';
import type { KAnonymityConfig, LossMetric, SearchControl } from './types';

/** The processing report of one k-anonymity run. */
export interface KAnonymityReport {
  kind: 'k-anonymize-report';
  k: number;
  l: number;
  sensitive?: string;
  suppressionLimit: number;
  records: number;
  released: number;
  suppressed: number;
  levels: Array<{ field: string; hierarchy: string; level: number; levels: number; name: string; top: boolean }>;
  /** Quasi-identifiers generalised to '*' (not released at all). */
  generalisedToTop: string[];
  informationLoss: {
    metric: LossMetric;
    /** As ARX reports it for the same transformation (see loss.ts). */
    value: number;
    /** `value` relative to the top of the lattice (everything '*', nothing suppressed). */
    relative: number;
    /** The 0.1.0 figure: each suppressed record counted as generalised to '*', summed over the quasi-identifiers. */
    suppressedAsTop: { value: number; relative: number };
  };
  classes: number;
  classSizes: { min: number; max: number; mean: number; distribution: Array<{ size: number; classes: number }> };
  risk: {
    prosecutor: { highest: number; average: number; recordsAtHighest: number };
    journalist: { highest: number; average: number; note: string };
    marketer: number;
    before: ClassRisk;
    after: ClassRisk;
    suppressedShare: number;
    rareCombinations: RareCombination[];
  };
  summary: { ja: string[]; en: string[] };
  search: { nodes: number; evaluated: number; durationMs: number; optimal: boolean };
}

/** The outcome of a run without the records: plain data (it crosses from a worker thread). */
export interface Solution {
  levels: number[];
  /** names[j][outCode[j][code0]]: the output text of level-0 code `code0` of QI j. Each text once (crossing from
   * the worker, a text per level-0 code came over as a string of its own: 13 MB at a million records). */
  names: string[][];
  outCode: Int32Array[];
  /** released[i]: 1 when record i is released. */
  released: Uint8Array;
  report: KAnonymityReport;
}

// the 0.1.0 loss: per record and QI its loss at the chosen level (at the top when suppressed), summed by level-0
// code (records released / suppressed per code) rather than per tuple
function legacyLoss(e: Encoded, levels: number[], tupleOk: Uint8Array, suppressed: number): { value: number; relative: number } {
  let value = 0;
  let top = 0;
  const { cnt, tuples } = e;
  for (let j = 0; j < e.q; j++) {
    const f0 = e.freq0[j];
    const here = perRecordLoss(e, j, levels[j], f0);
    const atTop = perRecordLoss(e, j, e.levels[j] - 1, f0);
    // nothing suppressed: every record released
    let released = f0;
    if (suppressed > 0) {
      released = new Float64Array(f0.length);
      const col = e.cols[j];
      for (let t = 0; t < tuples; t++) if (tupleOk[t]) released[col[t]] += cnt[t];
    }
    for (let c = 0; c < f0.length; c++) {
      value += released[c] * here[c] + (f0[c] - released[c]) * atTop[c];
      top += f0[c] * atTop[c];
    }
  }
  return { value, relative: top > 0 ? value / top : 0 };
}

// the 0.1.0 loss of one record per level-0 code of QI j at level `lv`
function perRecordLoss(e: Encoded, j: number, lv: number, f0: Float64Array): Float64Array {
  const d0 = f0.length;
  const out = new Float64Array(d0);
  if (e.metric === 'precision') return out.fill(lv / Math.max(1, e.levels[j] - 1));
  const m = e.gen[j][lv];
  const agg = new Float64Array(e.card[j][lv]);
  if (e.metric === 'entropy') {
    for (let c = 0; c < d0; c++) agg[m[c]] += f0[c];
    for (let c = 0; c < d0; c++) out[c] = f0[c] > 0 ? Math.log2(agg[m[c]] / f0[c]) : 0;
  } else {
    for (let c = 0; c < d0; c++) agg[m[c]]++;
    for (let c = 0; c < d0; c++) out[c] = d0 > 1 ? (agg[m[c]] - 1) / (d0 - 1) : 0;
  }
  return out;
}

function classSizes(best: Evaluation): number[] {
  const sizes: number[] = [];
  for (let c = 0; c < best.classes; c++) if (best.classOk[c]) sizes.push(best.classSize[c]);
  return sizes;
}

function buildReport(e: Encoded, config: KAnonymityConfig, best: Evaluation, tupleOk: Uint8Array, result: SearchResult): KAnonymityReport {
  const searched = { nodes: result.nodes, evaluated: result.evaluated, durationMs: result.durationMs, optimal: result.optimal };
  const k = Math.max(1, Math.floor(config.k));
  const sizes = classSizes(best);
  const released = e.n - best.suppressed;
  const dist = new Map<number, number>();
  for (const s of sizes) dist.set(s, (dist.get(s) ?? 0) + 1);
  // loops, not Math.min(...sizes): a million records can make more classes than a call takes arguments
  let min = sizes.length ? Infinity : 0;
  let max = 0;
  for (const x of sizes) { if (x < min) min = x; if (x > max) max = x; }
  const highest = min ? 1 / min : 0;
  const average = released ? sizes.length / released : 0;
  const levels = e.fields.map((field, j) => ({ field, hierarchy: config.quasiIdentifiers[j].hierarchy, level: best.levels[j],
    levels: e.levels[j], name: e.hierarchies[j].names[best.levels[j]], top: best.levels[j] === e.levels[j] - 1 && e.levels[j] > 1 }));
  const toTop = levels.filter((x) => x.top).map((x) => x.field);
  const before = riskBefore(e, k, result.counter);
  const after = riskAfter(sizes, k, released);
  const combinations = rareCombinations(e, k, 8, result.counter);
  const facts = { k, records: e.n, released, suppressed: best.suppressed, suppressionLimit: config.suppressionLimit ?? 0, smallest: min,
    highest, average, before, after, combinations, toTop, optimal: searched.optimal };
  return {
    kind: 'k-anonymize-report', k: config.k, l: config.l ?? 0, sensitive: (config.l ?? 0) > 1 ? config.sensitive : undefined,
    suppressionLimit: config.suppressionLimit ?? 0, records: e.n, released, suppressed: best.suppressed, levels, generalisedToTop: toTop,
    informationLoss: { metric: e.metric, value: best.loss, relative: e.top > 0 ? best.loss / e.top : 0, suppressedAsTop: legacyLoss(e, best.levels, tupleOk, best.suppressed) },
    classes: sizes.length,
    classSizes: { min, max, mean: sizes.length ? released / sizes.length : 0,
      distribution: [...dist.entries()].sort((a, b) => a[0] - b[0]).map(([size, classes]) => ({ size, classes })) },
    risk: {
      prosecutor: { highest, average, recordsAtHighest: sizes.filter((s) => s === min).length * min },
      journalist: { highest, average, note: 'no population table: the dataset is taken as the population (equals prosecutor risk)' },
      marketer: average, before, after, suppressedShare: e.n ? best.suppressed / e.n : 0, rareCombinations: combinations,
    },
    summary: { ja: summaryJa(facts), en: summaryEn(facts) },
    search: searched,
  };
}

/**
 * Searches the optimum for encoded columns and returns the solution (throws the translatable "no solution" error).
 * With a deadline in `control` the best transformation found by then is returned, marked not optimal.
 */
export function solve(columns: EncodedColumns, config: KAnonymityConfig, control: SearchControl = {}): Solution {
  if (!Number.isFinite(config.k) || config.k < 1) throw new CivicError('civic-k-anonymize.errors.k', {}, 'k must be ≥ 1');
  const e = prepare(columns, config);
  const result = search(e, config, control);
  if (!result.best) {
    if (!result.optimal) throw new CivicError('civic-k-anonymize.errors.timeLimitNoSolution', {}, 'the time limit came before any solution');
    throw new CivicError('civic-k-anonymize.errors.noSolution', { k: config.k, records: e.n },
      `no transformation reaches k=${config.k} within the suppression limit (${e.n} records)`);
  }
  // the chosen transformation once more from the raw tuples, to know every record's class
  const best = result.counter.evaluate(result.best.levels, Math.max(1, config.k), config.l ?? 0, maxSuppressedOf(e, config), true);
  // read at once: tupleClass is the counter's scratch
  const tupleOk = new Uint8Array(e.tuples);
  for (let t = 0; t < e.tuples; t++) tupleOk[t] = best.classOk[best.tupleClass![t]];
  // every row distinct: tuple t is record t (the same array)
  let released = tupleOk;
  if (e.tuples !== e.n) {
    released = new Uint8Array(e.n);
    for (let i = 0; i < e.n; i++) released[i] = tupleOk[e.recTuple[i]];
  }
  const names = e.fields.map((_, j) => e.labels[j][best.levels[j]]);
  const outCode = e.fields.map((_, j) => e.gen[j][best.levels[j]]);
  const report = buildReport(e, config, best, tupleOk, result);
  return { levels: best.levels, names, outCode, released, report };
}

/**
 * Writes records [from, to) of the output into `out` (returns how many were written): released records with their
 * quasi-identifiers generalised; suppressed ones left out, or with every quasi-identifier '*' (`mask`). `inPlace`
 * changes the input records instead of copying them (the node's way: no second copy of a large dataset). `at`: where
 * in `out` to write (default: appended); an `out` made at its final length (`outputLength`) is never regrown.
 */
export function writeRecords(records: Array<Record<string, unknown>>, columns: EncodedColumns, sol: Solution,
  options: { mask?: boolean; inPlace?: boolean; from?: number; to?: number; at?: number }, out: Array<Record<string, unknown>>): number {
  const { fields, codes } = columns;
  const q = fields.length;
  const from = options.from ?? 0;
  const to = options.to ?? records.length;
  let at = options.at ?? out.length;
  const start = at;
  const { names, outCode } = sol;
  for (let i = from; i < to; i++) {
    const ok = sol.released[i] === 1;
    if (!ok && !options.mask) continue;
    const rec = options.inPlace ? records[i] : { ...records[i] };
    for (let j = 0; j < q; j++) rec[fields[j]] = ok ? names[j][outCode[j][codes[j][i]]] : '*';
    out[at++] = rec;
  }
  return at - start;
}

/** How many records the output holds: the released ones, or all when suppressed ones are masked. */
export function outputLength(sol: Solution, mask: boolean): number {
  return mask ? sol.released.length : sol.report.released;
}

/**
 * The result of `kAnonymize`: the report at once, the output records built from the codes when `records` is first
 * read (then kept). Like ARX's result, whose output values are generalised on access: a caller that needs only the
 * report never pays for the copies.
 */
export interface KAnonymityResult { readonly records: Array<Record<string, unknown>>; report: KAnonymityReport }

/** Anonymises a dataset in one go: encode, search the optimum, report; the generalised records on first access. */
export function kAnonymize(records: ReadonlyArray<Record<string, unknown>>, config: KAnonymityConfig,
  control: SearchControl | (() => number) = {}): KAnonymityResult {
  const enc = new ColumnEncoder(config, records.length);
  enc.add(records);
  const columns = enc.columns();
  const sol = solve(columns, config, typeof control === 'function' ? { now: control } : control);
  let out: Array<Record<string, unknown>> | undefined;
  return {
    report: sol.report,
    get records() {
      if (!out) {
        const mask = config.suppressedRecords === 'mask';
        out = new Array<Record<string, unknown>>(outputLength(sol, mask));
        writeRecords(records as Array<Record<string, unknown>>, columns, sol, { mask, at: 0 }, out);
      }
      return out;
    },
  };
}
