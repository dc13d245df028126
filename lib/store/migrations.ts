// Versioned migrations of the store's own tables, run in order on open, each in its own transaction and recorded in
// civic_schema_migrations. A database written by a newer version of the pack is refused rather than half-understood.
import { StoreError, type Backend, type Dialect, type Executor } from './backend';

/** One versioned step of the store's own schema. */
export interface StoreMigration { version: number; name: string; up: (dialect: Dialect) => string[] }

/** The store's schema history. Append only: never edit a released step. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    name: 'record kinds',
    up: () => ['CREATE TABLE IF NOT EXISTS civic_kinds (kind TEXT PRIMARY KEY, version INTEGER NOT NULL, columns TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)'],
  },
  {
    version: 2,
    name: 'linkage index (keyed identifiers → person pseudonym)',
    up: () => ['CREATE TABLE IF NOT EXISTS civic_link_index (id_kind TEXT NOT NULL, keyed TEXT NOT NULL, person TEXT NOT NULL, '
      + 'source TEXT, PRIMARY KEY (id_kind, keyed, person))'],
  },
];

/** Serialises schema changes between Node-RED instances sharing one PostgreSQL database (no-op on DuckDB). */
export async function schemaLock(tx: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(727274019)');
}

/** Brings the store's tables up to the newest version; returns the versions applied now. */
export async function migrate(db: Backend, steps: readonly StoreMigration[] = STORE_MIGRATIONS): Promise<number[]> {
  await db.transaction(async (tx) => {
    await schemaLock(tx, db.dialect);
    await tx.query('CREATE TABLE IF NOT EXISTS civic_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
  });
  const applied: number[] = [];
  const newest = steps.reduce((m, s) => Math.max(m, s.version), 0);
  for (const step of [...steps].sort((a, b) => a.version - b.version)) {
    await db.transaction(async (tx) => {
      await schemaLock(tx, db.dialect);
      const rows = await tx.query('SELECT version FROM civic_schema_migrations');
      const have = new Set(rows.map((r) => Number(r.version)));
      const highest = Math.max(0, ...have);
      if (highest > newest) {
        throw new StoreError('shared.store.errors.newerSchema', { found: highest, known: newest },
          `the database has schema version ${highest}; this version of the pack knows up to ${newest}`, false);
      }
      if (have.has(step.version)) return;
      for (const sql of step.up(db.dialect)) await tx.query(sql);
      await tx.query('INSERT INTO civic_schema_migrations (version, name, applied_at) VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ))',
        [step.version, step.name, new Date().toISOString()]);
      applied.push(step.version);
    });
  }
  return applied;
}
