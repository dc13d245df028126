// Agronomic metrics for greenhouse readings: derived humidity metrics per reading and per-device daily
// accumulators (degree days, daily light integral, time in range). No Node-RED import.
import { absoluteHumidity, dewPoint, humidityDeficit, vpd } from './formulas';
import { DailyAccumulator, type DailyOptions, type DailyState, type DailySummary } from './daily';

export * from './formulas';
export * from './daily';
export { isValidTimeZone, localDay, localParts, type LocalDay } from '../time';

export interface DerivedMetrics { vpd?: number; humidityDeficit?: number; dewPoint?: number; absoluteHumidity?: number }

const round = (v: number, d: number) => { const f = 10 ** d; const r = Math.round(v * f) / f; return r === 0 ? 0 : r; };

/**
 * VPD (kPa, 3 decimals), humidity deficit, dew point and absolute humidity (2 decimals) from a temperature and a
 * relative humidity; empty when either is missing, not a number, or RH is outside 0–100 %.
 */
export function deriveHumidityMetrics(t: unknown, rh: unknown): DerivedMetrics {
  if (typeof t !== 'number' || typeof rh !== 'number' || !Number.isFinite(t) || !Number.isFinite(rh)) return {};
  if (rh <= 0 || rh > 100 || t <= -100 || t >= 100) return {};
  return {
    vpd: round(vpd(t, rh), 3),
    humidityDeficit: round(humidityDeficit(t, rh), 2),
    dewPoint: round(dewPoint(t, rh), 2),
    absoluteHumidity: round(absoluteHumidity(t, rh), 2),
  };
}

export interface AgriMetricsOptions extends DailyOptions {
  humidityMetric: string;
  /** add the season's degree-day total (completed days) to each reading as `gdd` */
  addGdd: boolean;
}

/** What one reading produced: metrics to merge into its payload, and summaries of days that just ended. */
export interface AgriResult { derived: Record<string, number>; summaries: DailySummary[]; warnings: string[] }

/** Derives metrics per reading and keeps the daily accumulators of every device (state is plain JSON). */
export class AgriMetrics {
  readonly daily: DailyAccumulator;
  private readonly humidityMetric: string;
  private readonly temperatureMetric: string;
  private readonly addGdd: boolean;

  constructor(options: Partial<AgriMetricsOptions> = {}, state?: DailyState) {
    this.daily = new DailyAccumulator(options, state);
    this.humidityMetric = options.humidityMetric ?? 'airHumidity';
    this.temperatureMetric = this.daily.options.temperatureMetric;
    this.addGdd = options.addGdd ?? true;
  }

  /** The serialisable state (the same object the accumulators update). */
  get state(): DailyState {
    return this.daily.state;
  }

  /** Processes one reading of `deviceId` taken at `t` (epoch ms). */
  process(deviceId: string, t: number, payload: Record<string, unknown>): AgriResult {
    const warnings: string[] = [];
    const temp = payload[this.temperatureMetric];
    const rh = payload[this.humidityMetric];
    const derived: Record<string, number> = { ...deriveHumidityMetrics(temp, rh) };
    if (typeof rh === 'number' && (rh <= 0 || rh > 100) && typeof temp === 'number') {
      warnings.push(`${this.humidityMetric} out of range (0–100 %): no humidity metrics`);
    }
    const summaries = this.daily.add(deviceId, t, payload);
    if (this.addGdd) derived.gdd = round(this.daily.gddTotal(deviceId), 2);
    return { derived, summaries, warnings };
  }

  /** Closes the days that ended by `now` (timer). */
  flush(now: number): DailySummary[] {
    return this.daily.flush(now);
  }
}
