// Local-time arithmetic without a date library, one module for the whole pack: local calendar days and parts
// (agro daily summaries, alert time windows), fiscal years, calendar periods and window boundaries aligned to
// local midnight in any IANA time zone (default Asia/Tokyo), DST-safe, via Intl.
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

/** True when `timeZone` is an IANA zone this runtime knows (e.g. "Asia/Tokyo"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The same check under the name the agro and alert nodes use. */
export const isValidTimeZone = isTimeZone;

/** Local calendar parts of an instant (month 1–12), its date "YYYY-MM-DD" and its offset into the local day. */
export interface LocalParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  date: string; minuteOfDay: number; msOfDay: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local calendar parts of `ts` (epoch ms) in `timeZone`. */
export function localParts(ts: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ts))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const hour = p.hour % 24;
  const ms = ((ts % 1000) + 1000) % 1000;
  const minuteOfDay = hour * 60 + p.minute;
  return {
    year: p.year, month: p.month, day: p.day, hour, minute: p.minute, second: p.second,
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, minuteOfDay, msOfDay: (minuteOfDay * 60 + p.second) * 1000 + ms,
  };
}

/** Offset of local time from UTC at instant `ts`, in milliseconds (Asia/Tokyo: +9 h). */
export function zoneOffset(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

/** The instant at which the local wall-clock time `localMs` (epoch ms read as local) occurs in the zone. */
export function fromLocal(localMs: number, timeZone: string): number {
  const guess = localMs - zoneOffset(localMs, timeZone);
  return localMs - zoneOffset(guess, timeZone);
}

/** A local calendar day [start, end) in epoch ms with its date "YYYY-MM-DD" (23 or 25 h long on DST days). */
export interface LocalDay { date: string; start: number; end: number }

const dayCache = new Map<string, LocalDay>();

/** The local day containing `epochMs` in `timeZone`. */
export function localDay(epochMs: number, timeZone: string): LocalDay {
  const cached = dayCache.get(timeZone);
  if (cached && epochMs >= cached.start && epochMs < cached.end) return cached;
  const { date, msOfDay } = localParts(epochMs, timeZone);
  let start = epochMs - msOfDay;
  const back = localParts(start, timeZone); // an offset change earlier that day moves midnight: correct once
  if (back.msOfDay !== 0) start = back.date === date ? start - back.msOfDay : start + (86400000 - back.msOfDay);
  // the next local midnight: 24 h later, corrected by any offset change (DST) on the way
  const probe = start + 86400000;
  const next = localParts(probe, timeZone);
  const end = next.date === date ? probe + (86400000 - next.msOfDay) : probe - next.msOfDay;
  const day = { date, start, end };
  dayCache.set(timeZone, day);
  return day;
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

/** Calendar periods a KPI can be measured in. */
export const PERIODS = ['fiscalYear', 'month', 'day'] as const;
/** One of PERIODS. */
export type Period = typeof PERIODS[number];

/** The key of the period holding `ts`: "2025" (fiscal year), "2025-06" (month) or "2025-06-01" (day), local time. */
export function periodKey(ts: number, period: Period, timeZone = 'Asia/Tokyo'): string {
  if (period === 'fiscalYear') return String(fiscalYear(ts, timeZone));
  const p = localParts(ts, timeZone);
  return period === 'month' ? p.date.slice(0, 7) : p.date;
}

/** The fiscal year a period key falls in ("2025-03-31" → 2024, "2025-04" → 2025, "2025" → 2025). */
export function fiscalYearOfKey(key: string): number {
  const [y, m] = key.split('-').map(Number);
  return m === undefined || m >= 4 ? y : y - 1;
}

/** The unit of a window bucket. */
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
