// The shapes of the alert engine's state, options, events and rows (all plain JSON), shared by the engine, its
// table of open alerts and the node.
import { HAKUI } from '../sun';
import type { AlertState, Lang } from './messages';
import type { Severity, Signal } from './model';
import type { MuteWindow } from './mutes';

export type TrackState = 'normal' | 'pending' | 'firing' | 'acknowledged' | 'nodata';

/** Who acknowledged an alert, when, and what they wrote. */
export interface Ack { at: number; by?: string; comment?: string }

/** Lifecycle of one (scope key, rule); plain JSON. Times in epoch ms, -1 = never. */
export interface Track extends Signal {
  s: TrackState;
  since: number;
  notified: number;
  repeats: number;
  clear: number;
  seen: number;
  t: number;
  /** the latest value ({value}); `sv` the value when the condition began ({startValue}) */
  value: number | null;
  sv?: number | null;
  bound: number | null;
  /** the site (stored under its 0.1.0 name, so saved states stay readable) */
  house?: string;
  device?: string;
  devs?: Record<string, Signal>;
  /** when it started firing / was escalated */
  fired?: number;
  esc?: number;
  ack?: Ack;
  /** snoozed until (epoch ms) */
  zz?: number;
  /** a notification a mute window held back, sent when the window ends */
  owed?: 1;
}

/** Per device (or per site) the tracks of every rule, by rule index; `m` = bit i set once rule i's metric came. */
export interface Slot { t: Array<Track | null>; m: number }

/**
 * The engine's whole state, plain JSON (serialise it; give it back to the constructor after a restart).
 * Tracks of threshold rules exist only while not normal, so memory follows the open alerts, not the devices.
 * `houses` holds the per-site slots (its 0.1.0 name); `mutes` the mute windows added by messages.
 */
export interface EngineState {
  version: 2; ruleIds: string[]; devices: Record<string, Slot>; houses: Record<string, Slot>; warnings: number;
  mutes?: MuteWindow[];
}

export interface EngineOptions {
  latitude: number;
  longitude: number;
  timeZone: string;
  lang: Lang;
  /** merge firing/no-data events of one site produced together into one message */
  groupBySite: boolean;
  /** also emit an event when a rule enters pending */
  notifyPending: boolean;
  /** a pending alert is promoted by the timer only if its last reading is at most this old; one sample counts this long */
  staleMinutes: number;
  /** mute windows of the node's configuration (./mutes parseMutes) */
  mutes: MuteWindow[];
  now: () => number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  latitude: HAKUI.latitude, longitude: HAKUI.longitude, timeZone: 'Asia/Tokyo', lang: 'en',
  groupBySite: false, notifyPending: false, staleMinutes: 15, mutes: [], now: () => Date.now(),
};

/** Alert event payload (output 1; the README "Alert event" contract). `house` repeats `site` for 0.1.0 flows. */
export interface AlertPayload {
  id: string; ruleId: string; deviceId: string; site?: string; house?: string; metric: string; state: AlertState;
  severity: Severity; value: number | null; startValue: number | null; threshold: number | null; since: number;
  time: number; repeat: number; message: string;
  escalated?: boolean; acknowledged?: Ack; snoozedUntil?: number; muted?: boolean;
  grouped?: number; alerts?: AlertPayload[];
}

export interface AlertEvent { topic: string; payload: AlertPayload }

/** One row of the active-alert table (output 2). */
export type AlertRow = Omit<AlertPayload, 'time' | 'repeat' | 'grouped' | 'alerts'>;

/** What a call produced: events for output 1, and whether the active table changed. */
export interface EngineResult { events: AlertEvent[]; changed: boolean }

/** A reading as the engine needs it. Non-numeric metrics are skipped (counted in `warnings`). */
export interface EngineReading { deviceId: string; site?: string; house?: string; timestamp?: number; payload: Record<string, unknown> }

/** Ack / snooze target: an alert id, "all", or { id } / { site } / { all: true, site? } (`house` = `site`). */
export type AckTarget = string | { id?: string; site?: string; house?: string; all?: boolean };

/** Who acts and why (acknowledge, snooze). */
export interface Note { by?: string; comment?: string }
