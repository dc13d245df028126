// Cross-tabulation: counts (and, with an outcome, event counts and rates) by chosen dimensions, aggregated in plain
// JS for arrays or in SQL on the records store (DuckDB/PostgreSQL), then published as a two-way table — the row
// dimensions' combinations × the last dimension, with row totals, column totals and the grand total — after
// small-cell and complementary suppression of both the counts and the event counts (suppression.ts).
import { CivicError } from '../errors';
import { isIdentifier, tableOf, type RecordKind } from '../store/kinds';
import { suppress, withMargins, type SuppressionReason } from './suppression';
import { getOwn } from '../util/own';

/** A field to group by, banded when cut points are given. */
export interface Dimension { field: string; bands?: number[] }
/** Row dimensions, the column dimension, an optional outcome and the threshold. */
export interface CrossTabSpec { rows: Dimension[]; column: Dimension; outcome?: string; threshold: number }
/** One aggregated group: the dimension labels (rows…, column) and its counts. */
export interface Group { key: string[]; n: number; events: number }

/** Label of a value missing in a dimension. */
export const UNKNOWN = '不明';
/** Label of totals in the published table. */
export const TOTAL = '計';

/** Band label of a number: cut points [40, 65, 75] give '<40', '40-64', '65-74', '75+'. */
export function bandLabel(value: number, bands: number[]): string {
  if (value < bands[0]) return `<${bands[0]}`;
  for (let i = 1; i < bands.length; i++) if (value < bands[i]) return `${bands[i - 1]}-${bands[i] - 1}`;
  return `${bands[bands.length - 1]}+`;
}

function labelOf(value: unknown, d: Dimension): string {
  if (value === undefined || value === null || value === '') return UNKNOWN;
  if (d.bands?.length) {
    const n = typeof value === 'number' ? value : Number(String(value).normalize('NFKC'));
    return Number.isFinite(n) ? bandLabel(n, d.bands) : UNKNOWN;
  }
  return typeof value === 'object' ? UNKNOWN : String(value);
}

function isEvent(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string') return ['1', 'true', 'はい', 'あり', 'yes'].includes(v.normalize('NFKC').trim().toLowerCase());
  return false;
}

/** Groups records by the dimensions (plain JS). */
export function aggregate(records: Record<string, unknown>[], spec: CrossTabSpec): Group[] {
  const dims = [...spec.rows, spec.column];
  const groups = new Map<string, Group>();
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      throw new CivicError('civic-cross-tab.errors.notRecord', { row: i + 1 }, `record ${i + 1} is not an object`);
    }
    const key = dims.map((d) => labelOf(getOwn(rec, d.field), d));
    const id = key.join('\u0000');
    let g = groups.get(id);
    if (!g) { g = { key, n: 0, events: 0 }; groups.set(id, g); }
    g.n++;
    if (spec.outcome && isEvent(getOwn(rec, spec.outcome))) g.events++;
  }
  return [...groups.values()];
}

function dimensionSql(kind: RecordKind, d: Dimension): string {
  const col = kind.columns.find((c) => c.name === d.field);
  if (!col || !isIdentifier(d.field)) throw new CivicError('shared.store.errors.unknownColumn', { kind: kind.name }, 'no such column');
  if (!d.bands?.length) return `COALESCE(CAST(${d.field} AS TEXT), '${UNKNOWN}')`;
  const parts = [`WHEN ${d.field} IS NULL THEN '${UNKNOWN}'`, `WHEN ${d.field} < ${d.bands[0]} THEN '<${d.bands[0]}'`];
  for (let i = 1; i < d.bands.length; i++) parts.push(`WHEN ${d.field} < ${d.bands[i]} THEN '${d.bands[i - 1]}-${d.bands[i] - 1}'`);
  return `CASE ${parts.join(' ')} ELSE '${d.bands[d.bands.length - 1]}+' END`;
}

/** The same grouping as `aggregate`, as one SQL statement on a stored kind (columns d0…, n, events). */
export function aggregateSql(kind: RecordKind, spec: CrossTabSpec): string {
  const dims = [...spec.rows, spec.column];
  const bands = dims.flatMap((d) => d.bands ?? []);
  if (!bands.every((b) => Number.isFinite(b))) throw new CivicError('civic-cross-tab.errors.bands', {}, 'bands must be numbers');
  let events = '0';
  if (spec.outcome) {
    const col = kind.columns.find((c) => c.name === spec.outcome);
    if (!col || !isIdentifier(spec.outcome)) throw new CivicError('shared.store.errors.unknownColumn', { kind: kind.name }, 'no such column');
    events = `SUM(CASE WHEN ${col.type === 'boolean' ? spec.outcome : `${spec.outcome} > 0`} THEN 1 ELSE 0 END)`;
  }
  const select = dims.map((d, i) => `${dimensionSql(kind, d)} AS d${i}`).join(', ');
  return `SELECT ${select}, COUNT(*) AS n, ${events} AS events FROM ${tableOf(kind.name)} GROUP BY ${dims.map((_, i) => i + 1).join(', ')}`;
}

/** Groups from SQL rows (d0…, n, events). */
export function groupsFromRows(rows: Record<string, unknown>[], spec: CrossTabSpec): Group[] {
  const k = spec.rows.length + 1;
  return rows.map((r) => ({ key: Array.from({ length: k }, (_, i) => String(r[`d${i}`])), n: Number(r.n), events: Number(r.events ?? 0) }));
}

/** Orders labels: numbers and bands by their first number, '不明' last, others by Japanese collation. */
export function compareLabels(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UNKNOWN) return 1;
  if (b === UNKNOWN) return -1;
  const na = /^<?(-?\d+(\.\d+)?)/.exec(a);
  const nb = /^<?(-?\d+(\.\d+)?)/.exec(b);
  if (na && nb) {
    const x = Number(na[1]) - (a.startsWith('<') ? 0.5 : 0);
    const y = Number(nb[1]) - (b.startsWith('<') ? 0.5 : 0);
    if (x !== y) return x - y;
  }
  return a.localeCompare(b, 'ja');
}

/** A published cell: null values are suppressed. */
export interface PublishedCell { n: number | null; events: number | null; rate: number | null; suppressed: boolean }
/** The published table (civic-cross-tab output, schema cross-tab.message). */
export interface CrossTabResult {
  kind: 'cross-tab';
  rowDimensions: string[]; column: string; columns: string[]; threshold: number; outcome?: string;
  rows: Array<{ key: string[]; cells: PublishedCell[]; total: PublishedCell }>;
  totals: { cells: PublishedCell[]; total: PublishedCell };
  suppression: { counts: { primary: number; complementary: number }; events: { primary: number; complementary: number } };
  /** one flat record per published cell and margin (dimension fields, then n, events, rate): for CSV and tables */
  table: Array<Record<string, string | number | null>>;
}

function publish(n: number, ev: number, nWhy: SuppressionReason | undefined, eWhy: SuppressionReason | undefined, withOutcome: boolean): PublishedCell {
  const hideN = Boolean(nWhy);
  const hideE = !withOutcome || Boolean(eWhy) || hideN;
  return { n: hideN ? null : n, events: withOutcome && !hideE ? ev : null,
    rate: withOutcome && !hideE && n > 0 ? ev / n : null, suppressed: hideN || (withOutcome && hideE) };
}

/** Builds the published two-way table from groups, with suppression of counts and event counts. */
export function buildCrossTab(groups: Group[], spec: CrossTabSpec): CrossTabResult {
  const rk = spec.rows.length;
  const rowKeys = new Map<string, string[]>();
  const colSet = new Set<string>();
  for (const g of groups) { rowKeys.set(g.key.slice(0, rk).join('\u0000'), g.key.slice(0, rk)); colSet.add(g.key[rk]); }
  const rows = [...rowKeys.values()].sort((a, b) => { for (let i = 0; i < a.length; i++) { const c = compareLabels(a[i], b[i]); if (c) return c; } return 0; });
  const columns = [...colSet].sort(compareLabels);
  const rowIndex = new Map(rows.map((r, i) => [r.join('\u0000'), i]));
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const n = rows.map(() => new Array<number>(columns.length).fill(0));
  const ev = rows.map(() => new Array<number>(columns.length).fill(0));
  for (const g of groups) {
    const r = rowIndex.get(g.key.slice(0, rk).join('\u0000'))!;
    const c = colIndex.get(g.key[rk])!;
    n[r][c] += g.n; ev[r][c] += g.events;
  }
  if (!rows.length) throw new CivicError('civic-cross-tab.errors.empty', {}, 'no records to tabulate');
  const nGrid = withMargins(n);
  const eGrid = withMargins(ev);
  const sn = suppress(nGrid, spec.threshold);
  const se = spec.outcome ? suppress(eGrid, spec.threshold) : { reasons: eGrid.map((r) => r.map(() => undefined)), primary: 0, complementary: 0 };
  const cell = (r: number, c: number) => publish(nGrid[r][c], eGrid[r][c], sn.reasons[r][c], se.reasons[r][c], Boolean(spec.outcome));
  const R = rows.length; const C = columns.length;
  const result: CrossTabResult = {
    kind: 'cross-tab', rowDimensions: spec.rows.map((d) => d.field), column: spec.column.field, columns, threshold: spec.threshold,
    ...(spec.outcome ? { outcome: spec.outcome } : {}),
    rows: rows.map((key, r) => ({ key, cells: columns.map((_, c) => cell(r, c)), total: cell(r, C) })),
    totals: { cells: columns.map((_, c) => cell(R, c)), total: cell(R, C) },
    suppression: { counts: { primary: sn.primary, complementary: sn.complementary }, events: { primary: se.primary, complementary: se.complementary } },
    table: [],
  };
  const dims = [...result.rowDimensions, result.column];
  const flat = (key: string[], p: PublishedCell) => ({ ...Object.fromEntries(dims.map((d, i) => [d, key[i]])), n: p.n, events: p.events, rate: p.rate });
  result.rows.forEach((row) => {
    row.cells.forEach((p, c) => result.table.push(flat([...row.key, columns[c]], p)));
    result.table.push(flat([...row.key, TOTAL], row.total));
  });
  result.totals.cells.forEach((p, c) => result.table.push(flat([...rows[0].map(() => TOTAL), columns[c]], p)));
  result.table.push(flat([...rows[0].map(() => TOTAL), TOTAL], result.totals.total));
  return result;
}
