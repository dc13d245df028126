// Alert message texts in Japanese and English: a state prefix plus the rule's template (or a default one).
import { METRIC_UNITS } from '../metrics';
import type { AlertRule, Condition } from './rules';

export type Lang = 'ja' | 'en';
export type AlertState = 'pending' | 'firing' | 'resolved' | 'acknowledged' | 'nodata';

const PREFIX: Record<Lang, Record<AlertState, string>> = {
  en: { pending: '[pending] ', firing: '[ALERT] ', resolved: '[resolved] ', acknowledged: '[acknowledged] ', nodata: '[no data] ' },
  ja: { pending: '【様子見】', firing: '【警報】', resolved: '【復旧】', acknowledged: '【確認済み】', nodata: '【データ途絶】' },
};

const DEFAULTS: Record<Lang, Record<Condition, string>> = {
  en: {
    above: '{device}: {metric} {value} {unit} is above {threshold} {unit}',
    below: '{device}: {metric} {value} {unit} is below {threshold} {unit}',
    outside: '{device}: {metric} {value} {unit} is outside {low}–{high} {unit}',
    rate: '{device}: {metric} changes by {value} {unit}/h (limit {threshold} {unit}/h)',
    nodata: '{device}: no {metric} data for {threshold} min',
  },
  ja: {
    above: '{device}: {metric}が{threshold}{unit}を超えています（現在 {value}{unit}）',
    below: '{device}: {metric}が{threshold}{unit}を下回っています（現在 {value}{unit}）',
    outside: '{device}: {metric}が{low}〜{high}{unit}の範囲外です（現在 {value}{unit}）',
    rate: '{device}: {metric}の変化が急です（1時間あたり {value}{unit}、基準 {threshold}{unit}）',
    nodata: '{device}: {metric}のデータが{threshold}分間届いていません',
  },
};

const NAMES: Record<Lang, Record<string, string>> = {
  en: {
    airTemperature: 'air temperature', airHumidity: 'humidity', co2: 'CO2', humidityDeficit: 'humidity deficit',
    vpd: 'VPD', dewPoint: 'dew point', absoluteHumidity: 'absolute humidity', soilMoisture: 'soil moisture',
    soilEC: 'soil EC', soilTemperature: 'soil temperature', soilPH: 'soil pH', solarRadiation: 'solar radiation',
    ppfd: 'PPFD', leafWetness: 'leaf wetness', batteryVoltage: 'battery', '*': 'sensor',
  },
  ja: {
    airTemperature: '気温', airHumidity: '湿度', co2: 'CO2濃度', humidityDeficit: '飽差', vpd: 'VPD', dewPoint: '露点',
    absoluteHumidity: '絶対湿度', soilMoisture: '土壌水分', soilEC: '土壌EC', soilTemperature: '地温', soilPH: '土壌pH',
    solarRadiation: '日射量', ppfd: '光量子束密度', leafWetness: '葉の濡れ', batteryVoltage: '電池電圧', '*': 'センサー',
  },
};

/** The display name of a metric in `lang` (the canonical name when there is none). */
export function metricName(metric: string, lang: Lang): string {
  return NAMES[lang][metric] ?? metric;
}

export interface MessageContext {
  device: string; house?: string; value: number | null; threshold: number | null; since: number;
  sinceText: string;
}

const fmt = (v: number | null): string => (v === null || v === undefined ? '–' : String(Math.round(v * 100) / 100));

/** Renders the alert text for a state in `lang` from the rule's own template or the default one. */
export function renderMessage(rule: AlertRule, state: AlertState, lang: Lang, c: MessageContext): string {
  const own = lang === 'ja' ? rule.messageJa || rule.messageEn : rule.messageEn || rule.messageJa;
  const template = own || DEFAULTS[lang][rule.condition];
  const unit = rule.condition === 'nodata' ? '' : ((METRIC_UNITS as Record<string, string>)[rule.metric] ?? '');
  const vars: Record<string, string> = {
    device: c.device, house: c.house ?? '', metric: metricName(rule.metric, lang), metricId: rule.metric,
    value: fmt(c.value), threshold: fmt(c.threshold), low: fmt(rule.low), high: fmt(rule.high), unit,
    rule: rule.id, severity: rule.severity, state, since: c.sinceText,
  };
  return PREFIX[lang][state] + template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? vars[k] : m));
}
