// The two database engines behind the records store, seen through one small interface: parameterised SQL ($1, $2 …
// in both), transactions, rows as plain JS values (integers as numbers, dates as 'YYYY-MM-DD', times as ISO strings).
// Engine errors become translatable StoreErrors that carry whether a retry can help and never the engine's own text
// (which may quote a value).
import { CivicError } from '../errors';

/** The SQL engines the store runs on. */
export type Dialect = 'duckdb' | 'postgres';
/** One result row: column name → plain JS value. */
export type Row = Record<string, unknown>;

/** Runs statements; inside a transaction, on that transaction. */
export interface Executor {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** A connected engine: queries, transactions, close. */
export interface Backend extends Executor {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A store failure with a catalog key; `retryable` when the same work may succeed later (connection lost, lock). */
export class StoreError extends CivicError {
  readonly retryable: boolean;

  constructor(key: string, params: Record<string, string | number>, message: string, retryable: boolean) {
    super(key, params, message);
    this.retryable = retryable;
  }
}

/** True for a StoreError that a retry may cure. */
export function isRetryable(err: unknown): boolean {
  return err instanceof StoreError && err.retryable;
}

const PG_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

/**
 * Maps an engine error to a StoreError: lost or refused connection, a database file locked by another process, a
 * wrong password, a missing database, a full disk or read-only file; anything else is a generic database error
 * with only its SQLSTATE code.
 */
export function classifyError(err: unknown, dialect: Dialect): StoreError {
  if (err instanceof StoreError) return err;
  if (err instanceof CivicError) return new StoreError(err.key, err.params, err.message, false);
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : '';
  const engine = dialect === 'duckdb' ? 'DuckDB' : 'PostgreSQL';
  if (/Could not set lock on file|Conflicting lock is held/i.test(text)) {
    return new StoreError('shared.store.errors.locked', { engine }, 'the database file is locked by another process', true);
  }
  if (PG_CONNECTION_CODES.has(code) || /Connection terminated|connection error|Client was closed|not queryable|timeout exceeded when trying to connect|terminating connection/i.test(text)) {
    return new StoreError('shared.store.errors.connection', { engine }, 'the connection to the database was lost or refused', true);
  }
  if (code === '28P01' || code === '28000') {
    return new StoreError('shared.store.errors.auth', { engine }, 'the database refused the user name or password', false);
  }
  if (code === '3D000') {
    return new StoreError('shared.store.errors.noDatabase', { engine }, 'the database does not exist', false);
  }
  if (code === 'ENOSPC' || code === '53100' || /No space left on device/i.test(text)) {
    return new StoreError('shared.store.errors.diskFull', { engine }, 'the disk is full', true);
  }
  if (code === 'EACCES' || code === 'EROFS' || /read-only|Permission denied/i.test(text)) {
    return new StoreError('shared.store.errors.readOnly', { engine }, 'the database file cannot be written', false);
  }
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) ? code : '-';
  return new StoreError('shared.store.errors.database', { engine, code: sqlstate }, `${engine} refused the statement (SQLSTATE ${sqlstate})`, false);
}
