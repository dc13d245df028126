// History for dashboard charts: one metric over a time range from InfluxDB, thinned out ON THE SERVER to a few
// hundred points per series so that a season of readings draws smoothly on a phone.
//  - InfluxDB aggregates first (InfluxQL GROUP BY time): `min` and `max` in fine buckets (2 per output point, so
//    4 candidates) for LTTB — extremes, not means, so a short heat spike stays a candidate —, `min` and `max` per
//    bucket for the min/max method, `mean` per output point for the mean method;
//  - LTTB (Largest-Triangle-Three-Buckets, S. Steinarsson, "Downsampling Time Series for Visual Representation",
//    University of Iceland 2013, ch. 4.2; lttb.ts) then picks the points that keep the shape;
//  - the result comes in the two chart formats: node-red-dashboard 3 `ui_chart` (an array with series, data,
//    labels: its documented "complete data" format) and Dashboard 2.0 `ui-chart` (arrays of {x, y} points per series,
//    with msg.action "replace" on the first message so old points go).
// InfluxDB 2.x is queried through its 1.x-compatible /query API (the bucket as database: a DBRP mapping, which
// InfluxDB creates virtually for each bucket; see its docs "Manage DBRP mappings").
import { CivicError } from '../errors';
import { lttb } from './lttb';

/** A time range, epoch milliseconds, end exclusive. */
export interface TimeRange { start: number; end: number }

/** What to read: measurement, field, tag filters, the tag that splits series, range, how many points, how. */
export interface HistorySpec {
  measurement: string;
  field: string;
  retentionPolicy?: string;
  filters: Array<{ tag: string; value: string }>;
  /** one series per value of this tag ('' = one series) */
  seriesTag: string;
  range: TimeRange;
  points: number;
  method: 'lttb' | 'minmax' | 'mean';
  /** at most this many series (InfluxQL SLIMIT) */
  maxSeries: number;
}

/** A chart line: its name and points (x = epoch ms, y = value), in time order. */
export interface Series { name: string; points: Array<{ x: number; y: number }> }

const UNITS: Record<string, number> = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$/i;

/** "24h", "7 days", "90d" → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2][0].toLowerCase()];
  return ms > 0 ? ms : undefined;
}

function instant(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = /^\d+$/.test(v.trim()) ? Number(v) : Date.parse(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The range a trigger asks for: a duration ("7d": the last 7 days), or { start, end? } (ms, ISO text or Date; end
 * defaults to now), or { range: "7d" }. Anything else — a page-open event, an inject's timestamp — means the default.
 * Text starting with a digit that is not a duration, and { start } that is not a time, are refused.
 */
export function resolveRange(input: unknown, now: number, fallback: string): TimeRange {
  const bad = () => new CivicError('civic-history.errors.badRange', {}, 'not a usable time range: use e.g. "24h", "7d" or { start, end }');
  const last = (text: string) => {
    const ms = parseDuration(text);
    if (ms === undefined) throw bad();
    return { start: now - ms, end: now };
  };
  if (typeof input === 'string' && /^\s*\d/.test(input)) return last(input);
  if (input && typeof input === 'object' && !Array.isArray(input) && !(input instanceof Date)) {
    const o = input as Record<string, unknown>;
    if (typeof o.range === 'string') return last(o.range);
    if ('start' in o) {
      const start = instant(o.start);
      const end = o.end === undefined || o.end === null || o.end === '' ? now : instant(o.end);
      if (start === undefined || end === undefined || end <= start) throw bad();
      return { start, end };
    }
  }
  return last(fallback);
}

/** An InfluxQL identifier in double quotes (backslash and double quote escaped). */
export function quoteInfluxqlIdent(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An InfluxQL string literal in single quotes (backslash and single quote escaped). */
export function quoteInfluxqlString(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Width of InfluxDB's GROUP BY time() buckets, ms (at least 1), for the method and the wanted point count. */
export function bucketMs(spec: Pick<HistorySpec, 'range' | 'points' | 'method'>): number {
  const span = spec.range.end - spec.range.start;
  const buckets = spec.method === 'lttb' ? spec.points * 2 : spec.method === 'minmax' ? Math.max(1, Math.floor(spec.points / 2)) : spec.points;
  return Math.max(1, Math.ceil(span / buckets));
}

/** The InfluxQL query for a spec (identifiers and values quoted: nothing from a message is ever run as InfluxQL). */
export function buildQuery(spec: HistorySpec): string {
  const f = quoteInfluxqlIdent(spec.field);
  const select = spec.method === 'mean' ? `mean(${f}) AS "v"` : `min(${f}) AS "lo", max(${f}) AS "hi"`;
  const from = spec.retentionPolicy ? `${quoteInfluxqlIdent(spec.retentionPolicy)}.${quoteInfluxqlIdent(spec.measurement)}` : quoteInfluxqlIdent(spec.measurement);
  const where = [`time >= ${Math.floor(spec.range.start)}ms`, `time < ${Math.ceil(spec.range.end)}ms`,
    ...spec.filters.map((x) => `${quoteInfluxqlIdent(x.tag)} = ${quoteInfluxqlString(x.value)}`)].join(' AND ');
  const group = [`time(${bucketMs(spec)}ms)`, ...(spec.seriesTag ? [quoteInfluxqlIdent(spec.seriesTag)] : [])].join(', ');
  return `SELECT ${select} FROM ${from} WHERE ${where} GROUP BY ${group} fill(none) SLIMIT ${spec.maxSeries}`;
}

interface InfluxSeries { tags?: Record<string, string>; columns?: string[]; values?: unknown[][] }

/** InfluxDB's /query answer (epoch=ms) → chart series; throws the server's error (noDatabase separately). */
export function seriesFromResponse(body: unknown, spec: HistorySpec): Series[] {
  const result = (body as { results?: Array<{ error?: string; series?: InfluxSeries[] }>; error?: string });
  const error = result?.error ?? result?.results?.[0]?.error;
  if (error) {
    if (/database not found/i.test(error)) throw new CivicError('civic-history.errors.noDatabase', {}, error);
    throw new CivicError('civic-history.errors.query', { error: error.split('\n')[0].slice(0, 160) }, error);
  }
  const raw = result?.results?.[0]?.series ?? [];
  return raw.map((s) => {
    const cols = s.columns ?? [];
    const extremes = spec.method !== 'mean';
    const [t, a, b] = ['time', extremes ? 'lo' : 'v', 'hi'].map((c) => cols.indexOf(c));
    const points: Array<{ x: number; y: number }> = [];
    const half = bucketMs(spec) / 2;
    for (const row of s.values ?? []) {
      const x = Number(row[t]);
      if (typeof row[a] === 'number') points.push({ x, y: row[a] as number });
      // min at the bucket's start, max at its middle: both extremes drawn, in time order
      if (extremes && typeof row[b] === 'number') points.push({ x: x + half, y: row[b] as number });
    }
    return { name: (spec.seriesTag && s.tags?.[spec.seriesTag]) || spec.field, points };
  });
}

/** Thins each series to at most `points` with LTTB (first and last point kept); other methods are already thin. */
export function downsampleSeries(series: Series[], spec: Pick<HistorySpec, 'points' | 'method'>): Series[] {
  if (spec.method !== 'lttb') return series;
  return series.map((s) => ({ name: s.name, points: s.points.length > spec.points
    ? lttb(s.points, spec.points) : s.points }));
}

/** node-red-dashboard 3 ui_chart, line chart "complete data" format: [{ series, data: [[{x, y}]], labels: [""] }]. */
export function classicChart(series: Series[]): Array<{ series: string[]; data: Array<Array<{ x: number; y: number }>>; labels: string[] }> {
  if (!series.length) return [];
  return [{ series: series.map((s) => s.name), data: series.map((s) => s.points), labels: [''] }];
}

/**
 * Dashboard 2.0 ui-chart: one message per series (topic = series name, payload = [{x, y, series}]), the first with
 * action "replace" so the chart drops what it had; no data at all is one message with an empty payload (clears it).
 */
export function dashboard2Chart(series: Series[]): Array<{ topic: string; payload: Array<{ x: number; y: number; series: string }>; action: 'replace' | 'append' }> {
  if (!series.length) return [{ topic: '', payload: [], action: 'replace' }];
  return series.map((s, i) => ({ topic: s.name, payload: s.points.map((p) => ({ ...p, series: s.name })), action: i === 0 ? 'replace' : 'append' }));
}
