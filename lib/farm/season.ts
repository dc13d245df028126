// A house-season from the records store: the season starts at a 定植/播種 entry of the work log and ends at the next
// 栽培終了 (or the next planting, or today). Daily records of the house's devices are merged per day, alert events
// paired into occurrences with their durations and acknowledgements, harvests summed per week.
import { tableOf } from '../store/kinds';
import type { RecordStore } from '../store/store';
import type { Row } from '../store/backend';
import { localDay } from '../time';
import { FARM_KINDS, ensureKind } from './kinds';
import { currentEntries, type LogEntry } from './worklog';

/** One day of a house: the merged daily records of its devices. */
export interface HouseDay {
  date: string; tmin?: number; tmax?: number; tmean?: number; tday?: number; tnight?: number; dli?: number;
  deficitBand?: number; inRange?: number; rh?: number; co2?: number; soilMoisture?: number; soilEC?: number; soilTemp?: number;
}

/** One alert occurrence: from firing to resolution, with the acknowledgement when there was one. */
export interface AlertSpan {
  id: string; rule: string; metric: string; severity: string; message: string;
  start: number; end?: number; acknowledgedAt?: number; minutes?: number;
}

/** Everything a season report is made of. */
export interface SeasonData {
  house: string; crop: string; season: string; start: string; end: string; ended: boolean; timeZone: string;
  days: HouseDay[]; alerts: AlertSpan[]; log: LogEntry[];
}

/** A season of a house as the work log shows it. */
export interface SeasonRef { house: string; season: string; crop: string; start: string; end: string; ended: boolean }

/** Seasons of every house (or one): each 定植/播種 entry opens one; 栽培終了 or the next planting closes it. */
export function seasonsOf(log: LogEntry[], timeZone: string, now: number): SeasonRef[] {
  const byHouse = new Map<string, LogEntry[]>();
  for (const e of [...log].sort((a, b) => a.at - b.at)) {
    if (!byHouse.has(e.house)) byHouse.set(e.house, []);
    byHouse.get(e.house)!.push(e);
  }
  const out: SeasonRef[] = [];
  for (const [house, entries] of byHouse) {
    entries.forEach((e, i) => {
      if (e.work !== 'planting' && e.work !== 'sowing') return;
      const start = localDay(e.at, timeZone).date;
      const after = entries.slice(i + 1);
      const stop = after.find((x) => x.work === 'seasonEnd' || x.work === 'planting' || x.work === 'sowing');
      const ended = stop?.work === 'seasonEnd';
      const endAt = stop ? (ended ? localDay(stop.at, timeZone).end : stop.at) : now;
      out.push({ house, season: start, crop: e.crop ?? 'tomato', start, end: localDay(endAt - 1, timeZone).date, ended });
    });
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.house < b.house ? -1 : 1));
}

const COLS: Array<[keyof HouseDay, string]> = [['tmin', 'tmin'], ['tmax', 'tmax'], ['tmean', 'tmean'], ['tday', 'tday'], ['tnight', 'tnight'],
  ['dli', 'dli'], ['deficitBand', 'deficit_band'], ['inRange', 'in_range'], ['rh', 'rh_mean'], ['co2', 'co2_mean'],
  ['soilMoisture', 'soil_moisture'], ['soilEC', 'soil_ec'], ['soilTemp', 'soil_temp']];

/** Merges the devices' daily rows of a house per day (the mean of the devices that measured each value). */
export function mergeDays(rows: Row[]): HouseDay[] {
  const byDay = new Map<string, Row[]>();
  for (const r of rows) {
    const d = String(r.day);
    if (!byDay.has(d)) byDay.set(d, []);
    byDay.get(d)!.push(r);
  }
  return [...byDay.keys()].sort().map((date) => {
    const day: HouseDay = { date };
    for (const [key, col] of COLS) {
      const vs = byDay.get(date)!.map((r) => r[col]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (!vs.length) continue;
      const v = key === 'tmin' ? Math.min(...vs) : key === 'tmax' ? Math.max(...vs) : vs.reduce((a, b) => a + b, 0) / vs.length;
      (day as unknown as Record<string, number>)[key] = Math.round(v * 1000) / 1000;
    }
    return day;
  });
}

/** Pairs alert events into occurrences (firing → resolved, acknowledged in between). */
export function alertSpans(rows: Row[]): AlertSpan[] {
  const byId = new Map<string, AlertSpan>();
  const sorted = [...rows].sort((a, b) => Date.parse(String(a.event_at)) - Date.parse(String(b.event_at)));
  for (const r of sorted) {
    const id = String(r.alert);
    const at = Date.parse(String(r.event_at));
    const state = String(r.state);
    if (state === 'pending') continue;
    let span = byId.get(id);
    if (!span) {
      span = { id, rule: String(r.rule ?? ''), metric: String(r.metric ?? ''), severity: String(r.severity ?? ''), message: String(r.message ?? ''),
        start: Date.parse(String(r.since)) };
      byId.set(id, span);
    }
    if (state === 'acknowledged' && span.acknowledgedAt === undefined) span.acknowledgedAt = at;
    if (state === 'resolved') { span.end = at; span.minutes = Math.round((at - span.start) / 60000); }
    if (state === 'firing' && r.message) span.message = String(r.message);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start);
}

/** Loads one house-season from the store. */
export async function loadSeason(store: RecordStore, ref: SeasonRef, timeZone: string): Promise<SeasonData> {
  for (const k of [FARM_KINDS.daily, FARM_KINDS.alert]) await ensureKind(store, k);
  const daily = await store.db.query(`SELECT * FROM ${tableOf(FARM_KINDS.daily.name)} WHERE house = $1 AND day >= CAST($2 AS DATE) AND day <= CAST($3 AS DATE)`,
    [ref.house, ref.start, ref.end]);
  const from = localDay(Date.parse(`${ref.start}T12:00:00Z`), timeZone).start;
  const to = localDay(Date.parse(`${ref.end}T12:00:00Z`), timeZone).end;
  const alerts = await store.db.query(`SELECT * FROM ${tableOf(FARM_KINDS.alert.name)} WHERE house = $1 AND since >= CAST($2 AS TIMESTAMPTZ) AND since < CAST($3 AS TIMESTAMPTZ)`,
    [ref.house, new Date(from).toISOString(), new Date(to).toISOString()]);
  const log = await currentEntries(store, { house: ref.house, from, to });
  return { ...ref, timeZone, days: mergeDays(daily), alerts: alertSpans(alerts), log: log.reverse() };
}

/** Harvest per ISO-like week starting Monday: [{ week: 'YYYY-MM-DD' (the Monday), kg }]. */
export function weeklyYield(log: LogEntry[], timeZone: string): Array<{ week: string; kg: number }> {
  const weeks = new Map<string, number>();
  for (const e of log) {
    if (e.work !== 'harvest' || e.kg === undefined) continue;
    const date = localDay(e.at, timeZone).date;
    const d = new Date(`${date}T00:00:00Z`);
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10);
    weeks.set(monday, (weeks.get(monday) ?? 0) + e.kg);
  }
  return [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, kg]) => ({ week, kg: Math.round(kg * 10) / 10 }));
}
