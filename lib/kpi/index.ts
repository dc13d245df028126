// KPI maths for the city's PDCA: abridged life table + Sullivan health expectancy (variance, comparisons, what-if,
// decomposition), KPI progress and grading per period, per-topic window statistics, and formulas on readings.
export * from './life-input';
export * from './life-table';
export * from './sullivan';
export * from './health-kpi';
export * from './progress';
export * from './window';
export * from './window-messages';
export { fiscalYear, fiscalYearStart, fiscalYearOfKey, bucketOf, zoneOffset, fromLocal, isTimeZone, toEpoch, periodKey, PERIODS } from '../time';
export type { WindowUnit, Period } from '../time';
