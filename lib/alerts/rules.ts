// Alert rule table: types, defaults and validation. A bad row is refused naming its row (1-based) and field.
import { CivicError } from '../errors';

export type Condition = 'above' | 'below' | 'outside' | 'rate' | 'nodata';
export type Severity = 'info' | 'warning' | 'critical';
export type ActivePeriod = 'always' | 'day' | 'night' | 'window';
export type Scope = 'device' | 'house';

export const CONDITIONS: Condition[] = ['above', 'below', 'outside', 'rate', 'nodata'];
export const SEVERITIES: Severity[] = ['info', 'warning', 'critical'];
export const ACTIVE_PERIODS: ActivePeriod[] = ['always', 'day', 'night', 'window'];
export const SCOPES: Scope[] = ['device', 'house'];

/** One validated rule. Durations in minutes. */
export interface AlertRule {
  id: string;
  /** canonical metric name; '*' for a no-data rule means any reading of the device */
  metric: string;
  condition: Condition;
  /** above/below: the limit; rate: change per hour (positive = rising faster than, negative = falling faster than);
   *  nodata: minutes without data */
  threshold: number;
  /** outside: the band */
  low: number;
  high: number;
  /** above/below/rate: level at which a firing alert recovers (hysteresis); outside: margin inside the band */
  recovery: number | null;
  forMinutes: number;
  keepFiringMinutes: number;
  repeatMinutes: number;
  /** rate: minutes between the two samples compared */
  rateWindowMinutes: number;
  severity: Severity;
  messageJa: string;
  messageEn: string;
  active: ActivePeriod;
  /** window: local "HH:MM" start and end (may wrap midnight) */
  from: string;
  to: string;
  scope: Scope;
}

/** A row as the editor stores it: numbers may be strings, empty strings mean "not set". */
export type RawRule = Partial<Record<keyof AlertRule, unknown>> & Record<string, unknown>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function bad(key: string, row: number, field: string, extra: Record<string, string | number> = {}, english = ''): CivicError {
  return new CivicError(`civic-alert.errors.${key}`, { row, field, ...extra },
    `rule ${row}, ${field}: ${english || key}`);
}

function num(raw: RawRule, field: string, row: number, required: boolean, fallback: number | null = null): number | null {
  const v = raw[field];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw bad('ruleRequired', row, field, {}, 'a number is required');
    return fallback;
  }
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw bad('ruleNumber', row, field, { got: String(v) }, `not a number: ${String(v)}`);
  return n;
}

function nonNegative(raw: RawRule, field: string, row: number, fallback: number): number {
  const n = num(raw, field, row, false, fallback) as number;
  if (n < 0) throw bad('ruleNegative', row, field, {}, 'must be 0 or more');
  return n;
}

function oneOf<T extends string>(raw: RawRule, field: string, row: number, allowed: T[], fallback: T): T {
  const v = raw[field];
  if (v === undefined || v === null || v === '') return fallback;
  if (!allowed.includes(v as T)) throw bad('ruleEnum', row, field, { allowed: allowed.join(', '), got: String(v) }, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function text(raw: RawRule, field: string): string {
  const v = raw[field];
  return v === undefined || v === null ? '' : String(v);
}

/** Validates one editor row (1-based `row` for messages) into a rule with defaults filled in. */
export function parseRule(raw: RawRule, row: number): AlertRule {
  if (!raw || typeof raw !== 'object') throw bad('ruleRequired', row, 'metric', {}, 'empty row');
  const condition = oneOf(raw, 'condition', row, CONDITIONS, 'above');
  const metric = text(raw, 'metric').trim();
  if (!metric) throw bad('ruleRequired', row, 'metric', {}, 'a metric is required');
  if (metric === '*' && condition !== 'nodata') throw bad('ruleWildcard', row, 'metric', {}, "'*' only for no-data rules");
  let threshold = 0;
  let low = 0;
  let high = 0;
  let recovery: number | null = null;
  if (condition === 'outside') {
    low = num(raw, 'low', row, true) as number;
    high = num(raw, 'high', row, true) as number;
    if (!(low < high)) throw bad('ruleBand', row, 'high', {}, 'high must be greater than low');
    recovery = num(raw, 'recovery', row, false);
    if (recovery !== null && (recovery < 0 || recovery * 2 >= high - low)) {
      throw bad('ruleMargin', row, 'recovery', {}, 'the margin must be ≥ 0 and less than half the band');
    }
  } else {
    threshold = num(raw, 'threshold', row, true) as number;
    if (condition === 'nodata' && !(threshold > 0)) throw bad('rulePositive', row, 'threshold', {}, 'minutes must be > 0');
    if (condition === 'rate' && threshold === 0) throw bad('ruleNonZero', row, 'threshold', {}, 'a rate limit cannot be 0');
    if (condition !== 'nodata') recovery = num(raw, 'recovery', row, false);
    if (recovery !== null) {
      const upward = condition === 'above' || (condition === 'rate' && threshold > 0);
      if (upward ? recovery > threshold : recovery < threshold) {
        throw bad(upward ? 'ruleRecoveryAbove' : 'ruleRecoveryBelow', row, 'recovery', { threshold },
          upward ? 'recovery must not be above the threshold' : 'recovery must not be below the threshold');
      }
    }
  }
  const active = oneOf(raw, 'active', row, ACTIVE_PERIODS, 'always');
  const from = text(raw, 'from').trim();
  const to = text(raw, 'to').trim();
  if (active === 'window') {
    if (!TIME.test(from)) throw bad('ruleTime', row, 'from', { got: from }, 'use HH:MM');
    if (!TIME.test(to)) throw bad('ruleTime', row, 'to', { got: to }, 'use HH:MM');
  }
  const rateWindow = nonNegative(raw, 'rateWindowMinutes', row, 10);
  if (condition === 'rate' && rateWindow <= 0) throw bad('rulePositive', row, 'rateWindowMinutes', {}, 'must be > 0');
  return {
    id: text(raw, 'id').trim() || `rule-${row}`,
    metric, condition, threshold, low, high, recovery,
    forMinutes: nonNegative(raw, 'forMinutes', row, 0),
    keepFiringMinutes: nonNegative(raw, 'keepFiringMinutes', row, 0),
    repeatMinutes: nonNegative(raw, 'repeatMinutes', row, 0),
    rateWindowMinutes: rateWindow,
    severity: oneOf(raw, 'severity', row, SEVERITIES, 'warning'),
    messageJa: text(raw, 'messageJa'),
    messageEn: text(raw, 'messageEn'),
    active, from, to,
    scope: oneOf(raw, 'scope', row, SCOPES, 'device'),
  };
}

/** Validates a whole rule table; throws a CivicError naming the first bad row and field. Ids must be unique. */
export function parseRules(rows: unknown): AlertRule[] {
  if (!Array.isArray(rows)) throw new CivicError('civic-alert.errors.noRules', {}, 'the rule table must be a list');
  const seen = new Set<string>();
  return rows.map((raw, i) => {
    const rule = parseRule(raw as RawRule, i + 1);
    if (seen.has(rule.id)) throw bad('ruleDuplicate', i + 1, 'id', { got: rule.id }, `duplicate id ${rule.id}`);
    seen.add(rule.id);
    return rule;
  });
}
