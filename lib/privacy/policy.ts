// The de-identification policy: one rule per field (keep, drop, pseudonymise, generalise age/date, date-shift,
// postcode → 3 digits, address → municipality, mask, scrub free text), presets that fill in the action from the
// field's category (APPI 匿名加工情報 / 仮名加工情報, HIPAA Safe Harbor), unknown fields dropped by default (fail
// closed), and a processing report per run that names items and methods but never keys or original values.
import { CivicError } from '../errors';
import { generalizeAddress } from './address';
import { ageOn, fiscalYear, parseDate, shiftDays, type ParsedDate } from './era';
import { scrubText, type FindingType } from './identifiers';
import { normalizeIdentifier } from './normalize';
import { assertKey, dateShiftDays, pseudonymizeChecked } from './pseudonym';

export const ACTIONS = ['keep', 'drop', 'pseudonymise', 'age', 'date', 'shift', 'postcode', 'address', 'mask', 'scrub'] as const;
export type Action = typeof ACTIONS[number];

export const CATEGORIES = ['name', 'identifier', 'linkId', 'birthDate', 'age', 'date', 'address', 'postcode', 'phone',
  'email', 'freeText', 'sex', 'attribute', 'financial'] as const;
export type Category = typeof CATEGORIES[number];

export const PRESETS = ['appi-anonymous', 'appi-pseudonymous', 'hipaa-safe-harbor', 'custom'] as const;
export type Preset = typeof PRESETS[number];

/** One row of the policy table. `action` empty or 'preset' takes the preset's action for the category. */
export interface PolicyRule {
  field: string;
  category?: Category;
  action?: Action | 'preset' | '';
  band?: number;               // age: 1, 5, 10 or 20 years
  topCode?: number;            // age: top code, e.g. 90 → '90+'
  granularity?: 'month' | 'year' | 'fiscalYear';
  level?: 'municipality' | 'prefecture';
  ward?: boolean;              // address: keep the ward of a designated city (default true)
  keepLast?: number;           // mask: characters left visible at the end
  domain?: string;             // pseudonymise: separate pseudonym spaces (default shared, so datasets join)
}

export interface DeidentifyPolicy {
  preset: Preset;
  rules: PolicyRule[];
  unknownFields?: 'drop' | 'keep';
  personField?: string;        // date-shift: the field that identifies the person (original value)
  dateShiftRange?: number;     // days, default 30
  pseudonymPrefix?: string;    // default 'P-'
  pseudonymLength?: number;    // hex digits, default 16
  asOf?: string;               // age from a birth date: reference date (default: the run's date)
  onInvalid?: 'fail' | 'empty';
}

type RuleParams = Omit<PolicyRule, 'field' | 'category' | 'action'> & { action: Action };

/** What each preset does with each category (the method a non-lawyer can read in docs/privacy.md). */
export const PRESET_ACTIONS: Record<Exclude<Preset, 'custom'>, Record<Category, RuleParams>> = {
  'appi-anonymous': {
    name: { action: 'drop' }, identifier: { action: 'drop' }, linkId: { action: 'drop' },
    birthDate: { action: 'date', granularity: 'month' }, age: { action: 'age', band: 5, topCode: 90 },
    date: { action: 'date', granularity: 'month' }, address: { action: 'address', level: 'municipality' },
    postcode: { action: 'postcode' }, phone: { action: 'drop' }, email: { action: 'drop' }, freeText: { action: 'drop' },
    sex: { action: 'keep' }, attribute: { action: 'keep' }, financial: { action: 'drop' },
  },
  'appi-pseudonymous': {
    name: { action: 'drop' }, identifier: { action: 'pseudonymise' }, linkId: { action: 'pseudonymise' },
    birthDate: { action: 'keep' }, age: { action: 'keep' }, date: { action: 'keep' },
    address: { action: 'address', level: 'municipality' }, postcode: { action: 'postcode' }, phone: { action: 'drop' },
    email: { action: 'drop' }, freeText: { action: 'scrub' }, sex: { action: 'keep' }, attribute: { action: 'keep' },
    financial: { action: 'drop' },
  },
  'hipaa-safe-harbor': {
    name: { action: 'drop' }, identifier: { action: 'drop' }, linkId: { action: 'drop' },
    birthDate: { action: 'date', granularity: 'year' }, age: { action: 'age', band: 1, topCode: 90 },
    date: { action: 'date', granularity: 'year' }, address: { action: 'address', level: 'prefecture' },
    postcode: { action: 'postcode' }, phone: { action: 'drop' }, email: { action: 'drop' }, freeText: { action: 'scrub' },
    sex: { action: 'keep' }, attribute: { action: 'keep' }, financial: { action: 'drop' },
  },
};

export interface ResolvedRule extends RuleParams { field: string; category?: Category; method: string; methodJa: string;
  pseudonym?: { prefix: string; length: number; domain: string } }

function describe(r: RuleParams, p: DeidentifyPolicy): [string, string] {
  const len = p.pseudonymLength ?? 16;
  const prefix = p.pseudonymPrefix ?? 'P-';
  switch (r.action) {
    case 'keep': return ['kept as is', 'そのまま'];
    case 'drop': return ['deleted', '削除'];
    case 'pseudonymise': return [`replaced by keyed pseudonym (HMAC-SHA-256, first ${len} hex digits, prefix "${prefix}")`,
      `鍵付き仮名に置換（HMAC-SHA-256、先頭${len}桁、接頭辞「${prefix}」）`];
    case 'age': return [r.band && r.band > 1 ? `age in ${r.band}-year bands, ${r.topCode ?? 90}+ top-coded` : `age in years, ${r.topCode ?? 90}+ top-coded`,
      r.band && r.band > 1 ? `年齢を${r.band}歳階級に、${r.topCode ?? 90}歳以上は「${r.topCode ?? 90}+」` : `年齢（${r.topCode ?? 90}歳以上は「${r.topCode ?? 90}+」）`];
    case 'date': return r.granularity === 'year' ? ['date reduced to the year', '日付を年に']
      : r.granularity === 'fiscalYear' ? ['date reduced to the fiscal year (April–March)', '日付を年度（4月〜翌3月）に']
        : ['date reduced to year and month', '日付を年月に'];
    case 'shift': return [`date shifted by a per-person offset within ±${p.dateShiftRange ?? 30} days`,
      `日付を本人ごとに一定の日数（±${p.dateShiftRange ?? 30}日以内）ずらす`];
    case 'postcode': return ['postal code reduced to its first 3 digits', '郵便番号を上3桁に'];
    case 'address': return r.level === 'prefecture' ? ['address reduced to the prefecture', '住所を都道府県に']
      : ['address reduced to prefecture and municipality', '住所を都道府県＋市区町村に'];
    case 'mask': return [`masked with * (last ${r.keepLast ?? 0} characters visible)`, `*で伏せ字（末尾${r.keepLast ?? 0}文字のみ表示）`];
    case 'scrub': return ['identifiers in the text replaced (My Number, corporate number, phone, postcode, e-mail, ID and name labels)',
      '文中の識別子を置換（個人番号・法人番号・電話番号・郵便番号・メール・番号/氏名の記載）'];
    default: return ['', ''];
  }
}

/** The effective rule for each row of the table: the row's own action, else the preset's action for its category. */
export function resolveRules(policy: DeidentifyPolicy): ResolvedRule[] {
  return policy.rules.map((rule) => {
    const own = rule.action && rule.action !== 'preset' ? rule.action : undefined;
    const fromPreset = policy.preset !== 'custom' && rule.category ? PRESET_ACTIONS[policy.preset][rule.category] : undefined;
    if (!own && !fromPreset) {
      throw new CivicError('civic-deidentify.errors.noAction', { field: rule.field }, `field "${rule.field}" has neither an action nor a category the preset knows`);
    }
    const params: RuleParams = own ? { ...(own === fromPreset?.action ? fromPreset : {}), ...stripUndefined(rule), action: own }
      : { ...fromPreset!, ...stripUndefined(rule), action: fromPreset!.action };
    const [method, methodJa] = describe(params, policy);
    const pseudonym = params.action === 'pseudonymise'
      ? { prefix: policy.pseudonymPrefix ?? 'P-', length: policy.pseudonymLength ?? 16, domain: params.domain ?? '' } : undefined;
    return { ...params, field: rule.field, category: rule.category, method, methodJa, pseudonym } as ResolvedRule;
  });
}

function stripUndefined(rule: PolicyRule): Partial<PolicyRule> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) {
    if (v !== undefined && v !== '' && k !== 'action' && k !== 'field' && k !== 'category') out[k] = v;
  }
  return out as Partial<PolicyRule>;
}

export interface ReportItem { field: string; category?: Category; action: Action; method: string; methodJa: string;
  processed: number; empty: number; failed: number }

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
  items: ReportItem[];
  unknownFields: 'drop' | 'keep';
  droppedUnknownFields: string[];
  keptUnknownFields: string[];
  scrubFindings: Partial<Record<FindingType, number>>;
  pseudonymKey: 'set' | 'not used';
}

const MAX_LISTED = 200;

/** Applies a policy record by record and keeps the counts for the report (memory does not grow with records). */
export class Deidentifier {
  readonly rules: ResolvedRule[];
  private readonly byField = new Map<string, number>();
  private readonly key?: string;
  private readonly now: () => number;
  private readonly asOf?: ParsedDate;
  private counts!: { processed: Int32Array; empty: Int32Array; failed: Int32Array };
  private started = 0;
  private records = 0;
  private output = 0;
  private failed = 0;
  private failedRows: number[] = [];
  private dropped = new Set<string>();
  private kept = new Set<string>();
  private findings: Partial<Record<FindingType, number>> = {};

  /** Throws a translatable error for a policy that cannot run (e.g. pseudonymise or date-shift without a key). */
  constructor(readonly policy: DeidentifyPolicy, options: { key?: string; now?: () => number } = {}) {
    this.rules = resolveRules(policy);
    this.rules.forEach((r, i) => this.byField.set(r.field, i));
    this.now = options.now ?? Date.now;
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
    this.reset();
  }

  /** Starts a new run (new report). */
  reset(): void {
    const n = this.rules.length;
    this.counts = { processed: new Int32Array(n), empty: new Int32Array(n), failed: new Int32Array(n) };
    this.started = this.now();
    this.records = 0;
    this.output = 0;
    this.failed = 0;
    this.failedRows = [];
    this.dropped = new Set();
    this.kept = new Set();
    this.findings = {};
  }

  /**
   * De-identifies one record. `row` (1-based) names the record in errors. Throws CivicError
   * 'civic-deidentify.errors.record' {row, field, reason} — never the value — when a field cannot be processed.
   */
  apply(record: Record<string, unknown>, row: number): Record<string, unknown> {
    this.records++;
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      return this.failRecord(row, '(record)', 'notObject');
    }
    const out: Record<string, unknown> = {};
    const onInvalid = this.policy.onInvalid ?? 'fail';
    let shift: number | undefined;
    for (const field in record) {
      const idx = this.byField.get(field);
      if (idx === undefined) {
        if (this.policy.unknownFields === 'keep') {
          out[field] = record[field];
          if (this.kept.size < MAX_LISTED) this.kept.add(field);
        } else if (this.dropped.size < MAX_LISTED) this.dropped.add(field);
        continue;
      }
      const rule = this.rules[idx];
      if (rule.action === 'drop') { this.counts.processed[idx]++; continue; }
      const value = record[field];
      if (value === null || value === undefined || value === '') {
        this.counts.empty[idx]++;
        out[field] = value ?? null;
        continue;
      }
      let result: unknown;
      if (rule.action === 'shift') {
        if (shift === undefined) {
          const pid = record[this.policy.personField!];
          if (pid !== null && pid !== undefined && pid !== '') shift = dateShiftDays(this.key!, pid, this.policy.dateShiftRange ?? 30);
        }
        const d = parseDate(value);
        result = shift !== undefined && d && d.precision === 'day' ? shiftDays(d, shift) : undefined;
      } else {
        result = this.transform(rule, value);
      }
      if (result === undefined) {
        this.counts.failed[idx]++;
        if (onInvalid === 'fail') {
          return this.failRecord(row, field, rule.action === 'shift' && shift === undefined ? 'person' : rule.action);
        }
        out[field] = null;
        continue;
      }
      this.counts.processed[idx]++;
      out[field] = result;
    }
    this.output++;
    return out;
  }

  private failRecord(row: number, field: string, reason: string): never {
    this.failed++;
    if (this.failedRows.length < MAX_LISTED) this.failedRows.push(row);
    throw new CivicError('civic-deidentify.errors.record', { row, field, reason },
      `record ${row}: field "${field}" could not be processed (${reason})`);
  }

  private transform(rule: ResolvedRule, value: unknown): unknown {
    switch (rule.action) {
      case 'keep': return value;
      case 'pseudonymise': return pseudonymizeChecked(this.key!, value, rule.pseudonym);
      case 'age': {
        const age = this.ageOf(value);
        return age === undefined ? undefined : ageBand(age, rule.band ?? 5, rule.topCode ?? 90);
      }
      case 'date': {
        const d = parseDate(value);
        if (!d) return undefined;
        if (rule.granularity === 'year') return String(d.year);
        if (rule.granularity === 'fiscalYear') return d.month === undefined ? undefined : `FY${fiscalYear(d)}`;
        return d.month === undefined ? undefined : d.iso.slice(0, 7);
      }
      case 'postcode': return postcode3(value);
      case 'address': return typeof value === 'string' ? generalizeAddress(value, rule.level ?? 'municipality', rule.ward ?? true) : undefined;
      case 'mask': {
        const s = String(value);
        const keep = Math.max(0, Math.min(s.length, rule.keepLast ?? 0));
        return '*'.repeat([...s].length - keep) + (keep ? s.slice(s.length - keep) : '');
      }
      case 'scrub': {
        if (typeof value !== 'string') return value;
        const r = scrubText(value);
        for (const [t, n] of Object.entries(r.findings)) this.findings[t as FindingType] = (this.findings[t as FindingType] ?? 0) + n!;
        return r.text;
      }
      default: return undefined;
    }
  }

  private ageOf(value: unknown): number | undefined {
    if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
    const s = String(value).normalize('NFKC').replace(/\s*(歳|才)\s*$/, '').trim();
    if (/^[0-9]{1,3}$/.test(s)) return Number(s);
    const birth = parseDate(value);
    if (!birth || birth.precision !== 'day') return undefined;
    const asOf = this.asOf ?? parseDate(new Date(this.now()))!;
    const age = ageOn(birth, asOf);
    return age >= 0 ? age : undefined;
  }

  /** The report of the run so far. */
  report(): DeidentifyReport {
    const finished = this.now();
    return {
      kind: 'deidentify-report',
      preset: this.policy.preset,
      startedAt: new Date(this.started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - this.started,
      records: this.records,
      output: this.output,
      failed: this.failed,
      failedRows: [...this.failedRows],
      items: this.rules.map((r, i) => ({ field: r.field, category: r.category, action: r.action, method: r.method,
        methodJa: r.methodJa, processed: this.counts.processed[i], empty: this.counts.empty[i], failed: this.counts.failed[i] })),
      unknownFields: this.policy.unknownFields ?? 'drop',
      droppedUnknownFields: [...this.dropped].sort(),
      keptUnknownFields: [...this.kept].sort(),
      scrubFindings: { ...this.findings },
      pseudonymKey: this.key ? 'set' : 'not used',
    };
  }
}

/** Age band label: band 5 → '40-44', band 1 → 40, at or above the top code → '90+'. */
export function ageBand(age: number, band: number, topCode = 90): string | number {
  if (topCode > 0 && age >= topCode) return `${topCode}+`;
  if (band <= 1) return age;
  const lo = Math.floor(age / band) * band;
  const hi = Math.min(lo + band - 1, topCode > 0 ? topCode - 1 : Infinity);
  return `${lo}-${hi}`;
}

/** First three digits of a Japanese postal code ('〒920-0001' → '920'); undefined when it is not one. */
export function postcode3(value: unknown): string | undefined {
  const m = /^〒?\s*([0-9]{3})(?:-?([0-9]{4}))?$/.exec(normalizeIdentifier(String(value)));
  return m ? m[1] : undefined;
}
