// Per-device daily accumulators: growing degree days, daily light integral and time-in-range, with days bounded
// by local midnight in the site's time zone. The state is plain JSON (kept in Node-RED context across restarts).
import { degreeDaysMean, degreeDaysMinMax, humidityDeficit, ppfdFromSolar, SOLAR_TO_PPFD } from './formulas';
import { localDay } from '../time';
import { solarElevation, HAKUI } from '../sun';
import { getOwn, setOwn } from '../util/own';

export interface DailyOptions {
  /** reading property holding the air temperature for degree days */
  temperatureMetric: string;
  gddBase: number;
  /** 'mean' = arithmetic mean of the day's samples; 'minmax' = (Tmax+Tmin)/2 */
  gddMethod: 'mean' | 'minmax';
  /** 'auto' uses ppfd when present, else solarRadiation × solarToPpfd */
  lightSource: 'auto' | 'ppfd' | 'solarRadiation' | 'none';
  solarToPpfd: number;
  /** metric for time-in-range ('' disables it) */
  rangeMetric: string;
  rangeLow: number;
  rangeHigh: number;
  timeZone: string;
  /** a sample stands for at most this long when the next one is late (sensor gaps are not counted) */
  maxGapMinutes: number;
  /** site for day/night (sun above the horizon) means */
  latitude: number;
  longitude: number;
  /** humidity metric for the humidity deficit (飽差) band */
  humidityMetric: string;
  /** 飽差 band in g/m³ (growers keep 3–6) */
  deficitLow: number;
  deficitHigh: number;
  /** metrics whose daily mean is added as `<metric>Mean` (e.g. soil moisture and EC for the season report) */
  meanMetrics: string[];
}

export const DEFAULT_DAILY_OPTIONS: DailyOptions = {
  temperatureMetric: 'airTemperature', gddBase: 10, gddMethod: 'mean', lightSource: 'auto',
  solarToPpfd: SOLAR_TO_PPFD, rangeMetric: 'airTemperature', rangeLow: 18, rangeHigh: 27,
  timeZone: 'Asia/Tokyo', maxGapMinutes: 60, latitude: HAKUI.latitude, longitude: HAKUI.longitude,
  humidityMetric: 'airHumidity', deficitLow: 3, deficitHigh: 6, meanMetrics: ['airHumidity', 'co2', 'soilMoisture', 'soilEC', 'soilTemperature'],
};

/** A held sample: value v from time t, integrated up to `from`. */
interface Series { t: number; v: number; from: number }

interface DayAcc {
  date: string; start: number; end: number;
  n: number; sumT: number; tmin: number; tmax: number;
  /** µmol/m² of light integrated so far */
  light: number; lightMs: number;
  inRangeMs: number; rangeMs: number;
  /** day (sun up) and night temperature sums and counts */
  dayT?: number; dayN?: number; nightT?: number; nightN?: number;
  /** ms with the humidity deficit inside its band, of ms with a deficit known */
  hdInMs?: number; hdMs?: number;
  /** per-metric sums and counts for the daily means */
  sums?: Record<string, [number, number]>;
}

interface DeviceAcc {
  day: DayAcc | null;
  light: Series | null;
  range: Series | null;
  deficit?: Series | null;
  gddTotal: number;
  days: number;
}

/** Serialisable accumulator state for all devices. */
export interface DailyState { version: 1; devices: Record<string, DeviceAcc> }

/** One finished local day of one device (flat numeric payload for influxdb out / charts). */
export interface DailySummary {
  deviceId: string;
  date: string;
  /** epoch ms of the local midnight that started the day */
  start: number;
  timeZone: string;
  payload: {
    samples: number;
    tmin?: number; tmax?: number; tmean?: number;
    /** mean temperature with the sun up / down at the site */
    tday?: number; tnight?: number;
    /** time with the humidity deficit (飽差) inside its band */
    deficitInBandMinutes?: number; deficitInBandFraction?: number;
    /** `<metric>Mean` for each of the options' meanMetrics present that day */
    [mean: `${string}Mean`]: number | undefined;
    gdd?: number; gddTotal: number;
    dli?: number;
    timeInRangeMinutes?: number; timeInRangeFraction?: number;
  };
}

/** An empty accumulator state. */
export function emptyDailyState(): DailyState {
  return { version: 1, devices: {} };
}

function newDay(t: number, tz: string): DayAcc {
  const d = localDay(t, tz);
  return { date: d.date, start: d.start, end: d.end, n: 0, sumT: 0, tmin: Infinity, tmax: -Infinity,
    light: 0, lightMs: 0, inRangeMs: 0, rangeMs: 0, dayT: 0, dayN: 0, nightT: 0, nightN: 0, hdInMs: 0, hdMs: 0, sums: {} };
}

/** Integrates a held value over [from, until] within the day, not beyond maxGap after the sample. */
function advance(s: Series, until: number, day: DayAcc, maxGapMs: number): { area: number; ms: number } {
  const a = Math.max(s.from, day.start);
  const b = Math.min(until, s.t + maxGapMs, day.end);
  s.from = Math.max(s.from, Math.min(until, day.end));
  return b > a ? { area: s.v * (b - a), ms: b - a } : { area: 0, ms: 0 };
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Accumulates readings per device into local days and returns the summaries of days that ended.
 * Use `add` for each reading and `flush(now)` from a timer so a silent sensor's day still closes at midnight.
 */
export class DailyAccumulator {
  readonly options: DailyOptions;
  readonly state: DailyState;

  constructor(options: Partial<DailyOptions> = {}, state?: DailyState) {
    this.options = { ...DEFAULT_DAILY_OPTIONS, ...options };
    // devices by id in a null-prototype object: an id such as "__proto__" or "constructor" is just a key
    this.state = state && state.version === 1 && state.devices
      ? { ...state, devices: Object.assign(Object.create(null), state.devices) } : { ...emptyDailyState(), devices: Object.create(null) };
  }

  /** Season total of degree days for a device (completed days only). */
  gddTotal(deviceId: string): number {
    return this.state.devices[deviceId]?.gddTotal ?? 0;
  }

  /** Resets one device's (or every device's) season totals, e.g. at transplanting. */
  reset(deviceId?: string): void {
    if (deviceId === undefined) this.state.devices = Object.create(null);
    else delete this.state.devices[deviceId];
  }

  /** Adds one reading at event time `t`; returns summaries of any day that ended before `t`. */
  add(deviceId: string, t: number, payload: Record<string, unknown>): DailySummary[] {
    const o = this.options;
    let dev = this.state.devices[deviceId];
    if (!dev) dev = this.state.devices[deviceId] = { day: null, light: null, range: null, gddTotal: 0, days: 0 };
    const out: DailySummary[] = [];
    if (dev.day && t >= dev.day.end) out.push(this.close(deviceId, dev));
    if (dev.day && t < dev.day.start) return out; // a late reading from a closed day: not counted again
    if (!dev.day) dev.day = newDay(t, o.timeZone);
    const day = dev.day;
    const maxGap = o.maxGapMinutes * 60000;

    const temp = payload[o.temperatureMetric];
    if (typeof temp === 'number' && Number.isFinite(temp)) {
      day.n++; day.sumT += temp;
      if (temp < day.tmin) day.tmin = temp;
      if (temp > day.tmax) day.tmax = temp;
      if (solarElevation(t, o.latitude, o.longitude) > 0) { day.dayT = (day.dayT ?? 0) + temp; day.dayN = (day.dayN ?? 0) + 1; }
      else { day.nightT = (day.nightT ?? 0) + temp; day.nightN = (day.nightN ?? 0) + 1; }
    }
    this.addDeficit(dev, day, t, temp, payload[o.humidityMetric], maxGap);
    for (const m of o.meanMetrics) {
      const v = payload[m];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const sums = day.sums ?? (day.sums = {});
      const acc = getOwn(sums, m) ?? setOwn(sums, m, [0, 0]);
      acc[0] += v; acc[1]++;
    }
    const ppfd = this.ppfdOf(payload);
    if (ppfd !== undefined) {
      if (dev.light && t > dev.light.t) { const a = advance(dev.light, t, day, maxGap); day.light += a.area; day.lightMs += a.ms; }
      if (!dev.light || t >= dev.light.t) dev.light = { t, v: Math.max(0, ppfd), from: t };
    }
    const rv = o.rangeMetric ? payload[o.rangeMetric] : undefined;
    if (typeof rv === 'number' && Number.isFinite(rv)) {
      if (dev.range && t > dev.range.t) { const a = advance(dev.range, t, day, maxGap); day.inRangeMs += a.area; day.rangeMs += a.ms; }
      if (!dev.range || t >= dev.range.t) dev.range = { t, v: rv >= o.rangeLow && rv <= o.rangeHigh ? 1 : 0, from: t };
    }
    return out;
  }

  /** Closes every device day that ended at or before `now` (call it from a timer). */
  flush(now: number): DailySummary[] {
    const out: DailySummary[] = [];
    for (const [id, dev] of Object.entries(this.state.devices)) {
      if (dev.day && now >= dev.day.end) out.push(this.close(id, dev));
    }
    return out;
  }

  /** Time with the humidity deficit in its band, held like the time-in-range series. */
  private addDeficit(dev: DeviceAcc, day: DayAcc, t: number, temp: unknown, rh: unknown, maxGap: number): void {
    if (typeof temp !== 'number' || typeof rh !== 'number' || !Number.isFinite(temp) || !(rh > 0 && rh <= 100)) return;
    const o = this.options;
    const hd = humidityDeficit(temp, rh);
    if (dev.deficit && t > dev.deficit.t) {
      const a = advance(dev.deficit, t, day, maxGap);
      day.hdInMs = (day.hdInMs ?? 0) + a.area; day.hdMs = (day.hdMs ?? 0) + a.ms;
    }
    if (!dev.deficit || t >= dev.deficit.t) dev.deficit = { t, v: hd >= o.deficitLow && hd <= o.deficitHigh ? 1 : 0, from: t };
  }

  private ppfdOf(payload: Record<string, unknown>): number | undefined {
    const src = this.options.lightSource;
    const p = payload.ppfd;
    const s = payload.solarRadiation;
    if ((src === 'auto' || src === 'ppfd') && typeof p === 'number' && Number.isFinite(p)) return p;
    if ((src === 'auto' || src === 'solarRadiation') && typeof s === 'number' && Number.isFinite(s)) {
      return ppfdFromSolar(s, this.options.solarToPpfd);
    }
    return undefined;
  }

  private close(deviceId: string, dev: DeviceAcc): DailySummary {
    const o = this.options;
    const day = dev.day as DayAcc;
    const maxGap = o.maxGapMinutes * 60000;
    if (dev.light) { const a = advance(dev.light, day.end, day, maxGap); day.light += a.area; day.lightMs += a.ms; }
    if (dev.range) { const a = advance(dev.range, day.end, day, maxGap); day.inRangeMs += a.area; day.rangeMs += a.ms; }
    if (dev.deficit) { const a = advance(dev.deficit, day.end, day, maxGap); day.hdInMs = (day.hdInMs ?? 0) + a.area; day.hdMs = (day.hdMs ?? 0) + a.ms; }
    const payload: DailySummary['payload'] = { samples: day.n, gddTotal: dev.gddTotal };
    if (day.n > 0) {
      const tmean = day.sumT / day.n;
      const gdd = o.gddMethod === 'minmax' ? degreeDaysMinMax(day.tmin, day.tmax, o.gddBase) : degreeDaysMean(tmean, o.gddBase);
      dev.gddTotal += gdd;
      dev.days++;
      Object.assign(payload, { tmin: day.tmin, tmax: day.tmax, tmean: r2(tmean), gdd: r2(gdd), gddTotal: r2(dev.gddTotal) });
    }
    if (day.lightMs > 0) payload.dli = r2(day.light / 1e6 / 1000);
    if (day.dayN) payload.tday = r2((day.dayT ?? 0) / day.dayN);
    if (day.nightN) payload.tnight = r2((day.nightT ?? 0) / day.nightN);
    if (day.hdMs) {
      payload.deficitInBandMinutes = r2((day.hdInMs ?? 0) / 60000);
      payload.deficitInBandFraction = Math.round(((day.hdInMs ?? 0) / day.hdMs) * 1000) / 1000;
    }
    for (const [m, [sum, n]] of Object.entries(day.sums ?? {})) if (n > 0) payload[`${m}Mean`] = r2(sum / n);
    if (day.rangeMs > 0) {
      payload.timeInRangeMinutes = r2(day.inRangeMs / 60000);
      payload.timeInRangeFraction = Math.round((day.inRangeMs / day.rangeMs) * 1000) / 1000;
    }
    dev.day = null;
    return { deviceId, date: day.date, start: day.start, timeZone: o.timeZone, payload };
  }
}
