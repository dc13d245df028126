// A work-log entry (作業記録) as the grower types it on a phone: checked field by field, numbers from text (full-width
// digits too), the time from a date and a time in the site's zone. Every refusal is a CivicError whose key names the
// field and the rule (the node shows it in Japanese); no refusal ever quotes what was typed.
import { CivicError } from '../errors';
import { fromLocal, localDay } from '../time';
import { CROPS, GROWTH_MODELS } from '../agro/growth';

/** Kinds of work, in the order the form lists them. */
export const WORK_TYPES = ['planting', 'sowing', 'training', 'leafRemoval', 'irrigation', 'fertilising', 'spraying', 'harvest',
  'observation', 'seasonEnd', 'note'] as const;
export type WorkType = typeof WORK_TYPES[number];

/** Harvest grades (秀・優・良・規格外). */
export const HARVEST_GRADES = ['shu', 'yu', 'ryo', 'out'] as const;

/** Units of a fertiliser amount. */
export const AMOUNT_UNITS = ['kg', 'g', 'L', 'mL'] as const;

/** Stage ids a grower can report as observed (any stage of any model after its first). */
export const OBSERVABLE_STAGES = [...new Set(Object.values(GROWTH_MODELS).flatMap((m) => m.stages.slice(1).map((s) => s.id)))];

export interface WorkEntry {
  house: string; at: number; who: string; work: WorkType;
  crop?: string; product?: string; amount?: number; unit?: string; dilution?: number; area?: number;
  kg?: number; grade?: string; stage?: string; synthetic?: boolean; note?: string;
}

export interface EntryRules {
  /** houses the form may name (empty: any) */
  houses: string[];
  timeZone: string;
  now: number;
}

const fail = (field: string, rule: string): CivicError =>
  new CivicError(`civic-worklog.errors.${field}.${rule}`, {}, `${field}: ${rule}`);

function text(v: unknown, field: string, max: number, required: boolean): string | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw fail(field, 'required');
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw fail(field, 'type');
  const s = String(v).normalize('NFKC').trim();
  if (s.length > max) throw fail(field, 'long');
  return s;
}

/** A positive number from a form value ('１２．５' and '12.5' alike); undefined when empty and optional. */
export function positive(v: unknown, field: string, required: boolean, max = 1e7): number | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw fail(field, 'required');
    return undefined;
  }
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.normalize('NFKC').replace(/,/g, '').trim() : '';
  if (!/^[+]?(\d+\.?\d*|\.\d+)$/.test(s)) throw fail(field, 'number');
  const n = Number(s);
  if (!(n > 0)) throw fail(field, 'positive');
  if (n > max) throw fail(field, 'tooLarge');
  return n;
}

function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[], required: boolean): T | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw fail(field, 'required');
    return undefined;
  }
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw fail(field, 'choice');
  return v as T;
}

/** Epoch ms of a wall-clock date and time ('YYYY-MM-DD', 'HH:MM') in `timeZone`. */
export function wallTime(date: string, time: string, timeZone: string): number {
  return fromLocal(Date.parse(`${date}T${time}:00Z`), timeZone);
}

/** The entry's time: `at` (epoch ms or an ISO instant) or `date` (+ `time`, default 12:00) in the site's zone. */
function timeOf(rec: Record<string, unknown>, rules: EntryRules): number {
  let t: number | undefined;
  if (typeof rec.at === 'number') t = rec.at;
  else if (typeof rec.at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(rec.at)) t = Date.parse(rec.at);
  else if (typeof rec.date === 'string' && rec.date.trim()) {
    const raw = rec.date.normalize('NFKC').trim();
    // A classic dashboard date picker sends the local midnight as an instant: take its local date.
    const date = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? localDay(Date.parse(raw), rules.timeZone).date : raw.replace(/\//g, '-');
    const time = typeof rec.time === 'string' && rec.time.trim() ? rec.time.normalize('NFKC').trim() : '12:00';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw fail('date', 'format');
    if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) throw fail('time', 'format');
    t = wallTime(date, time.padStart(5, '0'), rules.timeZone);
  } else throw fail('date', 'required');
  if (!Number.isFinite(t)) throw fail('date', 'format');
  if (t! < Date.UTC(2000, 0, 1)) throw fail('date', 'tooEarly');
  if (t! > rules.now + 86400000) throw fail('date', 'future');
  return t!;
}

/** Checks one entry from the form; returns the clean entry or throws the first problem (field + rule). */
export function checkEntry(input: unknown, rules: EntryRules): WorkEntry {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw fail('entry', 'type');
  const rec = input as Record<string, unknown>;
  const work = oneOf(rec.work, 'work', WORK_TYPES, true)!;
  const house = text(rec.house, 'house', 40, true)!;
  if (rules.houses.length && !rules.houses.includes(house)) throw fail('house', 'choice');
  const who = text(rec.who, 'who', 40, true)!;
  const e: WorkEntry = { house, who, work, at: timeOf(rec, rules) };
  e.note = text(rec.note, 'note', 500, work === 'note');
  if (work === 'planting' || work === 'sowing') e.crop = oneOf(rec.crop, 'crop', CROPS, true);
  if (work === 'fertilising' || work === 'spraying') {
    e.product = text(rec.product, 'product', 80, true);
    e.synthetic = rec.synthetic === true || rec.synthetic === 'true' || rec.synthetic === 'on';
  }
  if (work === 'fertilising') {
    e.amount = positive(rec.amount, 'amount', true);
    e.unit = oneOf(rec.unit || 'kg', 'unit', AMOUNT_UNITS, true);
  }
  if (work === 'spraying') {
    e.dilution = positive(rec.dilution, 'dilution', true, 100000);
    e.area = positive(rec.area, 'area', true);
  }
  if (work === 'irrigation') e.amount = positive(rec.amount, 'amount', false);
  if (work === 'harvest') {
    e.kg = positive(rec.kg, 'kg', true, 100000);
    e.grade = oneOf(rec.grade, 'grade', HARVEST_GRADES, true);
  }
  if (work === 'observation') e.stage = oneOf(rec.stage, 'stage', OBSERVABLE_STAGES, true);
  return e;
}
