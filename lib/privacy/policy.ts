// The de-identification policy: one rule per field (keep, drop, pseudonymise, generalise age/date, date-shift,
// postcode → 3 digits, address → municipality, mask, scrub free text, generalise rare values, top/bottom-code
// numbers), presets that fill in the action from the field's category (APPI 匿名加工情報 / 仮名加工情報, HIPAA Safe
// Harbor), and the method of each rule in words (English and Japanese) for the processing report.
import { CivicError } from '../errors';

export const ACTIONS = ['keep', 'drop', 'pseudonymise', 'age', 'date', 'shift', 'postcode', 'address', 'mask', 'scrub', 'rare', 'topcode'] as const;
export type Action = typeof ACTIONS[number];

export const CATEGORIES = ['name', 'identifier', 'linkId', 'birthDate', 'age', 'date', 'address', 'postcode', 'phone',
  'email', 'freeText', 'sex', 'attribute', 'measurement', 'financial'] as const;
export type Category = typeof CATEGORIES[number];

export const PRESETS = ['appi-anonymous', 'appi-pseudonymous', 'hipaa-safe-harbor', 'custom'] as const;
export type Preset = typeof PRESETS[number];

/** Fields not in the policy table: the record is refused (fail closed), or they are dropped, or kept. */
export const UNKNOWN_FIELDS = ['refuse', 'drop', 'keep'] as const;
/** Declared fields missing from a record: refused, or allowed. */
export const MISSING_FIELDS = ['refuse', 'allow'] as const;
/** A value that cannot be processed: the record goes to the error path, or the field becomes null. */
export const ON_INVALID = ['fail', 'empty'] as const;
export const AGE_BANDS = [1, 5, 10, 20] as const;
export const GRANULARITIES = ['month', 'year', 'fiscalYear'] as const;
export const ADDRESS_LEVELS = ['municipality', 'prefecture'] as const;
/** Hierarchies that generalise rare values before they are suppressed. */
export const RARE_HIERARCHIES = ['none', 'icd10', 'table'] as const;

/** One row of the policy table. `action` empty or 'preset' takes the preset's action for the category. */
export interface PolicyRule {
  field: string;
  category?: Category | '';
  action?: Action | 'preset' | '';
  as?: string;                 // output field name (empty: the field's own, or 年齢階級 for ages from a birth date)
  band?: number;               // age: 1, 5, 10 or 20 years
  topCode?: number;            // age: top code, e.g. 90 → '90+'
  granularity?: typeof GRANULARITIES[number];
  level?: typeof ADDRESS_LEVELS[number];
  ward?: boolean;              // address: keep the ward of a designated city (default true)
  keepLast?: number;           // mask: characters left visible at the end
  domain?: string;             // pseudonymise: separate pseudonym spaces (default shared, so datasets join)
  hierarchy?: typeof RARE_HIERARCHIES[number] | '';   // rare: how to generalise before suppressing
  table?: string | Record<string, string[]>;          // rare with hierarchy 'table': value → [level 1, level 2, …]
  percentile?: number;         // topcode: top/bottom share coded, per cent (default 1)
  digits?: number;             // topcode: significant digits kept (default 2; 0 = no rounding)
}

/** The whole policy of a deidentify node. */
export interface DeidentifyPolicy {
  preset: Preset;
  rules: PolicyRule[];
  unknownFields?: typeof UNKNOWN_FIELDS[number];
  missingFields?: typeof MISSING_FIELDS[number];
  personField?: string;        // date-shift: the field that identifies the person (original value)
  dateShiftRange?: number;     // days, default 30
  pseudonymPrefix?: string;    // default 'P-'
  pseudonymLength?: number;    // hex digits, default 16
  asOf?: string;               // age from a birth date: reference date (default: the run's date)
  onInvalid?: typeof ON_INVALID[number];
  rareThreshold?: number;      // rare values: fewer records than this (default 10; set it to the k of k-anonymize)
}

type RuleParams = Omit<PolicyRule, 'field' | 'category' | 'action'> & { action: Action };

/** What each preset does with each category (the method a non-lawyer can read in docs/privacy.md). */
export const PRESET_ACTIONS: Record<Exclude<Preset, 'custom'>, Record<Category, RuleParams>> = {
  'appi-anonymous': {
    name: { action: 'drop' }, identifier: { action: 'drop' }, linkId: { action: 'drop' },
    birthDate: { action: 'date', granularity: 'month' }, age: { action: 'age', band: 5, topCode: 90 },
    date: { action: 'date', granularity: 'month' }, address: { action: 'address', level: 'municipality' },
    postcode: { action: 'postcode' }, phone: { action: 'drop' }, email: { action: 'drop' }, freeText: { action: 'drop' },
    sex: { action: 'rare' }, attribute: { action: 'rare' }, measurement: { action: 'topcode' }, financial: { action: 'drop' },
  },
  'appi-pseudonymous': {
    name: { action: 'drop' }, identifier: { action: 'pseudonymise' }, linkId: { action: 'pseudonymise' },
    birthDate: { action: 'keep' }, age: { action: 'keep' }, date: { action: 'keep' },
    address: { action: 'address', level: 'municipality' }, postcode: { action: 'postcode' }, phone: { action: 'drop' },
    email: { action: 'drop' }, freeText: { action: 'scrub' }, sex: { action: 'keep' }, attribute: { action: 'keep' },
    measurement: { action: 'keep' }, financial: { action: 'drop' },
  },
  'hipaa-safe-harbor': {
    name: { action: 'drop' }, identifier: { action: 'drop' }, linkId: { action: 'drop' },
    birthDate: { action: 'date', granularity: 'year' }, age: { action: 'age', band: 1, topCode: 90 },
    date: { action: 'date', granularity: 'year' }, address: { action: 'address', level: 'prefecture' },
    postcode: { action: 'postcode' }, phone: { action: 'drop' }, email: { action: 'drop' }, freeText: { action: 'scrub' },
    sex: { action: 'keep' }, attribute: { action: 'keep' }, measurement: { action: 'keep' }, financial: { action: 'drop' },
  },
};

/** A rule with its action settled, its output name and its method in words. */
export interface ResolvedRule extends RuleParams {
  field: string; category?: Category; output: string; method: string; methodJa: string;
  pseudonym?: { prefix: string; length: number; domain: string };
}

const HIERARCHY_TEXT: Record<string, [string, string]> = {
  icd10: ['ICD-10 category, then chapter', 'ICD-10 の3桁分類、次に章'], table: ['the table given', '指定の対応表'], none: ['', ''],
};

/** The method of a rule in English and Japanese (what the processing report publishes). */
export function describe(r: RuleParams, p: DeidentifyPolicy, category?: Category): [string, string] {
  const len = p.pseudonymLength ?? 16;
  const prefix = p.pseudonymPrefix ?? 'P-';
  const top = r.topCode ?? 90;
  const from = category === 'birthDate' ? ['from the birth date, ', '生年月日から'] : ['', ''];
  switch (r.action) {
    case 'keep': return ['kept as is', 'そのまま'];
    case 'drop': return ['deleted', '削除'];
    case 'pseudonymise': return [`replaced by keyed pseudonym (HMAC-SHA-256, first ${len} hex digits, prefix "${prefix}")`,
      `鍵付き仮名に置換（HMAC-SHA-256、先頭${len}桁、接頭辞「${prefix}」）`];
    case 'age': return r.band && r.band > 1 ? [`${from[0]}age in ${r.band}-year bands, ${top}+ top-coded`, `${from[1]}${r.band}歳階級に（${top}歳以上は「${top}+」）`]
      : [`${from[0]}age in years, ${top}+ top-coded`, `${from[1]}年齢に（${top}歳以上は「${top}+」）`];
    case 'date': return r.granularity === 'year' ? ['date reduced to the year', '日付を年に']
      : r.granularity === 'fiscalYear' ? ['date reduced to the fiscal year (April–March)', '日付を年度（4月〜翌3月）に']
        : ['date reduced to year and month', '日付を年月に'];
    case 'shift': return [`date shifted by a per-person offset within ±${p.dateShiftRange ?? 30} days`,
      `日付を本人ごとに一定の日数（±${p.dateShiftRange ?? 30}日以内）ずらす`];
    case 'postcode': return ['postal code reduced to its first 3 digits', '郵便番号を上3桁に'];
    case 'address': return r.level === 'prefecture' ? ['address reduced to the prefecture', '住所を都道府県に']
      : ['address reduced to prefecture and municipality', '住所を都道府県＋市区町村に'];
    case 'mask': return [`masked with * (last ${r.keepLast ?? 0} characters visible)`, `*で伏せ字（末尾${r.keepLast ?? 0}文字のみ表示）`];
    case 'scrub': return ['names, addresses below the municipality, phones, identifiers, postal codes and e-mail in the text replaced',
      '文中の氏名・市区町村より下の住所・電話番号・番号・郵便番号・メールを置換'];
    case 'rare': {
      const t = p.rareThreshold ?? 10;
      const [hEn, hJa] = HIERARCHY_TEXT[r.hierarchy || 'none'];
      return [`values held by fewer than ${t} records${hEn ? ` generalised (${hEn}), else` : ''} replaced by *`,
        `${t}件未満のまれな値は${hJa ? `上位の分類（${hJa}）にまとめ、まとめきれないものは` : ''}「*」に`];
    }
    case 'topcode': return [`top and bottom ${r.percentile ?? 1} % set to the percentile, rounded to ${r.digits ?? 2} significant digits`,
      `上下${r.percentile ?? 1}%を境界の値にまとめ（トップ・ボトムコーディング）、有効数字${r.digits ?? 2}桁に丸める`];
    default: return ['', ''];
  }
}

function stripUndefined(rule: PolicyRule): Partial<PolicyRule> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) {
    if (v !== undefined && v !== '' && k !== 'action' && k !== 'field' && k !== 'category' && k !== 'as') out[k] = v;
  }
  return out as Partial<PolicyRule>;
}

/** The output name of a rule: its own `as`, else 年齢階級 for an age taken from a birth date, else the field. */
function outputName(rule: PolicyRule, action: Action, taken: Set<string>): string {
  if (rule.as && rule.as.trim()) return rule.as.trim();
  if (action === 'age' && rule.category === 'birthDate') {
    // the column no longer holds a birth date: do not let it keep that name
    return taken.has('年齢階級') ? `${rule.field}の年齢階級` : '年齢階級';
  }
  return rule.field;
}

/** The effective rule for each row of the table: the row's own action, else the preset's action for its category. */
export function resolveRules(policy: DeidentifyPolicy): ResolvedRule[] {
  const taken = new Set(policy.rules.map((r) => r.as || r.field));
  return policy.rules.map((rule) => {
    const category = rule.category || undefined;
    const own = rule.action && rule.action !== 'preset' ? rule.action : undefined;
    const fromPreset = policy.preset !== 'custom' && category ? PRESET_ACTIONS[policy.preset][category] : undefined;
    if (!own && !fromPreset) {
      throw new CivicError('civic-deidentify.errors.noAction', { field: rule.field }, `field "${rule.field}" has neither an action nor a category the preset knows`);
    }
    const params: RuleParams = own ? { ...(own === fromPreset?.action ? fromPreset : {}), ...stripUndefined(rule), action: own }
      : { ...fromPreset!, ...stripUndefined(rule), action: fromPreset!.action };
    const [method, methodJa] = describe(params, policy, category);
    const pseudonym = params.action === 'pseudonymise'
      ? { prefix: policy.pseudonymPrefix ?? 'P-', length: policy.pseudonymLength ?? 16, domain: params.domain ?? '' } : undefined;
    const output = outputName(rule, params.action, taken);
    taken.add(output);
    return { ...params, field: rule.field, category, output, method, methodJa, pseudonym } as ResolvedRule;
  });
}
