// The store query node's settings → a store call: records of one kind with filters, or a person-level dataset.
import type { DatasetSpec } from './dataset';
import type { FilterOp, RecordStore, SelectOptions } from './store';
import type { Row } from './backend';

/** The settings of a civic-store-query node. */
export interface QueryConfig {
  mode: 'records' | 'dataset'; kind: string; columns: string; filters: Array<{ column: string; op: FilterOp; value?: string }>;
  orderBy: string; descending: boolean; limit: number; baseDate: string;
  joins: Array<{ kind: string; dateColumn: string; columns: string }>;
  outcomeKind: string; outcomeDate: string; outcomeYears: number; outcomeName: string; excludePrior: boolean;
}

/** Comma/space separated names → list. */
export function splitNames(text: string): string[] {
  return String(text ?? '').split(/[\s,、]+/).map((s) => s.trim()).filter(Boolean);
}

/** The dataset a query config describes (dataset mode). */
export function datasetSpecOf(c: QueryConfig): DatasetSpec {
  return {
    base: { kind: c.kind, dateColumn: c.baseDate, columns: splitNames(c.columns) },
    joins: c.joins.map((j) => ({ kind: j.kind, dateColumn: j.dateColumn, columns: splitNames(j.columns) })),
    outcome: c.outcomeKind ? { kind: c.outcomeKind, dateColumn: c.outcomeDate, years: c.outcomeYears, name: c.outcomeName, excludePrior: c.excludePrior } : undefined,
  };
}

/** Runs the query a config describes. */
export function runQuery(store: RecordStore, c: QueryConfig): Promise<Row[]> {
  if (c.mode === 'dataset') return store.dataset(datasetSpecOf(c));
  const options: SelectOptions = {
    columns: splitNames(c.columns), where: c.filters.map((f) => ({ column: f.column, op: f.op, value: f.value })),
    orderBy: c.orderBy || undefined, descending: c.descending, limit: c.limit || undefined,
  };
  return store.select(c.kind, options);
}
