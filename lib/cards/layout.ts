// Sizes on the classic dashboard (node-red-dashboard 3), which measures a widget's height once, when the page is
// laid out: a card whose contents grow later (the first KPI values, a new alert) would be cut off. An "auto"
// height (0) therefore becomes a height that fits the expected contents, and the card scrolls beyond it.

/** Grid rows one KPI tile takes (48 px rows, 6 px gaps: about 190 px with its gap). */
const TILE_ROWS = 3.7;
/** Columns one tile needs (a 6-column group shows two tiles side by side). */
const TILE_COLUMNS = 3;

/** Height in grid rows of a KPI card: its tiles in rows of as many as fit; 2 rows of tiles when the KPIs are not listed. */
export function kpiCardRows(kpis: number, columns: number): number {
  const perRow = Math.max(1, Math.floor(columns / TILE_COLUMNS));
  const tileRows = kpis > 0 ? Math.ceil(kpis / perRow) : 2;
  return Math.ceil(tileRows * TILE_ROWS);
}

/** Height in grid rows of an alert list: about four alerts (more scroll). */
export const ALERT_LIST_ROWS = 6;
