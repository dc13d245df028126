// What the dashboard cards show in words, in the card's language, and how numbers, units and dates are written.
// The cards are built on the server (the browsers get finished texts), like the alert messages of lib/alerts.
import { getOwn } from '../util/own';

/** Languages a card can be shown in. */
export const CARD_LANGS = ['ja', 'en-US'] as const;
export type CardLang = typeof CARD_LANGS[number];

const TEXTS = {
  ja: {
    progress: '進捗', grade: '評価', target: '目標', ci: '信頼区間', noData: 'データ待ち', noAlerts: '警報はありません',
    ack: '確認', ackAll: 'すべて確認', close: '閉じる', fiscalYear: '年度',
    state: { firing: '発生中', pending: '様子見', acknowledged: '確認済み', nodata: 'データなし', resolved: '解消', snoozed: '一時停止', escalated: '未対応' },
    severity: { critical: '重大', warning: '警告', info: '情報' },
    units: { years: '年', persons: '人', companies: '社', count: '件', '%': '%', percent: '%' } as Record<string, string>,
  },
  'en-US': {
    progress: 'Progress', grade: 'Grade', target: 'target', ci: 'CI', noData: 'waiting for data', noAlerts: 'No alerts',
    ack: 'Acknowledge', ackAll: 'Acknowledge all', close: 'Close', fiscalYear: 'FY',
    state: { firing: 'firing', pending: 'pending', acknowledged: 'acknowledged', nodata: 'no data', resolved: 'resolved', snoozed: 'snoozed', escalated: 'escalated' },
    severity: { critical: 'critical', warning: 'warning', info: 'info' },
    units: { '%': '%', percent: '%' } as Record<string, string>,
  },
};

/** The fixed words of the cards in `lang`. */
export function textsFor(lang: CardLang): typeof TEXTS['ja'] {
  return TEXTS[lang] ?? TEXTS.ja;
}

/** Decimals that show about three significant digits (at most two after the point); whole numbers stay whole. */
export function autoDecimals(value: number): number {
  if (Number.isInteger(value)) return 0;
  const a = Math.abs(value);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

/** A number with thousands separators and a fixed number of decimals, as the language writes it. */
export function formatNumber(value: number, decimals: number, lang: CardLang): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .format(value);
}

/** A unit as a reader expects it next to the number ("years" → 年 in Japanese). */
export function unitText(unit: string | undefined, lang: CardLang): string {
  if (!unit) return '';
  return getOwn(textsFor(lang).units as Record<string, string>, unit) ?? unit;
}

/** Date (and time when `withTime`) of an instant in the given time zone, e.g. 2025/04/01 09:30. */
export function dateText(epochMs: number, timeZone: string, lang: CardLang, withTime = false): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const sep = lang === 'ja' ? '/' : '-';
  const date = `${parts.year}${sep}${parts.month}${sep}${parts.day}`;
  return withTime ? `${date} ${parts.hour}:${parts.minute}` : date;
}
