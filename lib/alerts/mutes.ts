// Mute windows (maintenance, cleaning, a known outage): while one is on, alerts it covers keep their lifecycle and
// stay in the active table, but no notification goes out; an alert still open when the window ends is notified
// once then. Windows repeat daily or weekly at local times, or run once between two local date-times; each covers
// everything, one device, one site or one rule.
import { localParts } from '../time';
import { CivicError } from '../errors';
import { bad, oneOf, text, type RawRule } from './fields';

/** How a mute window repeats. */
export const MUTE_REPEATS = ['daily', 'weekly', 'once'] as const;
/** What a mute window covers. */
export const MUTE_TARGETS = ['all', 'device', 'site', 'rule'] as const;
/** Weekday names as the editor stores them, Sunday first (Date#getUTCDay order). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface MuteWindow {
  id: string;
  repeat: typeof MUTE_REPEATS[number];
  /** daily / weekly: minutes after local midnight (may wrap midnight); once: epoch ms */
  from: number;
  to: number;
  /** weekly: the local weekdays the window starts on (0 = Sunday) */
  days: number[];
  target: typeof MUTE_TARGETS[number];
  /** the device id, site or rule id covered ('' for all) */
  match: string;
  comment: string;
}

/** What an alert is, for matching a window. */
export interface MuteSubject { device: string; site?: string; rule: string }

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/;

/** Epoch ms of a local wall-clock time "YYYY-MM-DD HH:MM" in `timeZone` (DST-aware); undefined when malformed. */
export function localTime(value: string, timeZone: string): number | undefined {
  const m = LOCAL.exec(value.trim());
  if (!m) return undefined;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  if (new Date(wall).getUTCDate() !== +m[3]) return undefined;
  const wallOf = (t: number) => { const p = localParts(t, timeZone); return Date.parse(`${p.date}T00:00:00Z`) + p.msOfDay; };
  let t = wall - (wallOf(wall) - wall);
  t = wall - (wallOf(t) - t); // once more: the offset at the answer, not at the guess
  return t;
}

function minutes(v: string): number {
  const m = HHMM.exec(v.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** Validates one mute row of the editor table (1-based `row` for messages). */
export function parseMute(raw: RawRule, row: number, timeZone: string): MuteWindow {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('muteRequired', row, 'from');
  const repeat = oneOf(raw, 'repeat', row, MUTE_REPEATS, 'daily');
  const target = oneOf(raw, 'target', row, MUTE_TARGETS, 'all');
  const match = text(raw, 'match').trim();
  if (target !== 'all' && !match) throw bad('muteRequired', row, 'match', {}, 'say which device, site or rule');
  const at = (field: 'from' | 'to') => {
    const v = text(raw, field);
    const n = repeat === 'once' ? localTime(v, timeZone) ?? NaN : minutes(v);
    if (!Number.isFinite(n)) throw bad(repeat === 'once' ? 'muteDateTime' : 'ruleTime', row, field, { got: v }, 'not a time');
    return n;
  };
  const from = at('from');
  const to = at('to');
  if (repeat === 'once' && !(to > from)) throw bad('muteOrder', row, 'to', {}, 'the end must be after the start');
  const list = Array.isArray(raw.days) ? raw.days.map(String) : text(raw, 'days').split(',').map((d) => d.trim()).filter(Boolean);
  const days = list.map((d) => WEEKDAYS.indexOf(d.toLowerCase() as typeof WEEKDAYS[number]));
  if (days.includes(-1)) throw bad('ruleEnum', row, 'days', { allowed: WEEKDAYS.join(', '), got: list.join(',') });
  if (repeat === 'weekly' && days.length === 0) throw bad('muteRequired', row, 'days', {}, 'pick at least one day');
  return { id: text(raw, 'id').trim() || `mute-${row}`, repeat, from, to, days, target, match, comment: text(raw, 'comment') };
}

/** Validates the mute table of the node's config. */
export function parseMutes(rows: unknown, timeZone: string): MuteWindow[] {
  if (rows === undefined || rows === null) return [];
  if (!Array.isArray(rows)) throw new CivicError('civic-alert.errors.muteList', {}, 'the mute table must be a list');
  return rows.map((r, i) => parseMute(r as RawRule, i + 1, timeZone));
}

/** True when window `w` is on at `t`. */
export function muteOn(w: MuteWindow, t: number, timeZone: string): boolean {
  if (w.repeat === 'once') return t >= w.from && t < w.to;
  const p = localParts(t, timeZone);
  const m = p.minuteOfDay;
  const weekday = new Date(`${p.date}T00:00:00Z`).getUTCDay();
  const startedOn = (day: number) => w.repeat === 'daily' || w.days.includes(day);
  if (w.from === w.to) return startedOn(weekday);
  if (w.from < w.to) return m >= w.from && m < w.to && startedOn(weekday);
  // wraps midnight: the part after midnight belongs to the window that started the day before
  return (m >= w.from && startedOn(weekday)) || (m < w.to && startedOn((weekday + 6) % 7));
}

/** True when window `w` covers the alert `s`. */
export function muteCovers(w: MuteWindow, s: MuteSubject): boolean {
  switch (w.target) {
    case 'all': return true;
    case 'device': return s.device === w.match;
    case 'site': return s.site === w.match;
    default: return s.rule === w.match;
  }
}
