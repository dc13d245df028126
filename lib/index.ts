// Library entry of node-red-contrib-civic-iot: the framework-free domain cores, usable without Node-RED
// (integrators, scripts, benchmarks). Each area is a namespace; see README "Library".
export { CivicError, isCivicError } from './errors';
export { validate, registerSchema, schemas } from './schemas';
export { METRIC_UNITS, unitsFor, round } from './metrics';
export type { Reading, MetricName } from './metrics';
export { METRIC_CATALOG, METRIC_FIELDS, metricLabel, metricUnit } from './metrics/catalog';
export * as sun from './sun';
export * as sim from './sim';
export * as decode from './decode';
export * as time from './time';
export * as formula from './formula';
export * as kpi from './kpi';
export * as agro from './agro';
export * as alerts from './alerts';
export * as privacy from './privacy';
export * as storage from './storage';
export * as partition from './partition';
export * as migrations from './migrations';
export * as cards from './cards';
export * as security from './security';
export * as store from './store';
export * as wellness from './wellness';
