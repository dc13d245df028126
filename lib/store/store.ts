// The records store: typed tables per record kind in DuckDB (embedded, default) or PostgreSQL, with versioned
// migrations on open, additive kind migrations, transactional batched writes that are retried when the connection
// drops (and safe to repeat: each record has an id), and filtered reads. Pseudonym columns only ever hold keyed
// pseudonyms; the key stays with the caller (a Node-RED credential).
import { randomUUID } from 'crypto';
import { StoreError, classifyError, isRetryable, type Backend, type Row } from './backend';
import { openDuckDb } from './duckdb';
import { openPostgres, type PgSettings } from './postgres';
import { migrate, schemaLock } from './migrations';
import { normalizeKind, tableOf, isIdentifier, type ColumnDef, type RecordKind } from './kinds';
import { insertSql, rowsPerStatement, addColumnSql, createTableSql } from './sql';
import { datasetSql, type DatasetSpec } from './dataset';
import { toRow, checkPseudonymKey, type CellValue, type PseudonymSettings, type RowOptions } from './values';

/** One of STORE_BACKENDS. */
export type StoreBackendName = 'duckdb' | 'postgres';
/** Backends a store config may name. */
export const STORE_BACKENDS = ['duckdb', 'postgres'] as const;

/** How to open a records store. */
export interface StoreOptions {
  backend: StoreBackendName;
  /** DuckDB file (or ':memory:') */
  file?: string;
  postgres?: PgSettings;
  pseudonym?: Partial<PseudonymSettings>;
  /** attempts after the first when a write fails for a retryable reason (default 4) */
  retries?: number;
  /** first delay between attempts, doubled each time (default 250 ms) */
  retryDelayMs?: number;
  /** injected for tests */
  sleep?: (ms: number) => Promise<void>;
}

/** A row ready to write: its record id, source label and the cells in the kind's column order. */
export interface PreparedRow { rid: string; source: string; cells: CellValue[] }

/** Input records → rows of `kind` (validated, pseudonymised, each with a new record id); throws for the first bad one. */
export function prepareRows(kind: RecordKind, records: unknown[], source: string, options: RowOptions): PreparedRow[] {
  return records.map((rec, i) => ({ rid: randomUUID(), source, cells: toRow(kind, rec, i + 1, options) }));
}

/** Comparison operators a store query may use. */
export const FILTER_OPS = ['=', '!=', '<', '<=', '>', '>=', 'isNull', 'notNull'] as const;
/** One of FILTER_OPS. */
export type FilterOp = typeof FILTER_OPS[number];
/** One condition of a store query. */
export interface Filter { column: string; op: FilterOp; value?: unknown }
/** Columns, conditions, order and limit of a store query. */
export interface SelectOptions { columns?: string[]; where?: Filter[]; orderBy?: string; descending?: boolean; limit?: number }

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The records store (see the file comment); open with RecordStore.open. */
export class RecordStore {
  readonly db: Backend;
  /** State that the nodes using this store share, by name (e.g. the linkage index of all civic-record-link nodes). */
  readonly shared = new Map<string, unknown>();
  readonly pseudonym: PseudonymSettings;
  private readonly kindCache = new Map<string, RecordKind>();
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  private constructor(db: Backend, options: StoreOptions) {
    this.db = db;
    this.pseudonym = { key: options.pseudonym?.key || undefined, prefix: options.pseudonym?.prefix ?? 'P-', length: options.pseudonym?.length ?? 16 };
    checkPseudonymKey(this.pseudonym);
    this.retries = options.retries ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Opens the database named by `options`, runs the store's migrations and returns the store. */
  static async open(options: StoreOptions): Promise<RecordStore> {
    let db: Backend;
    if (options.backend === 'postgres') {
      if (!options.postgres) throw new StoreError('shared.store.errors.noConnection', {}, 'PostgreSQL settings missing', false);
      db = await openPostgres(options.postgres);
    } else {
      if (!options.file) throw new StoreError('shared.store.errors.noFile', {}, 'DuckDB file missing', false);
      db = await openDuckDb(options.file);
    }
    try {
      const store = new RecordStore(db, options);
      await migrate(db);
      return store;
    } catch (err) {
      await db.close();
      throw classifyError(err, db.dialect);
    }
  }

  /** The engine in use. */
  get dialect(): StoreBackendName { return this.db.dialect; }

  /**
   * Makes sure the kind's table exists with every declared column: creates it, or adds new columns (recorded as a new
   * kind version). A column whose type changed is refused: the old data would no longer fit it.
   */
  async declareKind(declared: RecordKind): Promise<RecordKind> {
    const kind = normalizeKind(declared);
    const merged = await this.retrying(() => this.db.transaction(async (tx) => {
      await schemaLock(tx, this.db.dialect);
      const rows = await tx.query('SELECT version, columns FROM civic_kinds WHERE kind = $1', [kind.name]);
      const now = new Date().toISOString();
      if (!rows.length) {
        await tx.query(createTableSql(this.db.dialect, kind));
        await tx.query('INSERT INTO civic_kinds (kind, version, columns, updated_at) VALUES ($1, 1, $2, CAST($3 AS TIMESTAMPTZ))',
          [kind.name, JSON.stringify(kind.columns.map(({ name, type }) => ({ name, type }))), now]);
        return kind.columns;
      }
      const stored = JSON.parse(String(rows[0].columns)) as ColumnDef[];
      const byName = new Map(stored.map((c) => [c.name, c]));
      const added = kind.columns.filter((c) => !byName.has(c.name));
      kind.columns.forEach((c, i) => {
        const old = byName.get(c.name);
        if (old && old.type !== c.type) {
          throw new StoreError('shared.store.errors.typeChanged', { kind: kind.name, position: i + 1, was: old.type, now: c.type },
            `kind ${kind.name}: column ${c.name} was ${old.type}, now declared ${c.type}`, false);
        }
      });
      if (!added.length) return stored;
      for (const c of added) await tx.query(addColumnSql(this.db.dialect, kind.name, c));
      const all = [...stored, ...added.map(({ name, type }) => ({ name, type }))];
      await tx.query('UPDATE civic_kinds SET version = version + 1, columns = $2, updated_at = CAST($3 AS TIMESTAMPTZ) WHERE kind = $1',
        [kind.name, JSON.stringify(all), now]);
      return all;
    }));
    const known = { name: kind.name, columns: merged.map((c) => kind.columns.find((k) => k.name === c.name) ?? { ...c, field: c.name }) };
    this.kindCache.set(kind.name, known);
    return kind;
  }

  /** Kinds declared in the database: name, version and columns. */
  async kinds(): Promise<Array<{ name: string; version: number; columns: ColumnDef[] }>> {
    const rows = await this.db.query('SELECT kind, version, columns FROM civic_kinds ORDER BY kind');
    return rows.map((r) => ({ name: String(r.kind), version: Number(r.version), columns: JSON.parse(String(r.columns)) as ColumnDef[] }));
  }

  /** The kind as the database knows it (all columns ever declared); a `unknownKind` error when it was never declared. */
  async kind(name: string): Promise<RecordKind> {
    const cached = this.kindCache.get(name);
    if (cached) return cached;
    const found = isIdentifier(name) ? (await this.kinds()).find((k) => k.name === name) : undefined;
    if (!found) throw new StoreError('shared.store.errors.unknownKind', { kind: isIdentifier(name) ? name : '?' }, `no kind ${name} in the store`, false);
    const kind = { name: found.name, columns: found.columns.map((c) => ({ ...c, field: c.name })) };
    this.kindCache.set(name, kind);
    return kind;
  }

  /** Input records → rows (validated, pseudonymised with the store's key, each with a new record id). */
  prepare(kind: RecordKind, records: unknown[], source: string, unknownFields: RowOptions['unknownFields'] = 'refuse'): PreparedRow[] {
    return prepareRows(kind, records, source, { ...this.pseudonym, unknownFields });
  }

  /**
   * Writes prepared rows in one transaction (all or nothing), retried on a lost connection; a row whose record id is
   * already stored (an earlier attempt that committed) is skipped. Returns the number of rows given.
   */
  async insert(kind: RecordKind, rows: PreparedRow[]): Promise<number> {
    if (!rows.length) return 0;
    const width = kind.columns.length + 3;
    const chunk = rowsPerStatement(kind.columns.length);
    const writtenAt = new Date().toISOString();
    return this.retrying(() => this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        const params: unknown[] = new Array(part.length * width);
        part.forEach((r, j) => {
          const at = j * width;
          params[at] = r.rid;
          params[at + 1] = r.source;
          params[at + 2] = writtenAt;
          for (let c = 0; c < r.cells.length; c++) params[at + 3 + c] = r.cells[c];
        });
        await tx.query(insertSql(this.db.dialect, kind, part.length), params);
      }
      return rows.length;
    }));
  }

  /** prepare + insert: writes input records of a kind (declared first if needed); returns how many were written. */
  async write(kind: RecordKind | string, records: unknown[], source = ''): Promise<number> {
    const k = typeof kind === 'string' ? await this.kind(kind) : await this.declareKind(kind);
    return this.insert(k, this.prepare(k, records, source));
  }

  /** Reads records of a kind with simple filters; values come back in plain JS types. */
  async select(kindName: string, options: SelectOptions = {}): Promise<Row[]> {
    const kind = await this.kind(kindName);
    const known = new Set(['_source', '_written_at', ...kind.columns.map((c) => c.name)]);
    const check = (name: string) => {
      if (!known.has(name)) throw new StoreError('shared.store.errors.unknownColumn', { kind: kind.name }, `kind ${kind.name} has no such column`, false);
      return name;
    };
    const cols = options.columns?.length ? options.columns.map(check) : kind.columns.map((c) => c.name);
    const params: unknown[] = [];
    const where = (options.where ?? []).map((f) => {
      check(f.column);
      if (f.op === 'isNull') return `${f.column} IS NULL`;
      if (f.op === 'notNull') return `${f.column} IS NOT NULL`;
      if (!(FILTER_OPS as readonly string[]).includes(f.op)) throw new StoreError('shared.store.errors.badFilter', {}, 'unknown filter', false);
      params.push(f.value);
      const type = kind.columns.find((c) => c.name === f.column)?.type ?? 'text';
      const cast = type === 'integer' || type === 'real' ? 'DOUBLE PRECISION' : type === 'date' ? 'DATE' : type === 'timestamp' ? 'TIMESTAMPTZ'
        : type === 'boolean' ? 'BOOLEAN' : 'TEXT';
      return `${f.column} ${f.op === '!=' ? '<>' : f.op} CAST($${params.length} AS ${cast === 'DOUBLE PRECISION' && this.dialect === 'duckdb' ? 'DOUBLE' : cast})`;
    });
    const order = options.orderBy ? ` ORDER BY ${check(options.orderBy)}${options.descending ? ' DESC' : ''}, _rid` : ' ORDER BY _written_at, _rid';
    const limit = options.limit && Number.isInteger(options.limit) && options.limit > 0 ? ` LIMIT ${options.limit}` : '';
    return this.db.query(`SELECT ${cols.join(', ')} FROM ${tableOf(kind.name)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${order}${limit}`, params);
  }

  /** Number of records of a kind. */
  async count(kindName: string): Promise<number> {
    const kind = await this.kind(kindName);
    const rows = await this.db.query(`SELECT COUNT(*) AS n FROM ${tableOf(kind.name)}`);
    return Number(rows[0]?.n ?? 0);
  }

  /** A person-level dataset (see dataset.ts): base records with joined columns and an outcome flag. */
  async dataset(spec: DatasetSpec): Promise<Row[]> {
    const names = [spec.base.kind, ...(spec.joins ?? []).map((j) => j.kind), ...(spec.outcome ? [spec.outcome.kind] : [])];
    const kinds = new Map<string, RecordKind>();
    for (const n of names) kinds.set(n, await this.kind(n));
    return this.db.query(datasetSql(spec, (n) => kinds.get(n)!));
  }

  /** Every entry of the linkage index (keyed identifiers → person pseudonyms; no clear value). */
  async loadLinkIndex(): Promise<Array<{ idKind: string; keyed: string; person: string }>> {
    const rows = await this.db.query('SELECT id_kind, keyed, person FROM civic_link_index');
    return rows.map((r) => ({ idKind: String(r.id_kind), keyed: String(r.keyed), person: String(r.person) }));
  }

  /** Adds linkage index entries (already known ones are skipped), in one retried transaction. */
  async saveLinkIndex(entries: Array<{ idKind: string; keyed: string; person: string }>, source = ''): Promise<void> {
    if (!entries.length) return;
    const chunk = 1000;
    await this.retrying(() => this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += chunk) {
        const part = entries.slice(i, i + chunk);
        const values = part.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(', ');
        await tx.query(`INSERT INTO civic_link_index (id_kind, keyed, person, source) VALUES ${values} ON CONFLICT (id_kind, keyed, person) DO NOTHING`,
          part.flatMap((e) => [e.idKind, e.keyed, e.person, source]));
      }
    }));
  }

  /** Closes the connection(s). */
  async close(): Promise<void> { await this.db.close(); }

  /** Runs `fn`, retrying with doubling delays while it fails for a retryable reason. */
  async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = classifyError(err, this.db.dialect);
        if (!isRetryable(e) || attempt >= this.retries) throw e;
        await this.sleep(this.retryDelayMs * 2 ** attempt);
      }
    }
  }
}
