// Dashboard cards without wiring: the KPI card, the alert list and the alert toast, built on the server for both
// dashboards (node-red-dashboard 3 and Dashboard 2.0). No Node-RED import; the nodes civic-ui-* and civic-d2-*
// render what these produce.
export { CARD_LANGS, autoDecimals, formatNumber, unitText, dateText, textsFor } from './texts';
export type { CardLang } from './texts';
export { KpiCards, toEntry, kpiValuesOf } from './kpi';
export type { KpiCardRow, KpiCardOptions, KpiEntry, KpiTile } from './kpi';
export { AlertList, toAlert, toastFor, ALERT_STATES, ALERT_SEVERITIES, TOAST_STATES, TOAST_POSITIONS } from './alerts';
export type { AlertItem, AlertRowView, AlertListOptions, AlertState, AlertSeverity } from './alerts';
export { kpiCardRows, ALERT_LIST_ROWS } from './layout';
