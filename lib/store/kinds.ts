// Record kinds: the declared schema of one table of the records store (a name, typed columns, the input field each
// column reads). Kinds are plain data so that a node's editor table, a preset in lib and an integrator's script can
// all declare one; the store turns them into tables and additive migrations.
import { CivicError } from '../errors';

/** Column types a kind may declare. `pseudonym` holds a keyed pseudonym: clear values are keyed on write. */
export const COLUMN_TYPES = ['text', 'integer', 'real', 'boolean', 'date', 'timestamp', 'pseudonym'] as const;
/** One of COLUMN_TYPES. */
export type ColumnType = typeof COLUMN_TYPES[number];

/** A declared column of a record kind. */
export interface ColumnDef {
  /** SQL column name: lower-case ASCII letters, digits and _, starting with a letter */
  name: string;
  type: ColumnType;
  /** input record property the value comes from (default: the column name); may be Japanese */
  field?: string;
  /** a record without a value here is refused */
  required?: boolean;
}

/** A record kind: its name and declared columns. */
export interface RecordKind {
  /** kind name (table `r_<name>`): same rule as column names */
  name: string;
  columns: ColumnDef[];
}

/** Columns the store adds to every kind: record id (idempotent retries), source label and write time. */
export const SYSTEM_COLUMNS = ['_rid', '_source', '_written_at'] as const;

const IDENT = /^[a-z][a-z0-9_]{0,47}$/;
const RESERVED = new Set(['select', 'from', 'where', 'group', 'order', 'by', 'table', 'user', 'limit', 'offset', 'and', 'or', 'not',
  'null', 'true', 'false', 'as', 'in', 'is', 'on', 'join', 'union', 'all', 'any', 'case', 'when', 'then', 'else', 'end', 'default',
  'primary', 'key', 'references', 'check', 'unique', 'column', 'create', 'alter', 'drop', 'insert', 'update', 'delete', 'with',
  'having', 'distinct', 'desc', 'asc', 'cast', 'date', 'timestamp', 'interval', 'current_date', 'current_time', 'current_user',
  'grant', 'into', 'using', 'window', 'over', 'partition']);

/** True when `name` may be used as a kind or column name (safe to put in SQL without quoting). */
export function isIdentifier(name: unknown): name is string {
  return typeof name === 'string' && IDENT.test(name) && !RESERVED.has(name);
}

/** Table name of a kind. */
export function tableOf(kind: string): string {
  return `r_${kind}`;
}

/**
 * Checks a kind declaration and returns a normalised copy (fields filled, names unique). Errors name the kind and
 * column by position and the rule broken, so a staff member can fix the table in the editor.
 */
export function normalizeKind(kind: RecordKind): RecordKind {
  if (!kind || !isIdentifier(kind.name)) {
    throw new CivicError('shared.store.errors.kindName', {}, 'a kind name must be lower-case letters, digits and _, starting with a letter');
  }
  if (!Array.isArray(kind.columns) || kind.columns.length === 0) {
    throw new CivicError('shared.store.errors.noColumns', { kind: kind.name }, `kind ${kind.name} declares no columns`);
  }
  const seen = new Set<string>();
  const columns = kind.columns.map((c, i) => {
    const position = i + 1;
    if (!c || !isIdentifier(c.name) || c.name.startsWith('_')) {
      throw new CivicError('shared.store.errors.columnName', { kind: kind.name, position }, `kind ${kind.name}, column ${position}: invalid name`);
    }
    if (!(COLUMN_TYPES as readonly string[]).includes(c.type)) {
      throw new CivicError('shared.store.errors.columnType', { kind: kind.name, position }, `kind ${kind.name}, column ${position}: unknown type`);
    }
    if (seen.has(c.name)) {
      throw new CivicError('shared.store.errors.duplicateColumn', { kind: kind.name, position }, `kind ${kind.name}, column ${position}: repeated name`);
    }
    seen.add(c.name);
    const field = typeof c.field === 'string' && c.field.trim() ? c.field.trim() : c.name;
    return { name: c.name, type: c.type, field, required: Boolean(c.required) };
  });
  return { name: kind.name, columns };
}

/**
 * Parses the compact column notation of the editor and the presets, `name:type[:field][!]` separated by commas or new
 * lines (a trailing ! marks a required column), e.g. `person:pseudonym:宛名番号!, sbp:real:収縮期血圧`.
 */
export function parseColumns(text: string): ColumnDef[] {
  return String(text ?? '').split(/[,\n]/).map((s) => s.trim()).filter(Boolean).map((part) => {
    const required = part.endsWith('!');
    const [name, type, ...field] = (required ? part.slice(0, -1) : part).split(':').map((s) => s.trim());
    return { name, type: (type || 'text') as ColumnType, ...(field.length && field.join(':') ? { field: field.join(':') } : {}), required };
  });
}

/** The compact notation of `parseColumns` for a list of columns. */
export function formatColumns(columns: ColumnDef[]): string {
  return columns.map((c) => `${c.name}:${c.type}${c.field && c.field !== c.name ? `:${c.field}` : ''}${c.required ? '!' : ''}`).join(', ');
}
