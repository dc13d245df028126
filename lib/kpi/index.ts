// KPI maths for the city's PDCA: abridged life table + Sullivan healthy life expectancy, KPI progress and grading
// against baselines/targets per fiscal year, and per-topic window statistics over sensor readings.
export * from './life-table';
export * from './progress';
export * from './window';
export { fiscalYear, fiscalYearStart, bucketOf, zoneOffset, fromLocal, isTimeZone, toEpoch, periodKey, PERIODS } from '../time';
export type { WindowUnit, Period } from '../time';
