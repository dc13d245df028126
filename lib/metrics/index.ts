import { getOwn } from '../util/own';

/** Canonical metric names and their units: the same words in lib, messages, dashboards and docs. */
export const METRIC_UNITS = {
  airTemperature: '°C',
  airHumidity: '%',
  co2: 'ppm',
  airPressure: 'hPa',
  illuminance: 'lx',
  solarRadiation: 'W/m²',
  ppfd: 'µmol/m²/s',
  soilMoisture: '%',
  soilTemperature: '°C',
  soilEC: 'dS/m',
  soilPH: 'pH',
  leafWetness: '%',
  windSpeed: 'm/s',
  windDirection: '°',
  rainfall: 'mm',
  batteryVoltage: 'V',
  batteryPercent: '%',
  vpd: 'kPa',
  humidityDeficit: 'g/m³',
  dewPoint: '°C',
  absoluteHumidity: 'g/m³',
  gdd: '°C·day',
  // other fields than agriculture (disaster, environment, health, tourism): see ./catalog for labels
  leafTemperature: '°C',
  fruitTemperature: '°C',
  waterLevel: 'm',
  waterDepth: 'cm',
  waterTemperature: '°C',
  wbgt: '°C',
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  tvoc: 'ppb',
  soundLevel: 'dB',
  visitorCount: '',
  occupancyRate: '%',
  // health readings from residents' devices (Bluetooth SIG blood pressure monitors and weight scales)
  systolicPressure: 'mmHg',
  diastolicPressure: 'mmHg',
  meanArterialPressure: 'mmHg',
  pulseRate: 'bpm',
  bodyWeight: 'kg',
  bmi: 'kg/m²',
  bodyHeight: 'm',
} as const;

export type MetricName = keyof typeof METRIC_UNITS;

/** The reading message contract (docs/architecture.md, "Three message shapes"); `payload` holds numbers only. */
export interface Reading {
  topic: string;
  payload: Record<string, number>;
  units: Record<string, string>;
  timestamp: number;
  device: { id: string; model?: string; site?: string; house?: string };
  meta: { source: string; fPort?: number; rssi?: number; snr?: number; warnings: string[]; [k: string]: unknown };
}

/** Units for the metrics present in `payload`; unknown names get no unit rather than a guessed one. */
export function unitsFor(payload: Record<string, number>): Record<string, string> {
  const units: Record<string, string> = {};
  for (const name of Object.keys(payload)) {
    const unit = getOwn(METRIC_UNITS as Record<string, string>, name);
    if (unit !== undefined) units[name] = unit;
  }
  return units;
}

/** Rounds to `decimals` places so that scaled integers print cleanly (272 × 0.1 gives 27.2, not 27.200000000000003). */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

/**
 * `msg.timestamp` as the epoch ms of a measurement, or undefined when it is not one: not a number, NaN, or beyond
 * the ±8.64e15 ms a Date can hold (a nanosecond timestamp, say), where toISOString and Intl would throw.
 */
export function measurementTime(value: unknown): number | undefined {
  return typeof value === 'number' && Math.abs(value) <= 8.64e15 ? value : undefined;
}
