// The metric catalogue: for every canonical metric name its field (what kind of use case it belongs to), its
// Japanese and English label and its unit, so that rule tables, messages and dialogs can suggest and say the same
// words in every field the city works in, not only agriculture. Units come from METRIC_UNITS (one place); a
// count has no symbol, so its unit is a word per language here.
import { METRIC_UNITS } from './index';
import { getOwn } from '../util/own';

/** The fields (kinds of use case) metrics are grouped by in the editor's suggestions. */
export const METRIC_FIELDS = ['climate', 'greenhouse', 'soil', 'water', 'air', 'heat', 'people', 'device'] as const;
export type MetricField = typeof METRIC_FIELDS[number];

export interface MetricInfo {
  field: MetricField;
  ja: string;
  en: string;
  /** the unit symbol (METRIC_UNITS), or a word per language for counts */
  unit: string;
  unitJa?: string;
  unitEn?: string;
}

type Entry = [field: MetricField, ja: string, en: string, unitJa?: string, unitEn?: string];

const ENTRIES: Record<string, Entry> = {
  airTemperature: ['climate', '気温', 'air temperature'],
  airHumidity: ['climate', '湿度', 'humidity'],
  airPressure: ['climate', '気圧', 'air pressure'],
  illuminance: ['climate', '照度', 'illuminance'],
  solarRadiation: ['climate', '日射量', 'solar radiation'],
  windSpeed: ['climate', '風速', 'wind speed'],
  windDirection: ['climate', '風向', 'wind direction'],
  rainfall: ['climate', '降水量', 'rainfall'],
  dewPoint: ['climate', '露点', 'dew point'],
  co2: ['greenhouse', 'CO2濃度', 'CO2'],
  ppfd: ['greenhouse', '光量子束密度', 'PPFD'],
  vpd: ['greenhouse', 'VPD', 'VPD'],
  humidityDeficit: ['greenhouse', '飽差', 'humidity deficit'],
  absoluteHumidity: ['greenhouse', '絶対湿度', 'absolute humidity'],
  leafWetness: ['greenhouse', '葉の濡れ', 'leaf wetness'],
  leafTemperature: ['greenhouse', '葉温', 'leaf temperature'],
  fruitTemperature: ['greenhouse', '果実温度', 'fruit temperature'],
  gdd: ['greenhouse', '積算温度', 'degree days'],
  soilMoisture: ['soil', '土壌水分', 'soil moisture'],
  soilTemperature: ['soil', '地温', 'soil temperature'],
  soilEC: ['soil', '土壌EC', 'soil EC'],
  soilPH: ['soil', '土壌pH', 'soil pH'],
  waterLevel: ['water', '水位', 'water level'],
  waterDepth: ['water', '水深', 'water depth'],
  waterTemperature: ['water', '水温', 'water temperature'],
  pm25: ['air', 'PM2.5', 'PM2.5'],
  pm10: ['air', 'PM10', 'PM10'],
  tvoc: ['air', '総揮発性有機化合物', 'TVOC'],
  soundLevel: ['air', '騒音レベル', 'sound level'],
  wbgt: ['heat', '暑さ指数 (WBGT)', 'WBGT'],
  visitorCount: ['people', '来場者数', 'visitors', '人', 'people'],
  occupancyRate: ['people', '混雑率', 'occupancy'],
  batteryVoltage: ['device', '電池電圧', 'battery'],
  batteryPercent: ['device', '電池残量', 'battery level'],
};

const UNITS = METRIC_UNITS as Record<string, string>;

/** Every catalogued metric with its field, labels and unit (JSON: also handed to the editor). */
export const METRIC_CATALOG: Readonly<Record<string, MetricInfo>> = Object.freeze(Object.fromEntries(
  Object.entries(ENTRIES).map(([name, [field, ja, en, unitJa, unitEn]]) => [name,
    { field, ja, en, unit: UNITS[name] ?? '', ...(unitJa ? { unitJa } : {}), ...(unitEn ? { unitEn } : {}) }]),
));

/** The label of a metric in `lang` ('ja' or 'en'); the canonical name itself when it is not catalogued. */
export function metricLabel(name: string, lang: 'ja' | 'en'): string {
  const info = Object.hasOwn(METRIC_CATALOG, name) ? METRIC_CATALOG[name] : undefined;
  return info ? info[lang] : name;
}

/** The unit of a metric as written in `lang` (a symbol such as °C, or a word for counts); '' when unknown. */
export function metricUnit(name: string, lang: 'ja' | 'en'): string {
  const info = Object.hasOwn(METRIC_CATALOG, name) ? METRIC_CATALOG[name] : undefined;
  if (!info) return getOwn(UNITS, name) ?? '';
  return (lang === 'ja' ? info.unitJa : info.unitEn) ?? info.unit;
}
