// The shapes every part of the alert engine shares: the enumerations of a rule row, a validated rule, and what one
// device last showed for a rule (its signal). Conditions (./conditions) and the lifecycle (./engine) build on these.

/** How bad an alert is; dashboards sort by it. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = typeof SEVERITIES[number];

/** When a rule is evaluated: always, by day or by night (sunrise/sunset at the site), or in a local time window. */
export const ACTIVE_PERIODS = ['always', 'day', 'night', 'window'] as const;
export type ActivePeriod = typeof ACTIVE_PERIODS[number];

/** What one alert is about: each device, or a whole site (any of its devices beyond the limit). */
export const SCOPES = ['device', 'site'] as const;
export type Scope = typeof SCOPES[number];

/** One validated rule. Durations in minutes unless named otherwise. */
export interface AlertRule {
  id: string;
  /** canonical metric name; '*' for a no-data rule means any reading of the device */
  metric: string;
  /** a name of ./conditions CONDITIONS */
  condition: string;
  /** above/below: the limit; rate: change per hour; nodata: minutes; duration: hours; margin: the least difference */
  threshold: number;
  /** outside / duration: the band (an open end of a duration band is ±Infinity) */
  low: number;
  high: number;
  /** the level at which a firing alert recovers (hysteresis); outside: margin inside the band */
  recovery: number | null;
  forMinutes: number;
  keepFiringMinutes: number;
  repeatMinutes: number;
  /** notify again as "escalated" when a firing alert is not acknowledged within this many minutes (0 = never) */
  escalateMinutes: number;
  /** rate: minutes between the two samples compared */
  rateWindowMinutes: number;
  /** duration: the sliding window in hours */
  windowHours: number;
  /** margin: the metric subtracted; other conditions: a second metric that must be inside [low2, high2] ('' = none) */
  metric2: string;
  low2: number;
  high2: number;
  severity: Severity;
  messageJa: string;
  messageEn: string;
  /** the text when the alert resolves ('' = the condition's standard "back to normal" text) */
  resolvedJa: string;
  resolvedEn: string;
  active: ActivePeriod;
  /** window: local "HH:MM" start and end (may wrap midnight) */
  from: string;
  to: string;
  scope: Scope;
}

/**
 * What one device last showed for a rule (kept on the track itself for device scope); plain JSON. `v` is the
 * value the messages show (the reading, or the rate, hours or difference the condition computed).
 */
export interface Signal {
  trig?: boolean; hold?: boolean; v?: number | null;
  /** rate: the reference sample */
  refT?: number; refV?: number; rate?: number | null;
  /** duration: in-band intervals [start, end, start, end, …] inside the window, the last sample and whether it was in band */
  iv?: number[]; lt?: number; lin?: boolean;
  /** the last value of the rule's second metric (gate), for readings that do not carry it */
  g2?: number;
}
