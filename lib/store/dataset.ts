// Person-level datasets from several record kinds, as the analyses need them: one row per record of a base kind
// (e.g. a survey answer), with the columns of the latest record of each joined kind on or before the base date
// (e.g. the last checkup), and optionally an outcome flag: did a record of the outcome kind (e.g. a care-need
// certification) follow within N years? The same SQL runs on DuckDB and PostgreSQL; names are checked identifiers.
import { StoreError } from './backend';
import { isIdentifier, tableOf, type RecordKind } from './kinds';

/** A person-level dataset: base kind and date, joined kinds, optional outcome within N years. */
export interface DatasetSpec {
  base: { kind: string; dateColumn: string; columns: string[] };
  joins?: Array<{ kind: string; dateColumn: string; columns: string[] }>;
  outcome?: { kind: string; dateColumn: string; years: number; name?: string; excludePrior?: boolean };
}

function need(kind: RecordKind, column: string): string {
  if (!kind.columns.some((c) => c.name === column)) {
    throw new StoreError('shared.store.errors.unknownColumn', { kind: kind.name }, `kind ${kind.name} has no such column`, false);
  }
  return column;
}

/**
 * SQL of a dataset. `kinds` resolves kind names to their stored declarations (every kind must have a `person`
 * column). Output columns: the base columns, the joined columns (each name once), then the outcome (0/1).
 */
export function datasetSql(spec: DatasetSpec, kinds: (name: string) => RecordKind): string {
  const base = kinds(spec.base.kind);
  const all = [base, ...(spec.joins ?? []).map((j) => kinds(j.kind)), ...(spec.outcome ? [kinds(spec.outcome.kind)] : [])];
  all.forEach((k) => need(k, 'person'));
  const bDate = need(base, spec.base.dateColumn);
  const names = new Set<string>();
  const unique = (c: string) => {
    if (names.has(c)) throw new StoreError('shared.store.errors.duplicateColumn', { kind: base.name, position: names.size + 1 }, 'a column name appears twice in the dataset', false);
    names.add(c);
    return c;
  };
  const select = spec.base.columns.map((c) => `b.${unique(need(base, c))}`);
  const ctes: string[] = [];
  const joins: string[] = [];
  (spec.joins ?? []).forEach((j, i) => {
    const k = kinds(j.kind);
    const d = need(k, j.dateColumn);
    const cols = j.columns.map((c) => need(k, c));
    ctes.push(`j${i} AS (SELECT b._rid AS _b, ${cols.map((c) => `j.${c}`).join(', ')}, ROW_NUMBER() OVER (PARTITION BY b._rid ORDER BY j.${d} DESC, j._rid) AS _n `
      + `FROM ${tableOf(base.name)} b JOIN ${tableOf(k.name)} j ON j.person = b.person AND j.${d} <= b.${bDate})`);
    joins.push(`LEFT JOIN j${i} ON j${i}._b = b._rid AND j${i}._n = 1`);
    cols.forEach((c) => select.push(`j${i}.${unique(c)}`));
  });
  const where: string[] = [];
  if (spec.outcome) {
    const o = spec.outcome;
    const k = kinds(o.kind);
    const d = need(k, o.dateColumn);
    const years = Math.round(o.years);
    if (!(years >= 1 && years <= 50)) throw new StoreError('shared.store.errors.badFilter', {}, 'outcome years out of range', false);
    const name = o.name && isIdentifier(o.name) ? o.name : 'outcome';
    select.push(`CASE WHEN EXISTS (SELECT 1 FROM ${tableOf(k.name)} o WHERE o.person = b.person AND o.${d} > b.${bDate} `
      + `AND o.${d} <= b.${bDate} + INTERVAL '${years} years') THEN 1 ELSE 0 END AS ${unique(name)}`);
    if (o.excludePrior) where.push(`NOT EXISTS (SELECT 1 FROM ${tableOf(k.name)} o WHERE o.person = b.person AND o.${d} <= b.${bDate})`);
  }
  return `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${select.join(', ')} FROM ${tableOf(base.name)} b ${joins.join(' ')}`
    + `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY b._rid`;
}
