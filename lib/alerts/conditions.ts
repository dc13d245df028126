// Alert conditions: each entry says which cells of a rule row it uses, how it reads and checks them, how a reading
// changes a device's signal (trigger / hold for hysteresis), and its standard texts when firing and when resolved.
// Adding a condition is one entry here plus its labels in the two catalogs (CONTRIBUTING "Add an alert condition");
// the schema, the editor dialog and the engine pick it up from CONDITIONS.
import { bad, band, num, positive, type RawRule } from './fields';
import type { AlertRule, Signal } from './model';

/** What a condition sees of the reading besides its own metric's value. */
export interface EvalContext {
  payload: Record<string, unknown>;
  /** the rule's second metric is inside [low2, high2] (true when the rule has none) */
  gate: boolean;
  /** how long one sample may stand for (the engine's staleMinutes), ms */
  staleMs: number;
}

/** Texts with {placeholders} (see ./messages): one while the alert is open, one when it resolves. */
export interface ConditionTexts { firing: string; resolved: string }

export interface ConditionDef {
  /** the editor columns this condition uses besides metric (the dialog shows only these) */
  fields: readonly string[];
  /** reads and checks this condition's own cells of row `row`; the common ones are read by parseRule */
  parse(raw: RawRule, row: number): Partial<AlertRule>;
  /**
   * A stateless threshold says it as bands instead: [fires below, fires above, holds below, holds above, limit
   * reported below, limit reported above] (±Infinity for no side). Such rules are compiled into the fast path and
   * stepped without `evaluate`; `evaluate` must agree with the bands.
   */
  bands?(rule: AlertRule): Bands;
  /** updates the signal for value `v` at `t`; false when there is nothing to judge yet */
  evaluate(rule: AlertRule, sig: Signal, v: number, t: number, c: EvalContext): boolean;
  /** the limit an event reports as `threshold` */
  bound(rule: AlertRule, v: number | null | undefined): number | null;
  /** raised by the engine's timer when readings stop (no per-reading evaluation) */
  timer?: boolean;
  texts: { ja: ConditionTexts; en: ConditionTexts };
}

/** See ConditionDef.bands. */
export type Bands = [number, number, number, number, number, number];

const GATE = ['metric2', 'low2', 'high2'] as const;

/** recovery must not be on the triggering side of `threshold` (upward: above it; downward: below it). */
function recoveryOf(raw: RawRule, row: number, threshold: number, upward: boolean): number | null {
  const recovery = num(raw, 'recovery', row, false);
  if (recovery !== null && (upward ? recovery > threshold : recovery < threshold)) {
    throw bad(upward ? 'ruleRecoveryAbove' : 'ruleRecoveryBelow', row, 'recovery', { threshold },
      upward ? 'recovery must not be above the threshold' : 'recovery must not be below the threshold');
  }
  return recovery;
}

const level = (upward: boolean) => (raw: RawRule, row: number): Partial<AlertRule> => {
  const threshold = num(raw, 'threshold', row, true) as number;
  return { threshold, recovery: recoveryOf(raw, row, threshold, upward) };
};

export const CONDITION_DEFS = {
  above: {
    fields: ['threshold', 'recovery', ...GATE],
    parse: level(true),
    bands: (r) => [-Infinity, r.threshold, -Infinity, r.recovery ?? r.threshold, r.threshold, r.threshold],
    evaluate(r, s, v, _t, c) {
      s.v = v;
      s.trig = c.gate && v > r.threshold;
      s.hold = c.gate && v > (r.recovery ?? r.threshold);
      return true;
    },
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}が{threshold}{unit}を超えています（現在 {value}{unit}）{while}',
        resolved: '{device}: {metric}は{value}{unit}に戻りました（{threshold}{unit}超えは{since}から）' },
      en: { firing: '{device}: {metric} {value} {unit} is above {threshold} {unit}{while}',
        resolved: '{device}: {metric} is back to {value} {unit} (above {threshold} {unit} since {since})' },
    },
  },
  below: {
    fields: ['threshold', 'recovery', ...GATE],
    parse: level(false),
    bands: (r) => [r.threshold, Infinity, r.recovery ?? r.threshold, Infinity, r.threshold, r.threshold],
    evaluate(r, s, v, _t, c) {
      s.v = v;
      s.trig = c.gate && v < r.threshold;
      s.hold = c.gate && v < (r.recovery ?? r.threshold);
      return true;
    },
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}が{threshold}{unit}を下回っています（現在 {value}{unit}）{while}',
        resolved: '{device}: {metric}は{value}{unit}に戻りました（{threshold}{unit}未満は{since}から）' },
      en: { firing: '{device}: {metric} {value} {unit} is below {threshold} {unit}{while}',
        resolved: '{device}: {metric} is back to {value} {unit} (below {threshold} {unit} since {since})' },
    },
  },
  outside: {
    fields: ['low', 'high', 'recovery', ...GATE],
    parse(raw, row) {
      const low = num(raw, 'low', row, true) as number;
      const high = num(raw, 'high', row, true) as number;
      if (!(low < high)) throw bad('ruleBand', row, 'high', {}, 'high must be greater than low');
      const recovery = num(raw, 'recovery', row, false);
      if (recovery !== null && (recovery < 0 || recovery * 2 >= high - low)) {
        throw bad('ruleMargin', row, 'recovery', {}, 'the margin must be ≥ 0 and less than half the band');
      }
      return { low, high, recovery };
    },
    bands: (r) => [r.low, r.high, r.low + (r.recovery ?? 0), r.high - (r.recovery ?? 0), r.low, r.high],
    evaluate(r, s, v, _t, c) {
      const m = r.recovery ?? 0;
      s.v = v;
      s.trig = c.gate && (v < r.low || v > r.high);
      s.hold = c.gate && (v < r.low + m || v > r.high - m);
      return true;
    },
    bound: (r, v) => (typeof v === 'number' && v < r.low ? r.low : r.high),
    texts: {
      ja: { firing: '{device}: {metric}が{low}〜{high}{unit}の範囲外です（現在 {value}{unit}）{while}',
        resolved: '{device}: {metric}は{value}{unit}で{low}〜{high}{unit}の範囲に戻りました（{since}から範囲外）' },
      en: { firing: '{device}: {metric} {value} {unit} is outside {low}–{high} {unit}{while}',
        resolved: '{device}: {metric} is back inside {low}–{high} {unit} at {value} {unit} (outside since {since})' },
    },
  },
  rate: {
    fields: ['threshold', 'recovery', 'rateWindowMinutes', ...GATE],
    parse(raw, row) {
      const threshold = num(raw, 'threshold', row, true) as number;
      if (threshold === 0) throw bad('ruleNonZero', row, 'threshold', {}, 'a rate limit cannot be 0');
      return { threshold, recovery: recoveryOf(raw, row, threshold, threshold > 0),
        rateWindowMinutes: positive(raw, 'rateWindowMinutes', row, 10) };
    },
    // rate per hour over at least rateWindowMinutes (positive: rising faster than, negative: falling faster than)
    evaluate(r, s, v, t, c) {
      if (s.refT === undefined || s.refV === undefined || t < s.refT) { s.refT = t; s.refV = v; return false; }
      if (t - s.refT >= r.rateWindowMinutes * 60000) {
        s.rate = ((v - s.refV) / (t - s.refT)) * 3600000;
        s.refT = t;
        s.refV = v;
      }
      if (s.rate === undefined || s.rate === null) return false;
      const rec = r.recovery ?? r.threshold;
      s.v = s.rate;
      s.trig = c.gate && (r.threshold > 0 ? s.rate > r.threshold : s.rate < r.threshold);
      s.hold = c.gate && (r.threshold > 0 ? s.rate > rec : s.rate < rec);
      return true;
    },
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}の変化が急です（1時間あたり {value}{unit}、基準 {threshold}{unit}）{while}',
        resolved: '{device}: {metric}の変化は落ち着きました（1時間あたり {value}{unit}、基準 {threshold}{unit}）' },
      en: { firing: '{device}: {metric} changes by {value} {unit}/h (limit {threshold} {unit}/h){while}',
        resolved: '{device}: {metric} changes at {value} {unit}/h again (limit {threshold} {unit}/h)' },
    },
  },
  nodata: {
    fields: ['threshold'],
    parse(raw, row) {
      const threshold = num(raw, 'threshold', row, true) as number;
      if (!(threshold > 0)) throw bad('rulePositive', row, 'threshold', {}, 'minutes must be > 0');
      return { threshold };
    },
    timer: true,
    evaluate: () => false,
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}のデータが{threshold}分間届いていません（最後は{since}）',
        resolved: '{device}: {metric}のデータがまた届いています（{since}から途絶えていました）' },
      en: { firing: '{device}: no {metric} data for {threshold} min (last at {since})',
        resolved: '{device}: {metric} data arrives again (silent since {since})' },
    },
  },
  duration: {
    // "N hours of RH ≥ 90 % within 9–21 °C in the last 24 h": time in band inside a sliding window, each sample
    // standing until the next one (at most staleMinutes), as disease-risk models count wet hours
    fields: ['low', 'high', 'threshold', 'recovery', 'windowHours', ...GATE],
    parse(raw, row) {
      const { low, high } = band(raw, 'low', 'high', row);
      if (low === -Infinity && high === Infinity) throw bad('ruleRequired', row, 'low', {}, 'give low, high or both');
      const windowHours = positive(raw, 'windowHours', row, 24);
      const threshold = num(raw, 'threshold', row, true) as number;
      if (!(threshold > 0 && threshold <= windowHours)) {
        throw bad('ruleHours', row, 'threshold', { window: windowHours }, 'hours must be more than 0 and at most the window');
      }
      return { low, high, threshold, windowHours, recovery: recoveryOf(raw, row, threshold, true) };
    },
    evaluate(r, s, v, t, c) {
      if (s.lt !== undefined && t < s.lt) return false;
      const iv = (s.iv ??= []);
      if (s.lt !== undefined && s.lin && t > s.lt) {
        const end = Math.min(t, s.lt + c.staleMs);
        if (iv.length > 0 && iv[iv.length - 1] === s.lt) iv[iv.length - 1] = end;
        else iv.push(s.lt, end);
      }
      s.lt = t;
      s.lin = c.gate && v >= r.low && v <= r.high;
      const from = t - r.windowHours * 3600000;
      let k = 0;
      while (k < iv.length && iv[k + 1] <= from) k += 2;
      if (k > 0) iv.splice(0, k);
      if (iv.length > 0 && iv[0] < from) iv[0] = from;
      let ms = 0;
      for (let j = 0; j < iv.length; j += 2) ms += iv[j + 1] - iv[j];
      const hours = ms / 3600000;
      s.v = Math.round(hours * 100) / 100;
      s.trig = hours >= r.threshold;
      s.hold = hours >= (r.recovery ?? r.threshold);
      return true;
    },
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}{band}{while}が直近{window}時間のうち{value}時間ありました（基準 {threshold}時間）',
        resolved: '{device}: {metric}{band}{while}は直近{window}時間のうち{value}時間に減りました（基準 {threshold}時間）' },
      en: { firing: '{device}: {metric}{band}{while} for {value} h of the last {window} h (limit {threshold} h)',
        resolved: '{device}: {metric}{band}{while} for {value} h of the last {window} h, under {threshold} h again' },
    },
  },
  margin: {
    // "air temperature less than 2 °C above the dew point": the difference of two metrics of the reading
    fields: ['metric2', 'threshold', 'recovery'],
    parse(raw, row) {
      const metric2 = typeof raw.metric2 === 'string' ? raw.metric2.trim() : '';
      if (!metric2) throw bad('ruleRequired', row, 'metric2', {}, 'the metric to subtract is required');
      const threshold = num(raw, 'threshold', row, true) as number;
      return { metric2, threshold, recovery: recoveryOf(raw, row, threshold, false) };
    },
    evaluate(r, s, v, _t, c) {
      const w = c.payload[r.metric2];
      if (typeof w === 'number' && Number.isFinite(w)) s.g2 = w;
      if (s.g2 === undefined) return false;
      const d = v - s.g2;
      s.v = d;
      s.trig = d < r.threshold;
      s.hold = d < (r.recovery ?? r.threshold);
      return true;
    },
    bound: (r) => r.threshold,
    texts: {
      ja: { firing: '{device}: {metric}と{metric2}の差が{value}{unit}しかありません（基準 {threshold}{unit}）',
        resolved: '{device}: {metric}と{metric2}の差が{value}{unit}に戻りました（基準 {threshold}{unit}）' },
      en: { firing: '{device}: {metric} is only {value} {unit} above {metric2} (limit {threshold} {unit})',
        resolved: '{device}: {metric} is {value} {unit} above {metric2} again (limit {threshold} {unit})' },
    },
  },
} satisfies Record<string, ConditionDef>;

/** A condition's name. */
export type Condition = keyof typeof CONDITION_DEFS;

/** The conditions a rule can use, in the order the editor lists them. */
export const CONDITIONS = Object.keys(CONDITION_DEFS) as Condition[];

/** The definition of a condition (undefined for an unknown name). */
export function conditionDef(name: string): ConditionDef | undefined {
  return Object.hasOwn(CONDITION_DEFS, name) ? (CONDITION_DEFS as Record<string, ConditionDef>)[name] : undefined;
}

/** The editor columns each condition uses (JSON, for the dialog). */
export const CONDITION_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CONDITION_DEFS as Record<string, ConditionDef>).map(([k, d]) => [k, d.fields]));

/** Reads the optional gate: a second metric that must be inside [low2, high2] for the condition to count. */
export function gateOf(raw: RawRule, row: number): Pick<AlertRule, 'metric2' | 'low2' | 'high2'> {
  const metric2 = typeof raw.metric2 === 'string' ? raw.metric2.trim() : '';
  const { low, high } = band(raw, 'low2', 'high2', row);
  if (!metric2 && (low !== -Infinity || high !== Infinity)) throw bad('ruleRequired', row, 'metric2', {}, 'the band needs a metric');
  if (metric2 && low === -Infinity && high === Infinity) throw bad('ruleRequired', row, 'low2', {}, 'give low2, high2 or both');
  return { metric2, low2: low, high2: high };
}
