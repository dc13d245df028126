// Common formulas on readings without code (civic-formula): each rule derives one metric from one or two metrics
// of a reading — a·x + b, a − x, x − y, a sum, a ratio or percentage, a unit conversion, rounding — and names the
// result and its unit. Rules are checked once when the node starts; applying them never throws.
import { CivicError } from '../errors';
import { getOwn, setOwn } from '../util/own';

/** The operations a rule can apply. */
export const FORMULA_OPERATIONS = ['linear', 'subtractFrom', 'difference', 'sum', 'ratio', 'percentage', 'convert', 'round'] as const;
/** One of FORMULA_OPERATIONS. */
export type FormulaOperation = typeof FORMULA_OPERATIONS[number];

/** Unit conversions: factor and offset (to = x·factor + offset) and the unit of the result. */
export const CONVERSIONS = {
  'c-to-f': { factor: 9 / 5, offset: 32, unit: '°F' },
  'f-to-c': { factor: 5 / 9, offset: -32 * 5 / 9, unit: '°C' },
  'k-to-c': { factor: 1, offset: -273.15, unit: '°C' },
  'c-to-k': { factor: 1, offset: 273.15, unit: 'K' },
  'hpa-to-kpa': { factor: 0.1, offset: 0, unit: 'kPa' },
  'kpa-to-hpa': { factor: 10, offset: 0, unit: 'hPa' },
  'pa-to-hpa': { factor: 0.01, offset: 0, unit: 'hPa' },
  'mm-to-cm': { factor: 0.1, offset: 0, unit: 'cm' },
  'cm-to-m': { factor: 0.01, offset: 0, unit: 'm' },
  'mm-to-m': { factor: 0.001, offset: 0, unit: 'm' },
  'm-to-cm': { factor: 100, offset: 0, unit: 'cm' },
  'ms-to-kmh': { factor: 3.6, offset: 0, unit: 'km/h' },
  'kmh-to-ms': { factor: 1 / 3.6, offset: 0, unit: 'm/s' },
  'ratio-to-percent': { factor: 100, offset: 0, unit: '%' },
  'percent-to-ratio': { factor: 0.01, offset: 0, unit: '' },
  'ms-to-s': { factor: 0.001, offset: 0, unit: 's' },
  'ds-to-ms-cm': { factor: 1, offset: 0, unit: 'mS/cm' },
  'us-to-ds': { factor: 0.001, offset: 0, unit: 'dS/m' },
} as const;
/** The id of a conversion, e.g. c-to-f. */
export type ConversionId = keyof typeof CONVERSIONS;
/** The conversion ids, for the editor's list. */
export const CONVERSION_IDS = Object.keys(CONVERSIONS) as ConversionId[];

/** One rule as the dialog's table saves it (numbers may arrive as text; blanks are ''). */
export interface FormulaRule {
  /** name of the derived metric, e.g. waterLevel */
  name: string;
  operation: FormulaOperation;
  /** the metric x; for sum a comma-separated list */
  x: string;
  /** the second metric y (difference, ratio, percentage) */
  y?: string;
  a?: number | string;
  b?: number | string;
  conversion?: ConversionId | '';
  /** decimals to round the result to; blank = as computed */
  decimals?: number | string;
  /** unit of the result; blank = the conversion's unit, or x's unit for linear/subtractFrom/difference/sum/round */
  unit?: string;
}

/** A checked rule, ready to apply. */
export interface CompiledRule {
  name: string; operation: FormulaOperation; inputs: string[]; a: number; b: number; factor: number; offset: number;
  decimals: number | null; unit: string | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const blank = (v: unknown) => v === undefined || v === null || v === '';

function ruleError(row: number, field: string, text: string): CivicError {
  return new CivicError('civic-formula.errors.badRule', { row, field }, `rule ${row}: ${text}`);
}

function numberOf(v: unknown, row: number, field: string, fallback: number): number {
  if (blank(v)) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.normalize('NFKC').trim()) : NaN;
  if (!Number.isFinite(n)) throw ruleError(row, field, `${field} is not a number`);
  return n;
}

/** Checks one rule (row is 1-based for the error) and compiles it. */
export function compileRule(rule: FormulaRule, row: number): CompiledRule {
  if (!rule || typeof rule.name !== 'string' || !NAME.test(rule.name)) throw ruleError(row, 'name', 'the result needs a name of letters, digits and _');
  if (!FORMULA_OPERATIONS.includes(rule.operation)) throw ruleError(row, 'operation', 'unknown operation');
  const list = (v: unknown) => (typeof v === 'string' ? v.split(/[,、\s]+/).filter(Boolean) : []);
  const xs = list(rule.x);
  const two = ['difference', 'ratio', 'percentage'].includes(rule.operation);
  const inputs = rule.operation === 'sum' ? xs : two ? [xs[0], list(rule.y)[0]] : [xs[0]];
  if (inputs.length === 0 || inputs.some((n) => !n || !NAME.test(n)) || (rule.operation === 'sum' && inputs.length < 2)) {
    throw ruleError(row, two || rule.operation === 'sum' ? 'inputs' : 'x', 'pick the metric(s) to use');
  }
  let factor = 1, offset = 0, unit: string | null = blank(rule.unit) ? null : String(rule.unit);
  if (rule.operation === 'convert') {
    const c = CONVERSIONS[rule.conversion as ConversionId];
    if (!c) throw ruleError(row, 'conversion', 'pick a unit conversion');
    factor = c.factor; offset = c.offset; unit ??= c.unit;
  }
  const decimals = blank(rule.decimals) ? (rule.operation === 'round' ? 0 : null) : numberOf(rule.decimals, row, 'decimals', 0);
  if (decimals !== null && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 10)) throw ruleError(row, 'decimals', 'decimals must be 0–10');
  return { name: rule.name, operation: rule.operation, inputs, a: numberOf(rule.a, row, 'a', 1), b: numberOf(rule.b, row, 'b', 0),
    factor, offset, decimals, unit };
}

/** Compiles a node's rules; at least one. */
export function compileRules(rules: FormulaRule[]): CompiledRule[] {
  if (!Array.isArray(rules) || rules.length === 0) throw new CivicError('civic-formula.errors.noRules', {}, 'add at least one formula');
  const compiled = rules.map((r, i) => compileRule(r, i + 1));
  const seen = new Set<string>();
  compiled.forEach((r, i) => {
    if (seen.has(r.name)) throw ruleError(i + 1, 'name', 'two rules give the same result name');
    seen.add(r.name);
  });
  return compiled;
}

/** Why a rule gave no result for a reading. */
export interface Skipped { rule: string; reason: 'missing' | 'divideByZero'; metric?: string }

/** The value of one rule, or why there is none; `values` are the reading's numbers (earlier results included). */
function evaluate(r: CompiledRule, values: Record<string, unknown>): number | Skipped {
  const nums: number[] = [];
  for (const m of r.inputs) {
    const v = values[m];
    if (typeof v !== 'number' || !Number.isFinite(v)) return { rule: r.name, reason: 'missing', metric: m };
    nums.push(v);
  }
  const [x, y] = nums;
  switch (r.operation) {
    case 'linear': return r.a * x + r.b;
    case 'subtractFrom': return r.a - x;
    case 'difference': return x - y;
    case 'sum': return nums.reduce((s, v) => s + v, 0);
    case 'ratio': return y === 0 ? { rule: r.name, reason: 'divideByZero' } : x / y;
    case 'percentage': return y === 0 ? { rule: r.name, reason: 'divideByZero' } : (100 * x) / y;
    case 'convert': return x * r.factor + r.offset;
    default: return x;                                           // round: the rounding below does it
  }
}

/** Rounds half away from zero at `d` decimals, without binary noise (2.675 → 2.68). */
export function roundTo(v: number, d: number): number {
  const f = 10 ** d;
  const r = Math.sign(v) * Math.round(Number((Math.abs(v) * f).toPrecision(15))) / f;
  return r === 0 ? 0 : r;
}

/**
 * Applies the rules in order (a later rule may use an earlier result) to a reading's numbers; returns the derived
 * values and units, and the rules that were skipped. The reading is not changed.
 */
export function applyRules(rules: CompiledRule[], payload: Record<string, unknown>, units: Record<string, unknown> = {}):
  { values: Record<string, number>; units: Record<string, string>; skipped: Skipped[] } {
  const scope: Record<string, unknown> = { ...payload };
  const unitScope: Record<string, unknown> = { ...units };
  const out = { values: {} as Record<string, number>, units: {} as Record<string, string>, skipped: [] as Skipped[] };
  for (const r of rules) {
    const v = evaluate(r, scope);
    if (typeof v !== 'number') { out.skipped.push(v); continue; }
    const value = r.decimals === null ? v : roundTo(v, r.decimals);
    setOwn(scope, r.name, value);
    setOwn(out.values, r.name, value);
    const inherited = ['ratio', 'percentage'].includes(r.operation) ? undefined : getOwn(unitScope, r.inputs[0]);
    const unit = r.unit ?? (r.operation === 'percentage' ? '%' : typeof inherited === 'string' ? inherited : null);
    if (unit !== null) { setOwn(out.units, r.name, unit); setOwn(unitScope, r.name, unit); }
  }
  return out;
}
