// Local-time arithmetic without a date library: fiscal years and window boundaries at local midnight in any IANA
// time zone (default Asia/Tokyo), DST-safe, via Intl.
import { CivicError } from '../errors';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new CivicError('shared.schema.other', { field: 'timeZone', limit: timeZone }, `unknown time zone ${timeZone}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local calendar parts of an instant in a time zone (month 1–12). */
export function localParts(ts: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ts))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** Offset of local time from UTC at instant `ts`, in milliseconds (Asia/Tokyo: +9 h). */
export function zoneOffset(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

/** The instant at which the local wall-clock time `localMs` (epoch ms read as local) occurs in the zone. */
export function fromLocal(localMs: number, timeZone: string): number {
  let guess = localMs - zoneOffset(localMs, timeZone);
  const off = zoneOffset(guess, timeZone);
  guess = localMs - off;
  return guess;
}

/** Japanese fiscal year (April–March) of an instant: 2024-03-31 → 2023, 2024-04-01 → 2024 (local time). */
export function fiscalYear(ts: number, timeZone = 'Asia/Tokyo', startMonth = 4): number {
  const p = localParts(ts, timeZone);
  return p.month >= startMonth ? p.year : p.year - 1;
}

/** First instant of a fiscal year (1 April 00:00 local by default). */
export function fiscalYearStart(fy: number, timeZone = 'Asia/Tokyo', startMonth = 4): number {
  return fromLocal(Date.UTC(fy, startMonth - 1, 1), timeZone);
}

export type WindowUnit = 'minute' | 'hour' | 'day';
const UNIT_MS: Record<WindowUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * The bucket [start, end) holding `ts` for buckets of `size` units aligned to local midnight in `timeZone`
 * (a 15-minute bucket starts at :00/:15/:30/:45 local; a day bucket at local midnight, 23 or 25 h on DST days).
 */
export function bucketOf(ts: number, unit: WindowUnit, size: number, timeZone: string): { start: number; end: number } {
  const off = zoneOffset(ts, timeZone);
  const local = ts + off;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const span = UNIT_MS[unit] * size;
  let localStart: number;
  if (unit === 'day') localStart = Math.floor(local / span) * span;
  else localStart = dayStart + Math.floor((local - dayStart) / span) * span;
  const start = fromLocal(localStart, timeZone);
  let end = fromLocal(localStart + span, timeZone);
  if (end <= ts) end = ts + 1; // cannot happen outside pathological zones; keeps [start, end) non-empty
  return { start: Math.min(start, ts), end };
}

/** Parses an `asOf` given as epoch ms, ISO text or Date; undefined when absent or unreadable. */
export function toEpoch(value: unknown): number | undefined {
  // beyond ±8.64e15 ms a Date is invalid (toISOString and Intl throw): such a number is not a time
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15) return value;
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
  if (typeof value === 'string' && value.trim() !== '') {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}
