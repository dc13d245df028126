// Input values → column values: numbers from text (full-width digits too), dates in 和暦 or Gregorian form, times,
// booleans in Japanese or English, and keyed pseudonyms. A value that cannot be read is an error naming the record
// number and the declared column — never the value itself.
import { CivicError } from '../errors';
import { parseDate } from '../privacy/era';
import { pseudonymizeChecked, assertKey } from '../privacy/pseudonym';
import { isValidMyNumber, phoneKind, isEmail } from '../privacy/identifiers';
import type { ColumnDef, RecordKind } from './kinds';
import { getOwn } from '../util/own';

/** A value as written to a column. */
export type CellValue = string | number | boolean | null;

/** The key and form of keyed pseudonyms. */
export interface PseudonymSettings { key?: string; prefix: string; length: number }

/** The pattern of a pseudonym made with these settings (prefix + hex digits). */
export function pseudonymPattern(p: Pick<PseudonymSettings, 'prefix' | 'length'>): RegExp {
  return new RegExp(`^${p.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{${p.length}}$`);
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'はい', 'あり', '有', '○', '◯']);
const FALSE = new Set(['false', '0', 'no', 'n', 'いいえ', 'なし', '無', '×', '-']);

function bad(column: ColumnDef, row: number): CivicError {
  return new CivicError('shared.store.errors.badValue', { row, column: column.name, type: column.type },
    `record ${row}, column ${column.name}: not a valid ${column.type}`);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.normalize('NFKC').replace(/,/g, '').replace(/[\u2212\u30FC]/g, '-').trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** A text value must not be a clear identifier: the store keeps pseudonymised records only. */
function looksIdentifying(s: string): boolean {
  const n = s.normalize('NFKC').trim();
  const digits = n.replace(/[-\s]/g, '');
  return (/^\d{12}$/.test(digits) && isValidMyNumber(digits)) || phoneKind(n) !== undefined || isEmail(n);
}

/** Converts one input value to the column's type; null for a missing value; throws for one it cannot read. */
export function toCell(column: ColumnDef, value: unknown, row: number, p: PseudonymSettings): CellValue {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (column.required) {
      throw new CivicError('shared.store.errors.missing', { row, column: column.name }, `record ${row}, column ${column.name}: value missing`);
    }
    return null;
  }
  switch (column.type) {
    case 'integer': {
      const n = toNumber(value);
      if (n === undefined || !Number.isInteger(n)) throw bad(column, row);
      return n;
    }
    case 'real': {
      const n = toNumber(value);
      if (n === undefined) throw bad(column, row);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = String(value).normalize('NFKC').trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      throw bad(column, row);
    }
    case 'date': {
      const d = parseDate(value);
      if (!d || d.precision !== 'day') throw bad(column, row);
      return d.iso;
    }
    case 'timestamp': {
      const t = typeof value === 'number' ? value : value instanceof Date ? value.getTime()
        : typeof value === 'string' && /\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
      if (!Number.isFinite(t)) throw bad(column, row);
      return new Date(t).toISOString();
    }
    case 'pseudonym': {
      if (typeof value !== 'string' && typeof value !== 'number') throw bad(column, row);
      const s = String(value).trim();
      if (pseudonymPattern(p).test(s)) return s;
      if (!p.key) {
        throw new CivicError('shared.store.errors.noKey', { row, column: column.name },
          `record ${row}, column ${column.name}: a clear identifier arrived and the store has no pseudonym key`);
      }
      return pseudonymizeChecked(p.key, s, { prefix: p.prefix, length: p.length });
    }
    default: {
      if (typeof value === 'object') throw bad(column, row);
      const s = String(value);
      if (looksIdentifying(s)) {
        throw new CivicError('shared.store.errors.identifying', { row, column: column.name },
          `record ${row}, column ${column.name}: looks like a clear identifier (My Number, phone or e-mail); the store keeps pseudonymised records only`);
      }
      return s;
    }
  }
}

/** Options for turning input records into rows of a kind. */
export interface RowOptions extends PseudonymSettings {
  /** 'refuse': a record with a property that no column reads is an error; 'ignore': such properties are dropped */
  unknownFields: 'refuse' | 'ignore';
}

/** Checks the key once per batch (a short key is refused before any record is touched). */
export function checkPseudonymKey(p: PseudonymSettings): void {
  if (p.key !== undefined) assertKey(p.key);
}

/**
 * One input record → the row of values in the kind's column order. `row` is the record's number in its batch (1-based),
 * used in errors; unknown properties are counted, never named (they may come from a file's header).
 */
export function toRow(kind: RecordKind, record: unknown, row: number, options: RowOptions): CellValue[] {
  if (!record || typeof record !== 'object' || Array.isArray(record) || Buffer.isBuffer(record)) {
    throw new CivicError('shared.store.errors.notRecord', { row }, `record ${row}: not an object`);
  }
  const rec = record as Record<string, unknown>;
  if (options.unknownFields === 'refuse') {
    const known = new Set(kind.columns.map((c) => c.field ?? c.name));
    const unknown = Object.keys(rec).filter((k) => !known.has(k)).length;
    if (unknown > 0) {
      throw new CivicError('shared.store.errors.unknownFields', { row, count: unknown, kind: kind.name },
        `record ${row}: ${unknown} propert${unknown === 1 ? 'y is' : 'ies are'} not declared in kind ${kind.name}`);
    }
  }
  return kind.columns.map((c) => toCell(c, getOwn(rec, c.field ?? c.name), row, options));
}
