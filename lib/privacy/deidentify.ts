// Applying a de-identification policy: record by record (shape check of the keys, shifted-column quarantine of the
// values released as they are, per-field transforms), then across the run (rare values, top/bottom coding), with
// the counts of a processing report that names items, methods, counts and row numbers — never keys or values.
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { CivicError, isCivicError } from '../errors';
import { icd10Generalize } from './icd10';
import { parseDate, shiftDays, type ParsedDate } from './era';
import { resolveRules, type Action, type Category, type DeidentifyPolicy, type Preset, type ResolvedRule } from './policy';
import { assertKey, dateShiftDays } from './pseudonym';
import { ShapeCache } from './shape';
import type { FindingType } from './text/patterns';
import { compileTransform, shiftedKind, type TransformContext } from './transforms';
import { codeNumbers, generaliseRare, type CodingResult, type RareResult } from './unique';
import { getOwn, setOwn } from '../util/own';

/** One item (field) of the processing report. */
export interface ReportItem {
  field: string; output: string; category?: Category; action: Action; method: string; methodJa: string;
  processed: number; empty: number; failed: number; rare?: RareResult; coding?: CodingResult;
}

/** The processing report of one run (publication duty): items, methods, counts, time. Never keys or values. */
export interface DeidentifyReport {
  kind: 'deidentify-report';
  preset: Preset;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  records: number;
  output: number;
  failed: number;
  failedRows: number[];
  /** Rows held back because a released field held what looks like another column's data (shifted columns). */
  quarantined: number;
  quarantinedRows: number[];
  items: ReportItem[];
  unknownFields: 'refuse' | 'drop' | 'keep';
  /** How many distinct field names outside the policy were dropped or kept (their names are not reported). */
  unknownFieldCount: { dropped: number; kept: number };
  scrubFindings: Partial<Record<FindingType, number>>;
  pseudonymKey: 'set' | 'not used';
}

/** The result of a slice of records: the output (null where a record failed) and the failures by row. */
export interface SliceResult { out: Array<Record<string, unknown> | null>; errors: Array<{ row: number; error: CivicError }> }

const MAX_LISTED = 200;

// why a value could not be processed, in the words the Japanese error uses (the English one names the action)
const REASON_JA: Record<string, string> = {
  date: '日付として読めません', age: '年齢にできません', shift: '日付として読めません', person: '本人を示す項目が空です',
  postcode: '郵便番号として読めません', address: '住所として読めません', pseudonymise: '仮名にできません', notObject: 'レコードではありません',
};

// One column of a record with a given key list, compiled once per list: the rule (none for a field outside the
// policy), whether its value is released as it is (and so checked for shifted columns), and its transform.
interface Column {
  field: string; idx: number; rule?: ResolvedRule; released: boolean; fitting: Set<unknown>;
  transform?: (value: unknown) => unknown;
}

// The plan for records with one key list (records of a file share theirs): its shape error, or its columns.
interface Plan { keys: string[]; error?: CivicError; columns: Column[]; released: Column[] }

const MAX_PLANS = 1000;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True for an error about the shape of the records (their keys), which refuses a whole batch. */
export function isShapeError(err: unknown): boolean {
  return isCivicError(err) && /\.errors\.header/.test(err.key);
}

/** Applies a policy record by record and keeps the counts for the report (memory does not grow with records). */
export class Deidentifier {
  readonly rules: ResolvedRule[];
  private readonly byField = new Map<string, number>();
  // per field: short values already found to look like their column (sexes, codes and amounts repeat a lot)
  private readonly fitting = new Map<string, Set<unknown>>();
  private readonly plans = new Map<string, Plan>();
  private lastPlan?: Plan;
  private readonly transforms: Array<((value: unknown) => unknown) | undefined>;
  private readonly ctx: TransformContext;
  // only ages are counted to a date: without an asOf, to today
  private readonly agesToday: boolean;
  private todayCache?: { at: number; date: ParsedDate };
  private readonly key?: string;
  private readonly now: () => number;
  private readonly asOf?: ParsedDate;
  private readonly shape: ShapeCache;
  private readonly tokenizer?: Tokenizer<IpadicFeatures>;
  private counts!: { processed: Int32Array; empty: Int32Array; failed: Int32Array };
  private batch: Array<{ rare?: RareResult; coding?: CodingResult }> = [];
  private started = 0;
  private records = 0;
  private output = 0;
  private failedRows: number[] = [];
  private failed = 0;
  private quarantinedRows: number[] = [];
  private quarantined = 0;
  private dropped = new Set<string>();
  private kept = new Set<string>();
  private findings: Partial<Record<FindingType, number>> = {};

  /** True when the policy scrubs free text (the worker then loads the Japanese analyser first). */
  static scrubs(policy: DeidentifyPolicy): boolean {
    try { return resolveRules(policy).some((r) => r.action === 'scrub'); } catch { return false; }
  }

  /** True when the policy has actions that need the whole run (rare values, top/bottom coding). */
  static needsBatch(policy: DeidentifyPolicy): boolean {
    try { return resolveRules(policy).some((r) => r.action === 'rare' || r.action === 'topcode'); } catch { return false; }
  }

  /** Throws a translatable error for a policy that cannot run (e.g. pseudonymise or date-shift without a key). */
  constructor(readonly policy: DeidentifyPolicy, options: { key?: string; now?: () => number; tokenizer?: Tokenizer<IpadicFeatures> } = {}) {
    this.rules = resolveRules(policy);
    this.rules.forEach((r, i) => this.byField.set(r.field, i));
    this.now = options.now ?? Date.now;
    this.tokenizer = options.tokenizer;
    if (this.rules.some((r) => r.action === 'pseudonymise' || r.action === 'shift')) {
      assertKey(options.key);
      this.key = options.key;
    }
    if (this.rules.some((r) => r.action === 'shift') && !policy.personField) {
      throw new CivicError('civic-deidentify.errors.noPersonField', {}, 'date-shift needs the field that identifies the person');
    }
    if (policy.asOf) {
      this.asOf = parseDate(policy.asOf);
      if (!this.asOf || this.asOf.precision !== 'day') throw new CivicError('civic-deidentify.errors.badAsOf', {}, 'asOf must be a date');
    }
    for (const r of this.rules) {
      if (r.action === 'rare' && r.hierarchy === 'table') {
        try { rareHierarchy(r); } catch { throw new CivicError('civic-deidentify.errors.tableJson', { field: r.field }, `field "${r.field}": the table is not valid JSON`); }
      }
    }
    this.shape = new ShapeCache({ declared: this.rules.map((r) => r.field), unknown: (policy.unknownFields ?? 'refuse') === 'refuse' ? 'refuse' : 'allow',
      missing: policy.missingFields ?? 'refuse' }, 'civic-deidentify');
    this.ctx = { key: this.key, asOf: this.asOf ?? this.today(), tokenizer: this.tokenizer, findings: {} };
    this.agesToday = !this.asOf && this.rules.some((r) => r.action === 'age');
    this.transforms = this.rules.map((r) => (r.action === 'drop' || r.action === 'shift' ? undefined : compileTransform(r, this.ctx)));
    this.reset();
  }

  /** Starts a new run (new report). */
  reset(): void {
    const n = this.rules.length;
    this.counts = { processed: new Int32Array(n), empty: new Int32Array(n), failed: new Int32Array(n) };
    this.batch = this.rules.map(() => ({}));
    this.started = this.now();
    this.records = this.output = this.failed = this.quarantined = 0;
    this.failedRows = [];
    this.quarantinedRows = [];
    this.dropped = new Set();
    this.kept = new Set();
    this.findings = {};
    this.ctx.findings = this.findings;
  }

  /**
   * De-identifies one record. `row` (1-based) names the record in errors. Throws a CivicError naming the row and
   * the policy's field — never the value — for a record whose keys are refused ('…errors.header…'), whose columns
   * look shifted ('…errors.shifted') or whose field cannot be processed ('…errors.record').
   */
  apply(record: Record<string, unknown>, row: number): Record<string, unknown> {
    this.records++;
    if (!record || typeof record !== 'object' || Array.isArray(record)) return this.failRecord(row, '(record)', 'notObject');
    const plan = this.planFor(Object.keys(record));
    if (plan.error) { this.failed++; throw plan.error; }
    this.checkShifted(plan, record, row);
    const out: Record<string, unknown> = {};
    const onInvalid = this.policy.onInvalid ?? 'fail';
    if (this.agesToday) this.ctx.asOf = this.today();
    let shift: number | undefined;
    for (const col of plan.columns) {
      const field = col.field;
      const rule = col.rule;
      if (!rule) { this.unknown(field, record[field], out); continue; }
      const idx = col.idx;
      if (rule.action === 'drop') { this.counts.processed[idx]++; continue; }
      const value = record[field];
      if (value === null || value === undefined || value === '') { this.counts.empty[idx]++; setOwn(out, rule.output, value ?? null); continue; }
      let result: unknown;
      if (rule.action === 'shift') {
        shift ??= this.shiftFor(record);
        const d = parseDate(value);
        result = shift !== undefined && d && d.precision === 'day' ? shiftDays(d, shift) : undefined;
      } else result = col.transform!(value);
      if (result === undefined) {
        this.counts.failed[idx]++;
        if (onInvalid === 'fail') return this.failRecord(row, field, rule.action === 'shift' && shift === undefined ? 'person' : rule.action);
        setOwn(out, rule.output, null);
        continue;
      }
      this.counts.processed[idx]++;
      setOwn(out, rule.output, result);
    }
    this.output++;
    return out;
  }

  // the plan of a key list: the last one again (the common case), a cached one, or a new one
  private planFor(keys: string[]): Plan {
    if (this.lastPlan && sameKeys(this.lastPlan.keys, keys)) return this.lastPlan;
    const signature = keys.join('\u0000');
    let plan = this.plans.get(signature);
    if (!plan) {
      const error = this.shape.errorFor(keys);
      const columns = error ? [] : keys.map((field) => this.column(field));
      plan = { keys, error, columns, released: columns.filter((c) => c.released) };
      if (this.plans.size < MAX_PLANS) this.plans.set(signature, plan);
    }
    return (this.lastPlan = plan);
  }

  private column(field: string): Column {
    const idx = this.byField.get(field) ?? -1;
    const rule = idx < 0 ? undefined : this.rules[idx];
    const released = rule ? ['keep', 'rare', 'topcode'].includes(rule.action) : this.policy.unknownFields === 'keep';
    let fitting = this.fitting.get(field);
    if (!fitting) {
      fitting = new Set();
      if (released) this.fitting.set(field, fitting);
    }
    return { field, idx, rule, released, fitting, transform: idx < 0 ? undefined : this.transforms[idx] };
  }

  private shiftFor(record: Record<string, unknown>): number | undefined {
    const pid = getOwn(record, this.policy.personField!);
    return pid !== null && pid !== undefined && pid !== '' ? dateShiftDays(this.key!, pid, this.policy.dateShiftRange ?? 30) : undefined;
  }

  private unknown(field: string, value: unknown, out: Record<string, unknown>): void {
    if (this.policy.unknownFields === 'keep') {
      setOwn(out, field, value);
      if (this.kept.size < MAX_LISTED) this.kept.add(field);
    } else if (this.dropped.size < MAX_LISTED) this.dropped.add(field);
  }

  // values released as they are must look like their column: an identifier, phone, date or name in the wrong
  // place means the row's columns shifted (an unquoted comma), and the whole row is held back
  private checkShifted(plan: Plan, record: Record<string, unknown>, row: number): void {
    for (const col of plan.released) {
      if (this.fits(col, record[col.field])) continue;
      this.quarantined++;
      if (this.quarantinedRows.length < MAX_LISTED) this.quarantinedRows.push(row);
      const field = col.field;
      throw new CivicError('civic-deidentify.errors.shifted', { row, field }, `record ${row}: field "${field}" holds a value of another kind (shifted columns?); the row was held back`);
    }
  }

  // ages are counted to today: parsed once a second rather than for every record
  private today(): ParsedDate {
    const t = this.now();
    if (!this.todayCache || Math.abs(t - this.todayCache.at) >= 1000) this.todayCache = { at: t, date: parseDate(new Date(t))! };
    return this.todayCache.date;
  }

  private fits(col: Column, value: unknown): boolean {
    const seen = col.fitting;
    if (seen.has(value)) return true;
    if (shiftedKind(col.rule?.category, value)) return false;
    if ((typeof value === 'number' || (typeof value === 'string' && value.length <= 16)) && seen.size < 4096) seen.add(value);
    return true;
  }

  private failRecord(row: number, field: string, reason: string): never {
    this.failed++;
    if (this.failedRows.length < MAX_LISTED) this.failedRows.push(row);
    throw new CivicError('civic-deidentify.errors.record', { row, field, reason, what: REASON_JA[reason] ?? reason },
      `record ${row}: field "${field}" could not be processed (${reason})`);
  }

  /** De-identifies a slice; a failed record is null in `out` with its error by row (shape errors abort the slice). */
  applyMany(records: Array<Record<string, unknown>>, rows: number[], deadline?: number): SliceResult {
    const out: SliceResult = { out: [], errors: [] };
    for (let i = 0; i < records.length; i++) {
      if (deadline !== undefined && (i & 63) === 0 && Date.now() > deadline) {
        throw new CivicError('civic-deidentify.errors.timeLimit', {}, 'the time limit ended the run');
      }
      try {
        out.out.push(this.apply(records[i], rows[i]));
      } catch (err) {
        if (isShapeError(err) || !isCivicError(err)) throw err;
        out.out.push(null);
        out.errors.push({ row: rows[i], error: err });
      }
    }
    return out;
  }

  /** Applies the run-wide actions (rare values, top/bottom coding) to the run's output records, in place. */
  finishBatch(records: Array<Record<string, unknown> | null>): void {
    const threshold = Math.max(1, this.policy.rareThreshold ?? 10);
    this.rules.forEach((rule, idx) => {
      if (rule.action !== 'rare' && rule.action !== 'topcode') return;
      const holders = records.filter((r): r is Record<string, unknown> => !!r && Object.hasOwn(r, rule.output));
      const values = holders.map((r) => r[rule.output]);
      if (rule.action === 'rare') {
        const [gen, levels] = rareHierarchy(rule);
        this.batch[idx].rare = generaliseRare(values, threshold, gen, levels);
      } else {
        this.batch[idx].coding = codeNumbers(values, rule.percentile ?? 1, rule.digits ?? 2);
      }
      holders.forEach((r, i) => { setOwn(r, rule.output, values[i]); });
    });
  }

  /** The report of the run so far. */
  report(): DeidentifyReport {
    const finished = this.now();
    return {
      kind: 'deidentify-report', preset: this.policy.preset, startedAt: new Date(this.started).toISOString(),
      finishedAt: new Date(finished).toISOString(), durationMs: finished - this.started, records: this.records, output: this.output,
      failed: this.failed, failedRows: [...this.failedRows], quarantined: this.quarantined, quarantinedRows: [...this.quarantinedRows],
      items: this.rules.map((r, i) => ({ field: r.field, output: r.output, category: r.category, action: r.action, method: r.method,
        methodJa: r.methodJa, processed: this.counts.processed[i], empty: this.counts.empty[i], failed: this.counts.failed[i], ...this.batch[i] })),
      unknownFields: this.policy.unknownFields ?? 'refuse', unknownFieldCount: { dropped: this.dropped.size, kept: this.kept.size },
      scrubFindings: { ...this.findings }, pseudonymKey: this.key ? 'set' : 'not used',
    };
  }
}

/** The generaliser and number of levels of a rare-value rule's hierarchy. */
function rareHierarchy(rule: ResolvedRule): [((v: string, level: number) => string) | undefined, number] {
  if (rule.hierarchy === 'icd10') return [icd10Generalize, 2];
  if (rule.hierarchy === 'table' && rule.table) {
    const table = typeof rule.table === 'string' ? JSON.parse(rule.table) as Record<string, string[]> : rule.table;
    const depth = Math.max(0, ...Object.values(table).map((r) => (Array.isArray(r) ? r.length : 0)));
    return [(v, level) => { const row = getOwn(table, v); return row && row.length ? String(row[Math.min(level, row.length) - 1]) : v; }, depth];
  }
  return [undefined, 0];
}
