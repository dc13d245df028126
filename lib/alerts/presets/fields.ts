// Presets for the city's other fields. Every threshold names its published source in docs/alerts.md ("Presets and
// their sources"); where a source gives the level but not a duration, the "for" minutes are starting values the
// docs say so. Messages are written per rule so that they name the level (e.g. 氾濫注意水位) both when it is
// crossed and when the value is back.
import type { RawRule } from '../fields';

const rule = (r: RawRule): RawRule => ({ keepFiringMinutes: 0, repeatMinutes: 0, active: 'always', scope: 'device', ...r });

/**
 * Soil (open field, a volumetric probe in loam; FAO-56 Table 19 and 22, FAO 29 Table 4, Harrington 1954):
 * irrigate below θFC − p·(θFC − θWP) = 0.25 − 0.4 × 0.13 ≈ 20 %, waterlogged when wetter than field capacity for
 * 2 days, salinity above the tomato ECe threshold 2.5 dS/m, soil too cold below 10 °C for warm-season crops.
 */
export function soilRules(): RawRule[] {
  return [
    rule({ id: 'dry', metric: 'soilMoisture', condition: 'below', threshold: 20, recovery: 22, forMinutes: 60, severity: 'warning',
      messageJa: '{device}: 土壌水分が{value}%です。かん水の目安（{threshold}%）を下回りました', messageEn: '{device}: soil moisture {value} %: below the irrigation point ({threshold} %)',
      resolvedJa: '{device}: 土壌水分が{value}%に戻りました', resolvedEn: '{device}: soil moisture back to {value} %' }),
    rule({ id: 'wet', metric: 'soilMoisture', condition: 'above', threshold: 25, recovery: 24, forMinutes: 2880, severity: 'info',
      messageJa: '{device}: 2日たっても土壌水分が{value}%で、ほ場容水量（{threshold}%）より湿っています。排水を確認してください',
      messageEn: '{device}: soil moisture still {value} % after 2 days, wetter than field capacity ({threshold} %): check the drainage',
      resolvedJa: '{device}: 土壌水分が{value}%まで下がりました', resolvedEn: '{device}: soil moisture down to {value} %' }),
    rule({ id: 'salty', metric: 'soilEC', condition: 'above', threshold: 2.5, recovery: 2.3, forMinutes: 360, severity: 'warning' }),
    rule({ id: 'cold', metric: 'soilTemperature', condition: 'below', threshold: 10, recovery: 11, forMinutes: 120, severity: 'info' }),
    rule({ id: 'no-data', metric: '*', condition: 'nodata', threshold: 60, repeatMinutes: 240, severity: 'warning' }),
  ];
}

const LEVELS = [
  // the four water levels every Japanese river gauge has (水防法; values: an example station, see the docs)
  { id: 'standby', ja: '水防団待機水位', en: 'flood-fighting standby level', level: 1.3, severity: 'info' },
  { id: 'caution', ja: '氾濫注意水位（警戒レベル2相当）', en: 'flood caution level (alert level 2)', level: 1.7, severity: 'warning' },
  { id: 'evacuate', ja: '避難判断水位（警戒レベル3相当）', en: 'evacuation decision level (alert level 3)', level: 2.0, severity: 'critical' },
  { id: 'danger', ja: '氾濫危険水位（警戒レベル4相当）', en: 'flood danger level (alert level 4)', level: 2.1, severity: 'critical' },
];

/** River level at one gauge: the four official levels (set your station's values) and a silent gauge. */
export function riverRules(): RawRule[] {
  return [
    ...LEVELS.map((l) => rule({ id: l.id, metric: 'waterLevel', condition: 'above', threshold: l.level, recovery: Math.round((l.level - 0.05) * 100) / 100,
      severity: l.severity, repeatMinutes: l.severity === 'critical' ? 30 : 0,
      messageJa: `{device}: 水位 {value}m。${l.ja} {threshold}m を超えています`,
      messageEn: `{device}: water level {value} m, above the ${l.en} of {threshold} m`,
      resolvedJa: `{device}: 水位 {value}m。${l.ja} {threshold}m を下回りました`,
      resolvedEn: `{device}: water level {value} m, back below the ${l.en} of {threshold} m` })),
    rule({ id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 60, severity: 'warning' }),
  ];
}

/**
 * Indoor air of a public building: CO2 1000 ppm (建築物環境衛生管理基準) and 1500 ppm (学校環境衛生基準),
 * temperature 18–28 °C and humidity 40–70 % (建築物環境衛生管理基準), PM2.5 85 µg/m³ (the Ministry of the
 * Environment's morning criterion for its 70 µg/m³ daily-mean advisory).
 */
export function airRules(): RawRule[] {
  return [
    rule({ id: 'co2', metric: 'co2', condition: 'above', threshold: 1000, recovery: 900, forMinutes: 10, repeatMinutes: 60, severity: 'warning' }),
    rule({ id: 'co2-school', metric: 'co2', condition: 'above', threshold: 1500, recovery: 1400, forMinutes: 10, repeatMinutes: 30, severity: 'critical' }),
    rule({ id: 'temperature', metric: 'airTemperature', condition: 'outside', low: 18, high: 28, recovery: 0.5, forMinutes: 30, severity: 'info' }),
    rule({ id: 'humidity', metric: 'airHumidity', condition: 'outside', low: 40, high: 70, recovery: 2, forMinutes: 60, severity: 'info' }),
    rule({ id: 'pm25', metric: 'pm25', condition: 'above', threshold: 85, recovery: 70, forMinutes: 60, severity: 'warning' }),
    rule({ id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 120, severity: 'warning' }),
  ];
}

const WBGT = [
  { id: 'wbgt-warning', level: 25, severity: 'info', ja: '警戒', en: 'warning' },
  { id: 'wbgt-severe', level: 28, severity: 'warning', ja: '厳重警戒', en: 'severe warning' },
  { id: 'wbgt-danger', level: 31, severity: 'critical', ja: '危険', en: 'danger' },
];

/** Heat stroke: WBGT in the bands of 日常生活における熱中症予防指針 (25 警戒, 28 厳重警戒, 31 危険). */
export function heatRules(): RawRule[] {
  return [
    ...WBGT.map((w) => rule({ id: w.id, metric: 'wbgt', condition: 'above', threshold: w.level, recovery: w.level - 1, forMinutes: 10,
      repeatMinutes: w.severity === 'critical' ? 60 : 0, severity: w.severity,
      messageJa: `{device}: 暑さ指数 {value}℃。「${w.ja}」（{threshold}℃以上）です`,
      messageEn: `{device}: WBGT {value} °C, "${w.en}" ({threshold} °C and above)`,
      resolvedJa: `{device}: 暑さ指数 {value}℃。「${w.ja}」の水準を下回りました`,
      resolvedEn: `{device}: WBGT {value} °C, below the "${w.en}" band again` })),
    rule({ id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 120, severity: 'warning' }),
  ];
}

/** Visitors: occupancy against the venue's legal capacity (収容人員 = 100 %), an early warning at 90 %, a silent counter. */
export function visitorRules(): RawRule[] {
  return [
    rule({ id: 'crowded', metric: 'occupancyRate', condition: 'above', threshold: 90, recovery: 85, forMinutes: 5, severity: 'warning',
      messageJa: '{device}: 混雑率 {value}%。定員の{threshold}%を超えました', messageEn: '{device}: occupancy {value} %, above {threshold} % of the capacity',
      resolvedJa: '{device}: 混雑率 {value}%に下がりました', resolvedEn: '{device}: occupancy down to {value} %' }),
    rule({ id: 'full', metric: 'occupancyRate', condition: 'above', threshold: 100, recovery: 95, forMinutes: 0, repeatMinutes: 15, severity: 'critical',
      messageJa: '{device}: 混雑率 {value}%。定員（収容人員）を超えています', messageEn: '{device}: occupancy {value} %: over the capacity',
      resolvedJa: '{device}: 混雑率 {value}%。定員内に戻りました', resolvedEn: '{device}: occupancy {value} %: within the capacity again' }),
    rule({ id: 'counter-silent', metric: '*', condition: 'nodata', threshold: 60, repeatMinutes: 240, severity: 'warning' }),
  ];
}
