// Greenhouse alert rules: a framework-free rule engine (lib/alerts/engine.ts), the rule table validation and
// crop presets. See docs/agro-alerts.md.
export * from './rules';
export * from './engine';
export * from './presets';
export { renderMessage, metricName } from './messages';
export type { Lang, AlertState } from './messages';
