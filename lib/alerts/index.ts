// Alert rules for any field (greenhouse, soil, river, air, heat, visitors): a framework-free rule engine
// (./engine), the rule table validation, conditions, mute windows, presets and e-mail texts. See docs/alerts.md.
export * from './model';
export * from './rules';
export * from './conditions';
export * from './engine';
export * from './mutes';
export * from './presets';
export * from './ack-target';
export { renderMessage, metricName, ALERT_STATES, NODE_LANGS } from './messages';
export type { Lang, AlertState } from './messages';
export * from './commands';
export * from './mail';
import './migration';
export { alertConfigV1toV2 } from './migration';
