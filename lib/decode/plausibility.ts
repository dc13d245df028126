// Plausibility ranges per metric: values no sensor of the kind can report (45,271 ppm CO2 from a 0–10,000 ppm NDIR
// sensor, −1,587 °C) are flagged or dropped with a translated warning before any alert or chart sees them. The
// defaults are the physical or instrument limits below; a node's own rows replace or add ranges per metric.
import type { Decoded } from './values';
import { warn } from './values';
import { getOwn } from '../util/own';

/** What happens to an implausible value: kept and flagged (default), removed, or no check. */
export const PLAUSIBILITY_MODES = ['flag', 'drop', 'off'] as const;
export type PlausibilityMode = typeof PLAUSIBILITY_MODES[number];

/** A plausible range for one metric (a bound left out is open). */
export interface PlausibleRange { metric: string; min?: number; max?: number }

/**
 * Default ranges of the canonical metrics: what the instruments measure or nature allows, with margin.
 * Temperatures −40…70 °C (sensor range of the usual LoRaWAN climate sensors; a closed greenhouse exceeds 50 °C);
 * CO2 0…10,000 ppm (the range of the NDIR sensors in Elsys ERS CO2, SenseCAP S2103, Milesight AM319);
 * solar radiation 0…1,500 W/m² (the solar constant is 1,361 W/m²); PPFD 0…3,000 µmol/m²/s (full sun ≈ 2,000);
 * soil EC 0…20 dS/m (TEROS 12 / SenseCAP S2105 range); blood pressure and pulse: what oscillometric monitors display.
 */
export const PLAUSIBLE_RANGES: readonly PlausibleRange[] = [
  { metric: 'airTemperature', min: -40, max: 70 }, { metric: 'airHumidity', min: 0, max: 100 },
  { metric: 'co2', min: 0, max: 10000 }, { metric: 'airPressure', min: 500, max: 1100 },
  { metric: 'illuminance', min: 0, max: 200000 }, { metric: 'solarRadiation', min: 0, max: 1500 },
  { metric: 'ppfd', min: 0, max: 3000 }, { metric: 'soilMoisture', min: 0, max: 100 },
  { metric: 'soilTemperature', min: -30, max: 60 }, { metric: 'soilEC', min: 0, max: 20 },
  { metric: 'soilPH', min: 0, max: 14 }, { metric: 'leafWetness', min: 0, max: 100 },
  { metric: 'windSpeed', min: 0, max: 90 }, { metric: 'windDirection', min: 0, max: 360 },
  { metric: 'rainfall', min: 0, max: 2000 }, { metric: 'batteryVoltage', min: 0, max: 60 },
  { metric: 'batteryPercent', min: 0, max: 100 }, { metric: 'vpd', min: 0, max: 10 },
  { metric: 'humidityDeficit', min: 0, max: 100 }, { metric: 'dewPoint', min: -60, max: 60 },
  { metric: 'absoluteHumidity', min: 0, max: 100 },
  { metric: 'systolicPressure', min: 40, max: 300 }, { metric: 'diastolicPressure', min: 20, max: 200 },
  { metric: 'meanArterialPressure', min: 30, max: 250 }, { metric: 'pulseRate', min: 20, max: 250 },
  { metric: 'bodyWeight', min: 0.5, max: 500 }, { metric: 'bmi', min: 5, max: 100 }, { metric: 'bodyHeight', min: 0.3, max: 2.8 },
];

const finite = (v: unknown): number | undefined =>
  (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

/** Compiles the ranges once per node (`rows` replace the default range of their metric); undefined for 'off'. */
export function compileRanges(mode: PlausibilityMode | string | undefined, rows: PlausibleRange[] = []): ((name: string) => readonly [number, number] | undefined) | undefined {
  if (mode === 'off') return undefined;
  const ranges = new Map<string, [number, number]>();
  for (const r of [...PLAUSIBLE_RANGES, ...rows]) {
    if (!r || typeof r.metric !== 'string' || !r.metric) continue;
    ranges.set(r.metric, [finite(r.min) ?? -Infinity, finite(r.max) ?? Infinity]);
  }
  // a metric's range applies to its suffixed forms too (airTemperature_2, co2_1_1_3)
  return (name) => {
    const cut = name.indexOf('_');
    return ranges.get(name) ?? (cut > 0 ? ranges.get(name.slice(0, cut)) : undefined);
  };
}

/**
 * Compiles the check once per node: `rows` replace the default range of their metric (or add one). The check
 * applies to a metric's name and to its suffixed forms (airTemperature_2, co2_1_1_3). Returns undefined for 'off'.
 */
export function compilePlausibility(mode: PlausibilityMode | string | undefined, rows: PlausibleRange[] = []): ((d: Decoded) => void) | undefined {
  const rangeOf = compileRanges(mode, rows);
  if (!rangeOf) return undefined;
  const drop = mode === 'drop';
  return (d) => {
    // for…in: no key array per message (deleting the current key while iterating is safe)
    for (const name in d.values) {
      const range = rangeOf(name);
      const v = d.values[name];
      if (!range || (v >= range[0] && v <= range[1])) continue;
      const u = getOwn(d.units, name);
      const unit = u ? ` ${u}` : '';
      const params = { name, value: `${v}${unit}`, min: range[0], max: range[1] };
      if (drop) {
        delete d.values[name];
        delete d.units[name];
        warn(d, 'implausibleDropped', params, `${name} = ${v}${unit} is outside the plausible range ${range[0]} to ${range[1]} and was dropped`);
      } else {
        (d.implausible ??= []).push(name);
        warn(d, 'implausible', params, `${name} = ${v}${unit} is outside the plausible range ${range[0]} to ${range[1]}`);
      }
    }
  };
}
