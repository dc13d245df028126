// The shape check every privacy node makes before it lets a record through: the column names (a CSV header, or
// the keys of a record) must be the declared ones, and none may look like data. A file without its header row
// otherwise turns the first resident's record into column names, which then travel into reports and messages.
// The result names counts and the declared names that are missing, never the offending text.
import { CivicError, isCivicError } from '../errors';
import { detectValue } from './detect';

/** What a node declares about the columns it accepts. */
export interface ShapeSpec {
  /** The column names the policy declares (empty: any names that do not look like data). */
  declared?: readonly string[];
  /** Names that are not declared: refused, or let through (to be dropped or kept by the node). */
  unknown?: 'refuse' | 'allow';
  /** Declared names that are absent: refused, or allowed. */
  missing?: 'refuse' | 'allow';
}

/** The outcome of a shape check: counts only, plus the missing declared names (which come from the policy). */
export interface ShapeCheck { dataLike: number; duplicate: number; empty: number; unknown: number; missing: string[] }

/** Checks a list of column names against the spec. */
export function checkColumns(columns: readonly string[], spec: ShapeSpec = {}): ShapeCheck {
  const declared = spec.declared?.length ? new Set(spec.declared) : undefined;
  const seen = new Set<string>();
  const check: ShapeCheck = { dataLike: 0, duplicate: 0, empty: 0, unknown: 0, missing: [] };
  for (const c of columns) {
    const name = c.trim();
    if (!name) { check.empty++; continue; }
    if (seen.has(name)) check.duplicate++;
    seen.add(name);
    if (declared?.has(name)) continue;
    if (detectValue(name)) check.dataLike++;
    else if (declared) check.unknown++;
  }
  if (declared && spec.missing !== 'allow') check.missing = [...declared].filter((d) => !seen.has(d));
  if (spec.unknown === 'allow') check.unknown = 0;
  return check;
}

/**
 * The one translatable error for a failed check (undefined when it passed), under `<type>.errors.header…`:
 * data-like names first (the most likely cause: no header row), then duplicates, empty, unknown, missing names.
 */
export function shapeError(check: ShapeCheck, type: string): CivicError | undefined {
  if (check.dataLike) {
    return new CivicError(`${type}.errors.headerDataLike`, { count: check.dataLike },
      `${check.dataLike} column name(s) look like personal data (a file without its header row?); nothing was released`);
  }
  if (check.duplicate) return new CivicError(`${type}.errors.headerDuplicate`, { count: check.duplicate }, `${check.duplicate} column name(s) repeat`);
  if (check.empty) return new CivicError(`${type}.errors.headerEmpty`, { count: check.empty }, `${check.empty} column name(s) are empty`);
  if (check.unknown) {
    return new CivicError(`${type}.errors.headerUnknown`, { count: check.unknown },
      `${check.unknown} column name(s) are not in the declared list`);
  }
  if (check.missing.length) {
    return new CivicError(`${type}.errors.headerMissing`, { fields: check.missing.join('、'), count: check.missing.length },
      `declared column(s) missing: ${check.missing.join(', ')}`);
  }
  return undefined;
}

/** Caches the check of record key lists (records of one file share their keys): one check per distinct list. */
export class ShapeCache {
  private readonly results = new Map<string, CivicError | null>();

  constructor(private readonly spec: ShapeSpec, private readonly type: string) {}

  /** The error for a record with these keys, or undefined. */
  errorFor(keys: readonly string[]): CivicError | undefined {
    const signature = keys.join('\u0000');
    let r = this.results.get(signature);
    if (r === undefined) {
      r = shapeError(checkColumns(keys, this.spec), this.type) ?? null;
      if (this.results.size < 1000) this.results.set(signature, r);
    }
    return r ?? undefined;
  }
}

/** True for a record: a plain object (not an array, a Buffer, a typed array, a Map, a Date…). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A short name of a value's type for error messages (never the value): 'string', 'Buffer', 'array', 'Int32Array'… */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'Buffer';
  if (typeof v === 'object') return (Object.getPrototypeOf(v)?.constructor?.name as string | undefined) ?? 'object';
  return typeof v;
}

/**
 * The catalog key of a short status for a failure (the full translated error goes to the log and Catch nodes):
 * `<type>.status.refused` for refused input (its shape, a garbled file), `<type>.status.timeLimit`, else
 * `<type>.status.failed`.
 */
export function failureStatus(err: unknown, type: string): string {
  const key = isCivicError(err) ? err.key : '';
  if (/\.errors\.(header|garbled|noColumns|payload)/.test(key)) return `${type}.status.refused`;
  if (/\.errors\.timeLimit/.test(key)) return `${type}.status.timeLimit`;
  return `${type}.status.failed`;
}
