// PostgreSQL backend (several Node-RED instances, a larger city): a small pg pool whose type parsers return the
// same plain values as the DuckDB backend; a dropped connection surfaces as a retryable StoreError, never as an
// unhandled 'error' event.
import { classifyError, type Backend, type Executor, type Row } from './backend';

/** How to reach a PostgreSQL database. */
export interface PgSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  ssl?: boolean;
  /** ms to wait for a connection before giving up (default 5000) */
  connectTimeoutMs?: number;
}

// OIDs of int8, numeric, date, timestamp, timestamptz (pg-types)
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** Connects a pool and checks it with one query; refusals become StoreErrors. */
export async function openPostgres(settings: PgSettings): Promise<Backend> {
  const { Pool, types } = await import('pg');
  const parsers: Record<number, (v: string) => unknown> = {
    [INT8]: (v) => Number(v),
    [NUMERIC]: (v) => Number(v),
    [DATE]: (v) => v,
    [TIMESTAMP]: (v) => new Date(`${v.replace(' ', 'T')}Z`).toISOString(),
    [TIMESTAMPTZ]: (v) => new Date(v).toISOString(),
  };
  const pool = new Pool({
    host: settings.host, port: settings.port, database: settings.database, user: settings.user,
    password: settings.password, ssl: settings.ssl ? { rejectUnauthorized: true } : undefined,
    max: 4, connectionTimeoutMillis: settings.connectTimeoutMs ?? 5000, idleTimeoutMillis: 30000,
    types: { getTypeParser: ((oid: number, format?: string) => parsers[oid] ?? types.getTypeParser(oid, format as 'text')) as never },
  });
  // an idle client whose server went away emits 'error' on the pool: the next query reports it instead
  pool.on('error', () => undefined);
  const run = async (q: { query: (s: string, p?: unknown[]) => Promise<{ rows: Row[] }> }, sql: string, params?: unknown[]) =>
    (await q.query(sql, params)).rows;
  const quieted = new WeakSet<object>();
  try {
    await run(pool, 'SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw classifyError(err, 'postgres');
  }
  return {
    dialect: 'postgres',
    async query(sql, params) {
      try { return await run(pool, sql, params); } catch (err) { throw classifyError(err, 'postgres'); }
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      let client;
      try { client = await pool.connect(); } catch (err) { throw classifyError(err, 'postgres'); }
      if (!quieted.has(client)) {
        quieted.add(client);
        client.on('error', () => undefined);
      }
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = err;
        await client.query('ROLLBACK').catch(() => undefined);
        throw classifyError(err, 'postgres');
      } finally {
        // a client that failed is not given back to the pool: its connection may be half dead
        client.release(broken ? true : undefined);
      }
    },
    async close() { await pool.end().catch(() => undefined); },
  };
}
