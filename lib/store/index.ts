// Records store: typed record kinds in DuckDB (embedded) or PostgreSQL, versioned migrations, transactional retried
// writes, pseudonym columns. Used by civic-store (config), civic-store-write, civic-store-query and the analysis nodes.
export * from './kinds';
export * from './values';
export * from './backend';
export * from './sql';
export * from './migrations';
export * from './store';
export * from './dataset';
export { openDuckDb } from './duckdb';
export { openPostgres, type PgSettings } from './postgres';
export * from './writer';
export * from './query-config';
export * from './handle';
