// The SQL the store writes, for both engines: types, tables, additive column changes, batched inserts that a retry
// can repeat safely (ON CONFLICT on the record id) and filters with bound parameters. Identifiers are checked by
// kinds.ts before they get here; values are always parameters.
import type { Dialect } from './backend';
import { tableOf, type ColumnDef, type ColumnType, type RecordKind } from './kinds';

const TYPES: Record<Dialect, Record<ColumnType, string>> = {
  duckdb: { text: 'VARCHAR', integer: 'BIGINT', real: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMPTZ', pseudonym: 'VARCHAR' },
  postgres: { text: 'TEXT', integer: 'BIGINT', real: 'DOUBLE PRECISION', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMPTZ', pseudonym: 'TEXT' },
};

/** SQL type of a column type in a dialect. */
export function sqlType(dialect: Dialect, type: ColumnType): string {
  return TYPES[dialect][type];
}

/** CREATE TABLE for a kind: the system columns, then the declared ones. */
export function createTableSql(dialect: Dialect, kind: RecordKind): string {
  const cols = kind.columns.map((c) => `${c.name} ${sqlType(dialect, c.type)}`);
  return `CREATE TABLE IF NOT EXISTS ${tableOf(kind.name)} (_rid ${sqlType(dialect, 'text')} PRIMARY KEY, `
    + `_source ${sqlType(dialect, 'text')}, _written_at TIMESTAMPTZ NOT NULL${cols.length ? `, ${cols.join(', ')}` : ''})`;
}

/** ALTER TABLE … ADD COLUMN for a column added to a kind. */
export function addColumnSql(dialect: Dialect, kind: string, column: ColumnDef): string {
  return `ALTER TABLE ${tableOf(kind)} ADD COLUMN ${column.name} ${sqlType(dialect, column.type)}`;
}

/** Rows per INSERT statement so that the bound parameters stay well under PostgreSQL's 65535. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(30000 / (columns + 3))));
}

/** A multi-row INSERT of `rows` rows into a kind's table; rows already there (same _rid) are skipped. */
export function insertSql(dialect: Dialect, kind: RecordKind, rows: number): string {
  const types = ['text', 'text', 'timestamp', ...kind.columns.map((c) => c.type)] as ColumnType[];
  const width = types.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    tuples.push(`(${types.map((t, i) => `CAST($${r * width + i + 1} AS ${sqlType(dialect, t)})`).join(', ')})`);
  }
  const names = ['_rid', '_source', '_written_at', ...kind.columns.map((c) => c.name)].join(', ');
  return `INSERT INTO ${tableOf(kind.name)} (${names}) VALUES ${tuples.join(', ')} ON CONFLICT (_rid) DO NOTHING`;
}
