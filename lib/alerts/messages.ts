// Alert texts in Japanese and English: a state prefix plus the rule's own template or its condition's standard
// one. While an alert is open (firing, repeated, escalated, acknowledged, snoozed) the "firing" text is used;
// when it resolves, the "resolved" text, so that a recovery never reads as if the limit were still exceeded.
import { metricLabel, metricUnit } from '../metrics/catalog';
import { conditionDef } from './conditions';
import type { AlertRule } from './model';

export type Lang = 'ja' | 'en';
/** The language a node writes its alert texts in: the runtime's ("auto"), Japanese or English. */
export const NODE_LANGS = ['auto', 'ja', 'en-US'] as const;
/** What an event says happened. */
export const ALERT_STATES = ['pending', 'firing', 'resolved', 'acknowledged', 'nodata', 'snoozed', 'escalated'] as const;
export type AlertState = typeof ALERT_STATES[number];

const PREFIX: Record<Lang, Record<AlertState, string>> = {
  en: { pending: '[pending] ', firing: '[ALERT] ', resolved: '[resolved] ', acknowledged: '[acknowledged] ',
    nodata: '[no data] ', snoozed: '[snoozed] ', escalated: '[ESCALATED] ' },
  ja: { pending: '【様子見】', firing: '【警報】', resolved: '【復旧】', acknowledged: '【確認済み】', nodata: '【データ途絶】',
    snoozed: '【一時停止】', escalated: '【未対応】' },
};

/** What an event adds after the text: who acknowledged and why, how long a snooze lasts. */
const SUFFIX: Record<Lang, { ack: string; ackBy: string; comment: string; snooze: string }> = {
  en: { ack: ' (acknowledged', ackBy: ' by {by}', comment: ': {comment}', snooze: ' (no notifications until {until})' },
  ja: { ack: '（確認', ackBy: ': {by}', comment: '「{comment}」', snooze: '（{until}まで通知を止めます）' },
};

/** The display name of a metric in `lang` (the canonical name when it is not catalogued). */
export function metricName(metric: string, lang: Lang): string {
  return metric === '*' ? (lang === 'ja' ? 'センサー' : 'sensor') : metricLabel(metric, lang);
}

export interface MessageContext {
  device: string; site?: string; value: number | null; startValue: number | null; threshold: number | null;
  sinceText: string; comment?: string; by?: string; untilText?: string;
}

/** A number for a message: at most 2 decimals, '–' when there is none. */
export const fmt = (v: number | null | undefined): string =>
  (v === null || v === undefined || !Number.isFinite(v) ? '–' : String(Math.round(v * 100) / 100));

function bandText(low: number, high: number, unit: string, lang: Lang): string {
  const u = lang === 'ja' ? unit : unit ? ` ${unit}` : '';
  if (low === -Infinity) return lang === 'ja' ? `${fmt(high)}${u}以下` : ` ≤ ${fmt(high)}${u}`;
  if (high === Infinity) return lang === 'ja' ? `${fmt(low)}${u}以上` : ` ≥ ${fmt(low)}${u}`;
  return lang === 'ja' ? `${fmt(low)}〜${fmt(high)}${u}` : ` ${fmt(low)}–${fmt(high)}${u}`;
}

/** " while air temperature 9–21 °C" / "（気温 9〜21°C のとき）" for a rule with a gate; '' otherwise. */
function whileText(rule: AlertRule, lang: Lang): string {
  if (!rule.metric2 || (rule.low2 === -Infinity && rule.high2 === Infinity)) return '';
  const b = bandText(rule.low2, rule.high2, metricUnit(rule.metric2, lang), lang);
  return lang === 'ja' ? `（${metricName(rule.metric2, 'ja')}が${b}のとき）` : ` while ${metricName(rule.metric2, 'en')}${b}`;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? vars[k] : m));
}

/** Renders the alert text for a state in `lang` from the rule's own template or its condition's standard one. */
export function renderMessage(rule: AlertRule, state: AlertState, lang: Lang, c: MessageContext): string {
  const texts = conditionDef(rule.condition)!.texts[lang];
  const pick = (ja: string, en: string) => (lang === 'ja' ? ja || en : en || ja);
  const template = state === 'resolved' ? pick(rule.resolvedJa, rule.resolvedEn) || texts.resolved
    : pick(rule.messageJa, rule.messageEn) || texts.firing;
  const unit = rule.condition === 'nodata' ? '' : metricUnit(rule.metric, lang);
  const vars: Record<string, string> = {
    device: c.device, site: c.site ?? '', house: c.site ?? '', metric: metricName(rule.metric, lang), metricId: rule.metric,
    metric2: rule.metric2 ? metricName(rule.metric2, lang) : '', value: fmt(c.value), startValue: fmt(c.startValue),
    threshold: fmt(c.threshold), recovery: fmt(rule.recovery), low: fmt(rule.low), high: fmt(rule.high), unit,
    band: bandText(rule.low, rule.high, unit, lang), window: fmt(rule.windowHours), while: whileText(rule, lang),
    rule: rule.id, severity: rule.severity, state, since: c.sinceText, comment: c.comment ?? '', by: c.by ?? '',
    until: c.untilText ?? '',
  };
  let out = PREFIX[lang][state] + fill(template, vars);
  const s = SUFFIX[lang];
  if (state === 'acknowledged' && (c.by || c.comment)) {
    out += fill(s.ack + (c.by ? s.ackBy : '') + (c.comment ? s.comment : '') + (lang === 'ja' ? '）' : ')'), vars);
  }
  if (state === 'snoozed' && c.untilText) out += fill(s.snooze, vars);
  return out;
}
