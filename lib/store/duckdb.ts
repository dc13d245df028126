// DuckDB backend: one embedded database file (or ':memory:'), one connection for writes serialised by a lock (a
// DuckDB connection runs one transaction at a time) and one for reads (DuckDB's MVCC lets them run beside a write).
import fs from 'fs';
import path from 'path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { classifyError, StoreError, type Backend, type Executor, type Row } from './backend';

function toPlain(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return type === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  return value;
}

async function read(conn: DuckDBConnection, sql: string, params?: unknown[]): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql, params?.length ? params as never : undefined);
  const names = reader.columnNames();
  const types = reader.columnTypes().map(String);
  return reader.getRowObjectsJS().map((r) => {
    const out: Row = {};
    names.forEach((n, i) => { out[n] = toPlain((r as Record<string, unknown>)[n], types[i]); });
    return out;
  });
}

/** Opens (creating folders and file) a DuckDB database; a file locked by another process is a `locked` StoreError. */
export async function openDuckDb(file: string): Promise<Backend> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  let writer: DuckDBConnection;
  let reader: DuckDBConnection;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    instance = await DuckDBInstance.create(file);
    writer = await instance.connect();
    reader = await instance.connect();
  } catch (err) {
    throw classifyError(err, 'duckdb');
  }
  // Reads run beside writes and are not serialised, so close() must wait for them: closing a connection while a
  // statement of it runs in the thread pool hung the process (or crashed it, on Node 22) when a flow was redeployed
  // during a dashboard query. Reads still running are interrupted first, so a redeploy is not held up by them.
  let closed = false;
  const reading = new Set<Promise<unknown>>();
  const closedError = () => new StoreError('shared.store.errors.notReady', {}, 'the store is closed', false);
  // Transactions queued behind the running one are refused once close() has begun: a redeploy waits for one
  // transaction, not for a backlog (a work-log replay had queued seconds of them, past Node-RED's close timeout).
  // Their callers get notReady; writers fed from a disk queue keep those rows for the next start.
  let lock: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const turn = () => (closed ? Promise.reject(closedError()) : fn());
    const next = lock.then(turn, turn);
    lock = next.catch(() => undefined);
    return next;
  };
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try { return await fn(); } catch (err) { throw classifyError(err, 'duckdb'); }
  };
  const track = <T>(p: Promise<T>): Promise<T> => {
    reading.add(p);
    const forget = () => { reading.delete(p); };
    p.then(forget, forget);
    return p;
  };
  return {
    dialect: 'duckdb',
    query: (sql, params) => (closed ? Promise.reject(closedError()) : track(wrap(() => read(reader, sql, params)))),
    transaction: <T>(fn: (tx: Executor) => Promise<T>) => (closed ? Promise.reject(closedError()) : serial(() => wrap(async () => {
      await writer.run('BEGIN TRANSACTION');
      try {
        const result = await fn({ query: (sql, params) => read(writer, sql, params) });
        await writer.run('COMMIT');
        return result;
      } catch (err) {
        await writer.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }))),
    async close() {
      if (closed) return;
      closed = true;
      if (reading.size) reader.interrupt();
      await Promise.allSettled([lock, ...reading]);
      reader.closeSync();
      writer.closeSync();
      instance.closeSync();
    },
  };
}
