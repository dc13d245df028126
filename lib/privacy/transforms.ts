// The per-value transforms of the de-identification actions (one value in, its replacement out, or undefined when
// the value cannot be processed), and the shifted-column check of values released as they are.
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { generalizeAddress } from './address';
import { detectValue, type DataKind } from './detect';
import { ageOn, fiscalYear, parseDate, type ParsedDate } from './era';
import { normalizeIdentifier } from './normalize';
import type { Category, ResolvedRule } from './policy';
import { pseudonymizeChecked, pseudonymizer } from './pseudonym';
import { scrubText } from './text/scrub';
import type { FindingType } from './text/patterns';

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

/** Whole years of age from a number, '47歳', or a full birth date (on `asOf`). */
export function ageOf(value: unknown, asOf: ParsedDate): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const s = String(value).normalize('NFKC').replace(/\s*(歳|才)\s*$/, '').trim();
  if (/^[0-9]{1,3}$/.test(s)) return Number(s);
  const birth = parseDate(value);
  if (!birth || birth.precision !== 'day') return undefined;
  const age = ageOn(birth, asOf);
  return age >= 0 ? age : undefined;
}

/** What a per-value transform needs besides the rule. */
export interface TransformContext {
  key?: string;
  asOf: ParsedDate;
  tokenizer?: Tokenizer<IpadicFeatures>;
  findings: Partial<Record<FindingType, number>>;
}

/** The transformed value (undefined: cannot be processed). 'shift', 'rare' and 'topcode' are handled elsewhere. */
export function transformValue(rule: ResolvedRule, value: unknown, ctx: TransformContext): unknown {
  switch (rule.action) {
    case 'keep': case 'rare': case 'topcode': return value;
    case 'pseudonymise': return pseudonymizeChecked(ctx.key!, value, rule.pseudonym);
    case 'age': {
      const age = ageOf(value, ctx.asOf);
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
      const chars = [...String(value)];
      const keep = Math.max(0, Math.min(chars.length, rule.keepLast ?? 0));
      return '*'.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
    }
    case 'scrub': {
      if (typeof value !== 'string') return value;
      const r = scrubText(value, ctx.tokenizer);
      for (const [t, n] of Object.entries(r.findings)) ctx.findings[t as FindingType] = (ctx.findings[t as FindingType] ?? 0) + n!;
      return r.text;
    }
    default: return undefined;
  }
}

/**
 * The transform of a rule as a function of the value, built once per policy: the pseudonym's key prepared, the
 * rest through `transformValue` with `ctx` (whose `asOf` the caller may move on).
 */
export function compileTransform(rule: ResolvedRule, ctx: TransformContext): (value: unknown) => unknown {
  if (rule.action === 'pseudonymise' && ctx.key) return pseudonymizer(ctx.key, rule.pseudonym);
  return (value) => transformValue(rule, value, ctx);
}

// what a released field may hold without raising the shifted-column alarm, by category
const ALLOWED: Partial<Record<Category | 'none', ReadonlySet<DataKind>>> = {
  birthDate: new Set(['date']), date: new Set(['date']), measurement: new Set(['identifier']),
  identifier: new Set(['identifier', 'myNumber']), linkId: new Set(['identifier']), name: new Set(['personName']),
  address: new Set(['address']), postcode: new Set(['postcode']), phone: new Set(['phone']), email: new Set(['email']),
};

const BARE_NUMBERS: ReadonlySet<Category | 'none'> = new Set(['identifier', 'linkId', 'measurement']);

/**
 * The kind of personal data a value released as it is looks like, when its field should not hold that (a sign the
 * row's columns shifted); undefined otherwise. Free text is not checked (it may hold anything; scrub it instead).
 */
export function shiftedKind(category: Category | undefined, value: unknown): DataKind | undefined {
  if (category === 'freeText') return undefined;
  const kind = detectValue(value, ALLOWED[category ?? 'none']);
  // a bare 7-digit number reads as a postcode without its hyphen, and is just as often an ID number (宛名番号) or an
  // amount (医療費 in yen): in such a column only a postcode written as a postcode is a sign of shifted columns
  if (kind === 'postcode' && BARE_NUMBERS.has(category ?? 'none') && /^[0-9]+$/.test(String(value).normalize('NFKC').trim())) return undefined;
  return kind;
}
