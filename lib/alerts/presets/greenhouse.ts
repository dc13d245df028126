// Greenhouse presets: tomato by growth stage, and a generic house. Set points (docs/agro-alerts.md "Greenhouse
// presets"): tomato day 21–27 °C, night 17–18 °C, damage below ~10 °C, pollination problems above ~30 °C, RH
// 45–65 % with disease risk above ~85 % for hours, 飽差 3–6 g/m³, CO2 400 up to ~800–1000 ppm enriched, EC 2–4.5
// dS/m. Soil moisture limits are starting points for a volumetric probe: adjust them to the substrate.
import type { RawRule } from '../fields';

export type TomatoStage = 'tomato-seedling' | 'tomato-vegetative' | 'tomato-fruiting';

interface Stage { nightMin: number; ecLow: number; ecHigh: number; soilMin: number; co2Max: number }

const STAGES: Record<TomatoStage, Stage> = {
  // young plants: keep nights at the set point, EC at the low end of 2–4.5, substrate moist
  'tomato-seedling': { nightMin: 17, ecLow: 2, ecHigh: 3, soilMin: 40, co2Max: 1000 },
  'tomato-vegetative': { nightMin: 16, ecLow: 2, ecHigh: 3.5, soilMin: 35, co2Max: 1000 },
  // fruiting: full EC range 2–4.5 (higher EC for fruit quality), somewhat drier substrate
  'tomato-fruiting': { nightMin: 16, ecLow: 2, ecHigh: 4.5, soilMin: 30, co2Max: 1000 },
};

/** The rows of a tomato stage preset. */
export function tomatoRules(stage: TomatoStage): RawRule[] {
  const s = STAGES[stage];
  return [
    { id: 'day-temp', metric: 'airTemperature', condition: 'outside', low: 21, high: 27, recovery: 0.5, forMinutes: 30, keepFiringMinutes: 0, repeatMinutes: 60, severity: 'warning', active: 'day', scope: 'device' },
    { id: 'heat', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, forMinutes: 10, keepFiringMinutes: 0, repeatMinutes: 30, severity: 'critical', active: 'always', scope: 'device' },
    { id: 'night-temp', metric: 'airTemperature', condition: 'outside', low: s.nightMin, high: 20, recovery: 0.5, forMinutes: 30, keepFiringMinutes: 0, repeatMinutes: 60, severity: 'warning', active: 'night', scope: 'device' },
    { id: 'frost', metric: 'airTemperature', condition: 'below', threshold: 10, recovery: 11, forMinutes: 5, keepFiringMinutes: 0, repeatMinutes: 15, severity: 'critical', active: 'always', scope: 'device' },
    { id: 'humid', metric: 'airHumidity', condition: 'above', threshold: 85, recovery: 80, forMinutes: 120, keepFiringMinutes: 0, repeatMinutes: 120, severity: 'warning', active: 'always', scope: 'device' },
    { id: 'deficit', metric: 'humidityDeficit', condition: 'outside', low: 3, high: 6, recovery: 0.3, forMinutes: 60, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'info', active: 'day', scope: 'device' },
    { id: 'co2-high', metric: 'co2', condition: 'above', threshold: s.co2Max, recovery: s.co2Max - 100, forMinutes: 15, keepFiringMinutes: 0, repeatMinutes: 60, severity: 'warning', active: 'always', scope: 'device' },
    { id: 'co2-low', metric: 'co2', condition: 'below', threshold: 350, recovery: 380, forMinutes: 30, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'info', active: 'day', scope: 'device' },
    { id: 'soil-dry', metric: 'soilMoisture', condition: 'below', threshold: s.soilMin, recovery: s.soilMin + 3, forMinutes: 30, keepFiringMinutes: 0, repeatMinutes: 120, severity: 'warning', active: 'always', scope: 'device' },
    { id: 'soil-ec', metric: 'soilEC', condition: 'outside', low: s.ecLow, high: s.ecHigh, recovery: 0.1, forMinutes: 60, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device' },
    { id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 120, severity: 'warning', active: 'always', scope: 'device' },
  ];
}

/** A generic greenhouse: heat, frost, very humid, a sudden temperature jump, a silent sensor. */
export function greenhouseRules(): RawRule[] {
  return [
    { id: 'heat', metric: 'airTemperature', condition: 'above', threshold: 35, recovery: 33, forMinutes: 10, repeatMinutes: 30, severity: 'critical', active: 'always', scope: 'device' },
    { id: 'frost', metric: 'airTemperature', condition: 'below', threshold: 5, recovery: 6, forMinutes: 10, repeatMinutes: 30, severity: 'critical', active: 'always', scope: 'device' },
    { id: 'humid', metric: 'airHumidity', condition: 'above', threshold: 90, recovery: 85, forMinutes: 120, repeatMinutes: 120, severity: 'warning', active: 'always', scope: 'device' },
    { id: 'temp-jump', metric: 'airTemperature', condition: 'rate', threshold: 8, recovery: 5, forMinutes: 0, repeatMinutes: 0, severity: 'info', active: 'always', scope: 'device', rateWindowMinutes: 15 },
    { id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 120, severity: 'warning', active: 'always', scope: 'device' },
  ];
}
