// Alert rule table: validation of the rows the editor stores into rules with defaults filled in. A bad row is
// refused naming its row (1-based) and field. The condition's own cells are read by its entry in ./conditions.
import { CivicError } from '../errors';
import { CONDITIONS, conditionDef, gateOf, type Condition } from './conditions';
import { bad, nonNegative, oneOf, positive, text, type RawRule } from './fields';
import { ACTIVE_PERIODS, SCOPES, SEVERITIES, type AlertRule } from './model';

export type { RawRule } from './fields';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Validates one editor row (1-based `row` for messages) into a rule with defaults filled in. */
export function parseRule(raw: RawRule, row: number): AlertRule {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('ruleRequired', row, 'metric', {}, 'empty row');
  const condition: Condition = oneOf(raw, 'condition', row, CONDITIONS, 'above');
  const def = conditionDef(condition)!;
  const metric = text(raw, 'metric').trim();
  if (!metric) throw bad('ruleRequired', row, 'metric', {}, 'a metric is required');
  if (metric === '*' && condition !== 'nodata') throw bad('ruleWildcard', row, 'metric', {}, "'*' only for no-data rules");
  const active = oneOf(raw, 'active', row, ACTIVE_PERIODS, 'always');
  const from = text(raw, 'from').trim();
  const to = text(raw, 'to').trim();
  if (active === 'window') {
    if (!TIME.test(from)) throw bad('ruleTime', row, 'from', { got: from }, 'use HH:MM');
    if (!TIME.test(to)) throw bad('ruleTime', row, 'to', { got: to }, 'use HH:MM');
  }
  const rule: AlertRule = {
    id: text(raw, 'id').trim() || `rule-${row}`,
    metric, condition, threshold: 0, low: 0, high: 0, recovery: null,
    forMinutes: nonNegative(raw, 'forMinutes', row, 0),
    keepFiringMinutes: nonNegative(raw, 'keepFiringMinutes', row, 0),
    repeatMinutes: nonNegative(raw, 'repeatMinutes', row, 0),
    escalateMinutes: nonNegative(raw, 'escalateMinutes', row, 0),
    rateWindowMinutes: 10,
    windowHours: 24,
    metric2: '', low2: -Infinity, high2: Infinity,
    severity: oneOf(raw, 'severity', row, SEVERITIES, 'warning'),
    messageJa: text(raw, 'messageJa'),
    messageEn: text(raw, 'messageEn'),
    resolvedJa: text(raw, 'resolvedJa'),
    resolvedEn: text(raw, 'resolvedEn'),
    active, from, to,
    // 'house' was the 0.1.0 word for a site
    scope: oneOf(raw, 'scope', row, SCOPES, 'device', { house: 'site' }),
  };
  if (def.fields.includes('low2')) Object.assign(rule, gateOf(raw, row));
  if (def.fields.includes('windowHours')) rule.windowHours = positive(raw, 'windowHours', row, 24);
  return Object.assign(rule, def.parse(raw, row));
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
