// Japanese era dates (和暦) to ISO: 明治 M, 大正 T, 昭和 S, 平成 H, 令和 R with their first days, 元年 = year 1,
// forms 昭和50年3月1日, S50.3.1, R6/4/1, 平成元年1月8日, full-width digits, ㍼/㋿ ligatures, and Gregorian forms
// (1975-03-01, 1975/3/1, 1975年3月1日, 19750301). A date outside its era (平成元年1月7日) is rejected.
import { isNfkcStable } from './normalize';

export interface Era { name: string; letter: string; offset: number; start: string }

/** The modern eras with their first day (Gregorian) and the year offset (Gregorian year = era year + offset). */
export const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', offset: 1867, start: '1868-01-01' },
  { name: '大正', letter: 'T', offset: 1911, start: '1912-07-30' },
  { name: '昭和', letter: 'S', offset: 1925, start: '1926-12-25' },
  { name: '平成', letter: 'H', offset: 1988, start: '1989-01-08' },
  { name: '令和', letter: 'R', offset: 2018, start: '2019-05-01' },
];

export type DatePrecision = 'day' | 'month' | 'year';

export interface ParsedDate { year: number; month?: number; day?: number; precision: DatePrecision; iso: string }

const ERA_BY_TOKEN = new Map<string, Era>();
for (const e of ERAS) {
  ERA_BY_TOKEN.set(e.name, e);
  ERA_BY_TOKEN.set(e.name[0], e);
  ERA_BY_TOKEN.set(e.letter, e);
  ERA_BY_TOKEN.set(e.letter.toLowerCase(), e);
}

const ERA_RE = /^(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHRmtshr])\s*(元|[0-9]{1,2})\s*(?:(?:年|[./-])\s*([0-9]{1,2})\s*(?:(?:月|[./-])\s*([0-9]{1,2})\s*日?|月)?)?\s*(?:年)?$/;
const WEST_RE = /^([0-9]{4})\s*(?:年|[./-])\s*([0-9]{1,2})(?:\s*(?:月|[./-])\s*([0-9]{1,2})\s*日?|\s*月)?$/;

const DIGITS = /^[0-9]+$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// proleptic Gregorian, as Date.UTC counts (it reads years 1–99 as 1901–1999, which have the same leap years)
function daysInMonth(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1];
}

function build(year: number, month?: number, day?: number): ParsedDate | undefined {
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (month === undefined || day < 1 || day > daysInMonth(year, month))) return undefined;
  if (year < 1 || year > 9999) return undefined;
  const precision: DatePrecision = day !== undefined ? 'day' : month !== undefined ? 'month' : 'year';
  const iso = precision === 'day' ? `${pad(year, 4)}-${pad(month!)}-${pad(day!)}`
    : precision === 'month' ? `${pad(year, 4)}-${pad(month!)}` : pad(year, 4);
  return { year, month, day, precision, iso };
}

/** True when the (possibly partial) ISO date lies within the era (comparing at the given precision). */
// The last day of each era is the day before the next era's start (computed once: this runs for every date parsed).
const ERA_END = new Map<Era, string>(ERAS.slice(0, -1).map((era, i) =>
  [era, new Date(Date.parse(`${ERAS[i + 1].start}T00:00:00Z`) - 86400000).toISOString().slice(0, 10)]));

function withinEra(era: Era, d: ParsedDate): boolean {
  const n = d.iso.length;
  if (d.iso < era.start.slice(0, n)) return false;
  const end = ERA_END.get(era);
  return !(end && d.iso > end.slice(0, n));
}

/**
 * Parses a Japanese era or Gregorian date (string, Date or epoch ms) into year/month/day and an ISO string at the
 * precision given ('1975-03-01', '1975-03' or '1975'). Returns undefined when it is not a valid date.
 */
export function parseDate(value: unknown): ParsedDate | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return build(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isInteger(value) && value >= 10000101 && value <= 99991231) return parseDate(String(value));
    const d = new Date(value);
    return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof value !== 'string') return undefined;
  // text already in NFKC form holds no dash look-alike either (S50.3.1, 昭和50年3月1日 skip that work)
  const s = (isNfkcStable(value) ? value : value.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30FC]/g, '-')).trim();
  if (!s) return undefined;
  // only 4 (a year) or 8 digits (YYYYMMDD) of bare digits can be a date: amounts and ID numbers stop here
  if (s.length !== 4 && s.length !== 8 && DIGITS.test(s)) return undefined;
  let m = ERA_RE.exec(s);
  if (m) {
    const era = ERA_BY_TOKEN.get(m[1])!;
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    if (eraYear < 1) return undefined;
    const d = build(era.offset + eraYear, m[3] ? Number(m[3]) : undefined, m[4] ? Number(m[4]) : undefined);
    return d && withinEra(era, d) ? d : undefined;
  }
  m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?$/.exec(s) ?? WEST_RE.exec(s)
    ?? /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  m = /^([0-9]{4})\s*年?$/.exec(s);
  if (m) return build(Number(m[1]));
  return undefined;
}

/** ISO date ('YYYY-MM-DD', or shorter for partial dates) of an era or Gregorian date; undefined when invalid. */
export function toIsoDate(value: unknown): string | undefined {
  return parseDate(value)?.iso;
}

/** The Japanese fiscal year (年度, April to March) a date falls in: 2025-03-31 → 2024, 2025-04-01 → 2025. */
export function fiscalYear(d: { year: number; month?: number }): number {
  return d.month !== undefined && d.month < 4 ? d.year - 1 : d.year;
}

/** Whole years of age on `asOf` for someone born on `birth` (both full dates). */
export function ageOn(birth: ParsedDate, asOf: ParsedDate): number {
  let age = asOf.year - birth.year;
  const bm = birth.month ?? 1;
  const bd = birth.day ?? 1;
  const am = asOf.month ?? 12;
  const ad = asOf.day ?? 31;
  if (am < bm || (am === bm && ad < bd)) age--;
  return age;
}

/** Shifts a full date by whole days (ISO in, ISO out). */
export function shiftDays(d: ParsedDate, days: number): string {
  const t = Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1) + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
