// Reading the cells of one rule row as the editor stores them (numbers may be strings, an empty cell means "not
// set"). Every refusal is a CivicError naming the row (1-based) and the field, so the deploy says where to look.
import { CivicError } from '../errors';

/** A row as the editor stores it: numbers may be strings, empty strings mean "not set". */
export type RawRule = Record<string, unknown>;

/** A refusal of one cell: `civic-alert.errors.<key>` with the row and the field. */
export function bad(key: string, row: number, field: string, extra: Record<string, string | number> = {}, english = ''): CivicError {
  return new CivicError(`civic-alert.errors.${key}`, { row, field, ...extra }, `rule ${row}, ${field}: ${english || key}`);
}

const empty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A number cell; `required` refuses an empty one, otherwise empty gives `fallback`. */
export function num(raw: RawRule, field: string, row: number, required: boolean, fallback: number | null = null): number | null {
  const v = raw[field];
  if (empty(v)) {
    if (required) throw bad('ruleRequired', row, field, {}, 'a number is required');
    return fallback;
  }
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw bad('ruleNumber', row, field, { got: String(v) }, `not a number: ${String(v)}`);
  return n;
}

/** A number cell that must be 0 or more (empty gives `fallback`). */
export function nonNegative(raw: RawRule, field: string, row: number, fallback: number): number {
  const n = num(raw, field, row, false, fallback) as number;
  if (n < 0) throw bad('ruleNegative', row, field, {}, 'must be 0 or more');
  return n;
}

/** A number cell that must be more than 0 (empty gives `fallback`). */
export function positive(raw: RawRule, field: string, row: number, fallback: number): number {
  const n = num(raw, field, row, false, fallback) as number;
  if (!(n > 0)) throw bad('rulePositive', row, field, {}, 'must be more than 0');
  return n;
}

/** A cell holding one of `allowed` (empty gives `fallback`); `aliases` map older words to current ones. */
export function oneOf<T extends string>(raw: RawRule, field: string, row: number, allowed: readonly T[], fallback: T,
  aliases: Record<string, T> = {}): T {
  const v = raw[field];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'string' && Object.hasOwn(aliases, v)) return aliases[v];
  if (!allowed.includes(v as T)) {
    throw bad('ruleEnum', row, field, { allowed: allowed.join(', '), got: String(v) }, `must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/** A text cell ('' when empty). */
export function text(raw: RawRule, field: string): string {
  const v = raw[field];
  return v === undefined || v === null ? '' : String(v);
}

/** An optional band [low, high]: either end may be empty (open); both set means low < high. */
export function band(raw: RawRule, lowField: string, highField: string, row: number): { low: number; high: number } {
  const low = num(raw, lowField, row, false);
  const high = num(raw, highField, row, false);
  if (low !== null && high !== null && !(low < high)) throw bad('ruleBand', row, highField, {}, 'high must be greater than low');
  return { low: low ?? -Infinity, high: high ?? Infinity };
}
