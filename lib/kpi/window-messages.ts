// The window-stats node's texts and messages: time-in-range and percentile settings as staff type them, and the
// output messages of a closed window (nested, flat or counts; the distinct count as a KPI value).
import { CivicError } from '../errors';
import { setOwn } from '../util/own';
import type { WindowResult } from './window';

/**
 * Parses time-in-range limits as staff type them: "airTemperature=18..27; airHumidity=45..85" (also "18-27",
 * "18~27", commas or new lines between metrics). Throws a CivicError naming the bad entry.
 */
export function parseRanges(text: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const raw of String(text ?? '').split(/[;\n、]+/)) {
    const part = raw.normalize('NFKC').trim();
    if (!part) continue;
    const m = /^([A-Za-z_][\w.]*)\s*[=:]\s*(-?\d+(?:\.\d+)?)\s*(?:\.\.|~|〜|–|to|-(?=\s*-?\d))\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m || Number(m[2]) > Number(m[3])) {
      throw new CivicError('civic-window-stats.errors.badRange', { entry: part }, `bad range "${part}" (write metric=low..high)`);
    }
    setOwn(out, m[1], [Number(m[2]), Number(m[3])]);                 // ("__proto__" too; the last entry for a metric wins)
  }
  return out;
}

/** Parses a list of percentiles "50, 90, 95" (0–100). */
export function parsePercentiles(text: string): number[] {
  const list = String(text ?? '').split(/[,;\s、]+/).filter(Boolean).map(Number);
  const bad = list.find((p) => !Number.isFinite(p) || p < 0 || p > 100);
  if (bad !== undefined) throw new CivicError('civic-window-stats.errors.badPercentile', { got: String(bad) }, `percentile ${bad} is not between 0 and 100`);
  return list;
}

/** Flattens a window result's metrics for influxdb/charts: { airTemperature_mean: 24.1, ... }. */
export function flatten(result: WindowResult): Record<string, number | null> {
  const flat: Record<string, number | null> = {};
  for (const [metric, stats] of Object.entries(result.metrics)) {
    for (const [k, v] of Object.entries(stats)) flat[`${metric}_${k}`] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  if (result.distinct) flat.distinct = result.distinct.count;
  return flat;
}

/** How the late readings of a window are reported: how many, and the grace period that let them go. */
export interface LateInfo { count: number; graceSeconds: number }

/**
 * The window-stats output message of a closed window: nested statistics, or flat `<metric>_<stat>` numbers (to chain
 * another window-stats, or for InfluxDB and charts); in count-per-value mode the payload is `{ <value>: count }`.
 */
export function windowMessage(r: WindowResult, options: { output: 'nested' | 'flat'; distinctField?: string; countField?: string; graceSeconds?: number }): Record<string, unknown> {
  const payload = r.counts ? r.counts.values : options.output === 'flat' ? flatten(r) : r.metrics;
  return {
    topic: r.topic, timestamp: r.end, payload,
    window: { start: r.start, end: r.end, startIso: new Date(r.start).toISOString(), endIso: new Date(r.end).toISOString(), kind: r.kind, count: r.count,
      late: r.late, ...(r.late ? { lateReason: { closedBeforeArrival: true, graceSeconds: options.graceSeconds ?? 0 } } : {}) },
    ...(r.distinct ? { distinct: { field: options.distinctField, ...r.distinct } } : {}),
    ...(r.counts ? { counts: { field: options.countField, total: r.counts.total, capped: r.counts.capped, metrics: r.metrics } } : {}),
  };
}

/** A closed window's distinct count as a KPI value message (the KPI contract) for kpi-progress. */
export function distinctKpiMessage(r: WindowResult, kpi: string): Record<string, unknown> {
  return {
    topic: kpi,
    // asOf: the last instant inside the window, so a day ending at midnight on 1 April stays in the old fiscal year
    payload: { kpi, value: r.distinct?.count ?? 0, unit: 'count', asOf: new Date(r.end - 1).toISOString(),
      method: 'distinct-count', window: { start: r.start, end: r.end }, ...(r.topic === 'all' ? {} : { group: r.topic }) },
  };
}
