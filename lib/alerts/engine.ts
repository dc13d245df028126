// The alert rule engine: per (scope key, rule) lifecycle normal → pending → firing → resolved, plus acknowledged
// (with a comment), snoozed (until a time), escalated (nobody acknowledged in time) and no-data; hysteresis, for /
// keep-firing durations, repeats, active periods, mute windows, grouping per site. Time comes from the readings
// (event time) and from an injected clock for timers. State is plain JSON (see EngineState).
import { HAKUI, isDaytime } from '../sun';
import { localDay, localParts } from '../agro/timezone';
import { conditionDef, type ConditionDef } from './conditions';
import { renderMessage, type AlertState, type Lang } from './messages';
import type { AlertRule, Severity, Signal } from './model';
import { muteCovers, muteOn, type MuteWindow } from './mutes';
import { compileFastPath, type FastPath } from './fast-path';

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

const ACTIVE_STATES = new Set<TrackState>(['pending', 'firing', 'acknowledged', 'nodata']);
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

interface Entry { i: number; site: boolean; key: string; track: Track; row?: AlertRow }

const NO_CHANGE: EngineResult = Object.freeze({ events: Object.freeze([]) as unknown as AlertEvent[], changed: false });

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const clockText = (t: number, timeZone: string): string => {
  const m = localParts(t, timeZone).minuteOfDay;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** Evaluates a rule table over readings; one instance per node. */
export class AlertEngine {
  readonly rules: AlertRule[];
  readonly options: EngineOptions;
  readonly state: EngineState;
  /** open tracks (not normal) and where they live */
  private readonly active = new Map<Track, Entry>();
  private readonly defs: ConditionDef[];
  private readonly simple: boolean[];
  private readonly fast: FastPath;
  private dayMinute = -1;
  private dayValue = true;

  constructor(rules: AlertRule[], options: Partial<EngineOptions> = {}, state?: EngineState) {
    this.rules = rules;
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.defs = rules.map((r) => conditionDef(r.condition)!);
    this.simple = rules.map((r, i) => r.scope === 'device' && !r.metric2 && !!this.defs[i].trigger);
    this.fast = compileFastPath(rules, this.simple.map((s, i) => (s ? this.defs[i].trigger!(rules[i]) : null)));
    // slots by device / site id in null-prototype objects: an id such as "__proto__" or "constructor" is just a key
    this.state = { version: 2, ruleIds: rules.map((r) => r.id), devices: Object.create(null), houses: Object.create(null), warnings: 0 };
    if (state && state.version === 2 && Array.isArray(state.ruleIds) && state.devices && state.houses) this.restore(state);
  }

  private restore(saved: EngineState): void {
    this.state.warnings = Number(saved.warnings) || 0;
    if (Array.isArray(saved.mutes)) this.state.mutes = saved.mutes;
    const from = this.state.ruleIds.map((id) => saved.ruleIds.indexOf(id));
    const remap = (slots: Record<string, Slot>, site: boolean, into: Record<string, Slot>) => {
      for (const [key, old] of Object.entries(slots)) {
        const slot: Slot = { t: from.map((j) => (j >= 0 ? old.t[j] ?? null : null)), m: 0 };
        from.forEach((j, i) => { if (j >= 0 && j < 31 && i < 31 && (old.m & (1 << j))) slot.m |= 1 << i; });
        if (slot.t.some(Boolean)) into[key] = slot;
        slot.t.forEach((track, i) => {
          if (!track) return;
          delete (track as { id?: string }).id; // 0.1.0 stored the id; it is derived now
          if (ACTIVE_STATES.has(track.s)) this.active.set(track, { i, site, key, track });
        });
      }
    };
    remap(saved.devices, false, this.state.devices);
    remap(saved.houses, true, this.state.houses);
  }

  /** Readings skipped because a rule's metric was not a number (or vanished from a device that sent it). */
  get warnings(): number {
    return this.state.warnings;
  }

  /** Evaluates one reading against every rule. */
  ingest(reading: EngineReading): EngineResult {
    return this.ingestValues(reading.deviceId, reading.site ?? reading.house, reading.timestamp, reading.payload);
  }

  /** `ingest` without the wrapper object (the hot path); `t` undefined = now. */
  ingestValues(deviceId: string, site: string | undefined, t: number | undefined, payload: Record<string, unknown>): EngineResult {
    if (typeof t !== 'number' || !Number.isFinite(t)) t = this.options.now();
    const n = this.rules.length;
    let dslot = this.state.devices[deviceId];
    if (dslot === undefined) dslot = this.state.devices[deviceId] = { t: new Array<Track | null>(n).fill(null), m: 0 };
    const need = this.fast(payload, dslot);
    if (need === 0 && n <= 31) return NO_CHANGE;
    let res: EngineResult | null = null;
    for (let i = 0; i < n; i++) {
      if (i < 31 && (need & (1 << i)) === 0) continue;
      res = this.evaluateRule(i, dslot, deviceId, site, t, payload, res);
    }
    return res ? this.finish(res) : NO_CHANGE;
  }

  /** One rule for one reading (the slow path: the value triggers, a track is open, or the rule keeps state). */
  private evaluateRule(i: number, dslot: Slot, deviceId: string, site: string | undefined, t: number,
    payload: Record<string, unknown>, res: EngineResult | null): EngineResult | null {
    const rule = this.rules[i];
    const def = this.defs[i];
    const isSite = rule.scope === 'site';
    const key = isSite ? site || deviceId : deviceId;
    const slot = isSite ? (this.state.houses[key] ??= { t: new Array<Track | null>(this.rules.length).fill(null), m: 0 }) : dslot;
    let track = slot.t[i];
    if (def.timer) {
      if (rule.metric !== '*' && typeof payload[rule.metric] !== 'number') return res;
      if (!track) track = slot.t[i] = this.newTrack(site, deviceId);
      if (t > track.seen) track.seen = t;
      if (track.s === 'nodata' || track.s === 'acknowledged') this.resolve(this.entryOf(i, isSite, key, track), t, res ??= { events: [], changed: false });
      return res;
    }
    const raw = payload[rule.metric];
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      if (raw !== undefined || (i < 31 && (dslot.m & (1 << i)) !== 0)) this.state.warnings++;
      return res;
    }
    if (i < 31) dslot.m |= 1 << i;
    if (!track) {
      // a stateless rule at normal: only a triggering value in the active period opens a track
      if (this.simple[i] && !this.isActive(rule, t)) return res;
      track = slot.t[i] = this.newTrack(site, deviceId);
    }
    if (t < track.t) return res; // late reading: the lifecycle never goes back in time
    if (t > track.seen) track.seen = t;
    const sig: Signal = isSite ? ((track.devs ??= {})[deviceId] ??= {}) : track;
    if (!def.evaluate(rule, sig, raw, t, { payload, gate: this.gate(rule, sig, payload), staleMs: this.options.staleMinutes * 60000 })) return res;
    track.t = t;
    let trig = !!sig.trig;
    let hold = !!sig.hold;
    if (isSite) {
      for (const d of Object.values(track.devs as Record<string, Signal>)) { trig ||= !!d.trig; hold ||= !!d.hold; }
      track.trig = trig;
      track.hold = hold;
    }
    if (sig.trig || sig.hold || track.s === 'normal' || !isSite) {
      track.value = sig.v ?? null;
      track.bound = def.bound(rule, sig.v);
      track.device = deviceId;
    }
    if (!this.isActive(rule, t)) { trig = false; hold = false; }
    if (track.s === 'normal' && !trig) { if (this.simple[i]) slot.t[i] = null; return res; }
    res ??= { events: [], changed: false };
    this.step(this.entryOf(i, isSite, key, track), t, trig, hold, res);
    if (track.s === 'normal' && this.simple[i]) slot.t[i] = null;
    return res;
  }

  /** Whether the rule's second metric (if any) is inside its band; remembers its last value per device. */
  private gate(rule: AlertRule, sig: Signal, payload: Record<string, unknown>): boolean {
    if (!rule.metric2 || (rule.low2 === -Infinity && rule.high2 === Infinity)) return true; // no gate (or metric2 means something else)
    const g = payload[rule.metric2];
    if (typeof g === 'number' && Number.isFinite(g)) sig.g2 = g;
    return sig.g2 !== undefined && sig.g2 >= rule.low2 && sig.g2 <= rule.high2;
  }

  private entryOf(i: number, site: boolean, key: string, track: Track): Entry {
    return this.active.get(track) ?? { i, site, key, track };
  }

  /** Timer: promotes pending alerts, ends keep-firing, raises no-data, repeats, escalates, ends snoozes and mutes. */
  tick(now = this.options.now()): EngineResult {
    const res: EngineResult = { events: [], changed: false };
    this.rules.forEach((rule, i) => {
      if (!this.defs[i].timer) return;
      const limit = rule.threshold * 60000;
      const site = rule.scope === 'site';
      for (const [key, slot] of Object.entries(site ? this.state.houses : this.state.devices)) {
        const track = slot.t[i];
        if (track && track.s === 'normal' && track.seen >= 0 && now - track.seen >= limit && this.isActive(rule, now)) {
          track.s = 'nodata';
          track.since = track.seen;
          track.fired = now;
          track.value = null;
          track.sv = null;
          track.bound = rule.threshold;
          const e: Entry = { i, site, key, track };
          this.active.set(track, e);
          this.notify(e, 'nodata', now, res);
        }
      }
    });
    for (const e of [...this.active.values()]) this.tickEntry(e, now, res);
    return this.finish(res);
  }

  private tickEntry(e: Entry, now: number, res: EngineResult): void {
    const rule = this.rules[e.i];
    const track = e.track;
    if (track.zz !== undefined && now >= track.zz) {
      this.endSnooze(e, now, res);
    } else if (track.owed && (track.s === 'firing' || track.s === 'nodata') && !this.muted(e, now)) {
      this.notify(e, track.s, now, res);
    }
    if ((track.s === 'firing' || track.s === 'nodata') && rule.escalateMinutes > 0 && track.esc === undefined
      && track.fired !== undefined && now - track.fired >= rule.escalateMinutes * 60000 && !(track.zz! > now)) {
      if (this.notify(e, 'escalated', now, res)) track.esc = now;
    }
    if (this.defs[e.i].timer) {
      if (track.s === 'nodata') this.maybeRepeat(e, now, 'nodata', res);
      return;
    }
    if (now < track.t) return;
    const on = this.isActive(rule, now);
    const stale = now - track.seen > this.options.staleMinutes * 60000;
    this.step(e, now, on && !stale && !!track.trig, on && !!track.hold, res, true);
    if (track.s === 'normal' && this.simple[e.i]) this.drop(e);
  }

  /** The open alerts `target` names (firing or no-data ones, plus acknowledged ones when `withAcked`). */
  private targets(target: AckTarget, withAcked: boolean): Entry[] {
    const q = typeof target === 'string' ? (target === 'all' ? { all: true } : { id: target }) : target;
    const site = q.site ?? q.house;
    if (q.id === undefined && !q.all && site === undefined) return [];
    return [...this.active.values()].filter((e) => {
      const s = e.track.s;
      if (s !== 'firing' && s !== 'nodata' && !(withAcked && s === 'acknowledged')) return false;
      if (q.id !== undefined && q.id !== this.idOf(e)) return false;
      return site === undefined || site === e.track.house || site === e.key;
    });
  }

  /** Acknowledges alerts (stops their repeats and escalation), with who and why; returns acknowledged events. */
  ack(target: AckTarget, t = this.options.now(), note: Note = {}): EngineResult {
    const res: EngineResult = { events: [], changed: false };
    for (const e of this.targets(target, false)) {
      e.track.s = 'acknowledged';
      e.track.ack = { at: t, ...(note.by ? { by: note.by } : {}), ...(note.comment ? { comment: note.comment } : {}) };
      delete e.track.zz;
      delete e.track.owed;
      this.notify(e, 'acknowledged', t, res);
    }
    return this.finish(res);
  }

  /** Snoozes alerts until `until` (no repeats, escalation or notifications meanwhile); `until` ≤ t ends a snooze. */
  snooze(target: AckTarget, until: number, t = this.options.now(), note: Note = {}): EngineResult {
    const res: EngineResult = { events: [], changed: false };
    for (const e of this.targets(target, false)) {
      if (until > t) {
        e.track.zz = until;
        this.notify(e, 'snoozed', t, res, note);
      } else if (e.track.zz !== undefined) {
        delete e.track.zz;
        res.changed = true;
      }
    }
    return this.finish(res);
  }

  /** Adds a mute window (replacing one with the same id); returns whether the table changed. */
  mute(w: MuteWindow): EngineResult {
    this.state.mutes = [...(this.state.mutes ?? []).filter((m) => m.id !== w.id), w];
    return { events: [], changed: true };
  }

  /** Removes a mute window added by a message (or all of them with "all"). */
  unmute(id: string): EngineResult {
    const before = this.state.mutes?.length ?? 0;
    this.state.mutes = id === 'all' ? [] : (this.state.mutes ?? []).filter((m) => m.id !== id);
    return { events: [], changed: this.state.mutes.length !== before };
  }

  /** The mute windows in force: the configured ones and those added by messages. */
  muteWindows(): MuteWindow[] {
    return [...this.options.mutes, ...(this.state.mutes ?? [])];
  }

  /** The active-alert table: pending, firing, acknowledged and no-data rows, most severe first. */
  activeTable(now = this.options.now()): AlertRow[] {
    const rows: AlertRow[] = [];
    for (const e of this.active.values()) {
      if (!e.row) {
        const { time: _t, repeat: _r, ...row } = this.payload(e, e.track.s as AlertState, e.track.t);
        e.row = row;
      }
      const muted = this.muted(e, now);
      rows.push(muted === !!e.row.muted ? e.row : (e.row = { ...e.row, muted }));
    }
    return rows.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.since - b.since);
  }

  /** How many alerts are open and how many of them are firing (or no-data); whether a mute window is on at `now`. */
  counts(now = this.options.now()): { firing: number; open: number; muting: boolean } {
    let firing = 0;
    for (const e of this.active.values()) if (e.track.s === 'firing' || e.track.s === 'nodata') firing++;
    const muting = this.muteWindows().some((w) => muteOn(w, now, this.options.timeZone));
    return { firing, open: this.active.size, muting };
  }

  /** True when `rule` is in its active period at `t` (always / by day / by night / local time window). */
  isActive(rule: AlertRule, t: number): boolean {
    switch (rule.active) {
      case 'always': return true;
      case 'day': return this.daytime(t);
      case 'night': return !this.daytime(t);
      default: {
        const from = minutesOf(rule.from);
        const to = minutesOf(rule.to);
        const m = Math.floor((t - localDay(t, this.options.timeZone).start) / 60000);
        return from === to || (from < to ? m >= from && m < to : m >= from || m < to);
      }
    }
  }

  private daytime(t: number): boolean {
    const minute = Math.floor(t / 60000);
    if (minute !== this.dayMinute) {
      this.dayMinute = minute;
      this.dayValue = isDaytime(t, this.options.latitude, this.options.longitude);
    }
    return this.dayValue;
  }

  private muted(e: Entry, t: number): boolean {
    const windows = this.options.mutes.length || this.state.mutes?.length ? this.muteWindows() : [];
    if (windows.length === 0) return false;
    const subject = { device: e.key, site: e.track.house, rule: this.rules[e.i].id };
    return windows.some((w) => muteCovers(w, subject) && muteOn(w, t, this.options.timeZone));
  }

  private newTrack(site: string | undefined, device: string): Track {
    const track: Track = { s: 'normal', since: -1, notified: -1, repeats: 0, clear: -1, seen: -1, t: -1,
      value: null, bound: null, device };
    if (site) track.house = site;
    return track;
  }

  private drop(e: Entry): void {
    const slot = (e.site ? this.state.houses : this.state.devices)[e.key];
    if (slot) slot.t[e.i] = null;
  }

  /** The lifecycle step for a condition observed at `t` (`timer`: evaluated by tick, not a new reading). */
  private step(e: Entry, t: number, trig: boolean, hold: boolean, res: EngineResult, timer = false): void {
    const { track } = e;
    const rule = this.rules[e.i];
    const forMs = rule.forMinutes * 60000;
    switch (track.s) {
      case 'normal':
        if (!trig || timer) return;
        track.since = t;
        track.sv = track.value;
        track.repeats = 0;
        track.clear = -1;
        this.active.set(track, e);
        if (forMs > 0) {
          track.s = 'pending';
          res.changed = true;
          e.row = undefined;
          if (this.options.notifyPending) this.notify(e, 'pending', t, res);
          return;
        }
        this.fire(e, t, res);
        return;
      case 'pending':
        if (!trig) {
          track.s = 'normal';
          this.active.delete(track);
          res.changed = true;
        } else if (t - track.since >= forMs) {
          this.fire(e, t, res);
        }
        return;
      case 'firing':
      case 'acknowledged':
        if (hold) {
          track.clear = -1;
          if (track.s === 'firing') this.maybeRepeat(e, t, 'firing', res);
          return;
        }
        if (track.clear < 0) track.clear = t;
        if (t - track.clear >= rule.keepFiringMinutes * 60000) this.resolve(e, t, res);
        else if (track.s === 'firing') this.maybeRepeat(e, t, 'firing', res);
        return;
      default:
    }
  }

  private fire(e: Entry, t: number, res: EngineResult): void {
    e.track.s = 'firing';
    e.track.clear = -1;
    e.track.fired = t;
    this.notify(e, 'firing', t, res);
  }

  private resolve(e: Entry, t: number, res: EngineResult): void {
    const { track } = e;
    if (track.owed) res.changed = true; // never notified (muted): the table changes, nobody is told
    else this.notify(e, 'resolved', t, res);
    track.s = 'normal';
    track.clear = -1;
    track.repeats = 0;
    for (const k of ['fired', 'esc', 'ack', 'zz', 'owed', 'sv'] as const) delete track[k];
    this.active.delete(track);
  }

  /** The snooze is over: an alert still open is notified again at once. */
  private endSnooze(e: Entry, t: number, res: EngineResult): void {
    delete e.track.zz;
    res.changed = true;
    e.row = undefined;
    if (e.track.s === 'firing' || e.track.s === 'nodata') {
      e.track.repeats++;
      this.notify(e, e.track.s, t, res);
    }
  }

  private maybeRepeat(e: Entry, t: number, state: AlertState, res: EngineResult): void {
    const rule = this.rules[e.i];
    if (e.track.zz !== undefined) {
      if (t >= e.track.zz) this.endSnooze(e, t, res);
      return;
    }
    if (e.track.owed) {
      if (!this.muted(e, t)) this.notify(e, state, t, res);
      return;
    }
    if (rule.repeatMinutes > 0 && t - e.track.notified >= rule.repeatMinutes * 60000) {
      e.track.repeats++;
      this.notify(e, state, t, res);
    }
  }

  /**
   * Sends (or, inside a mute window, holds back) an event for `state`; returns whether it was sent. Resolved
   * events of a held-back alert are never sent; user actions (acknowledged, snoozed) always are.
   */
  private notify(e: Entry, state: AlertState, t: number, res: EngineResult, note: Note = {}): boolean {
    const { track } = e;
    res.changed = true;
    e.row = undefined;
    const quiet = state !== 'acknowledged' && state !== 'snoozed' && this.muted(e, t);
    if (state !== 'resolved') track.notified = t;
    if (quiet) {
      if (state !== 'resolved') track.owed = 1;
      return false;
    }
    if (state !== 'resolved') delete track.owed;
    const payload = this.payload(e, state, t, note);
    res.events.push({ topic: `alert/${e.key}/${this.rules[e.i].id}`, payload });
    return true;
  }

  private idOf(e: Entry): string {
    return `${e.key}/${this.rules[e.i].id}/${e.track.since.toString(36)}`;
  }

  private payload(e: Entry, state: AlertState, t: number, note: Note = {}): AlertPayload {
    const { track } = e;
    const rule = this.rules[e.i];
    const { lang, timeZone } = this.options;
    const since = track.since;
    const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 1000);
    const value = round(track.value);
    const startValue = round(track.sv);
    const by = note.by ?? (state === 'acknowledged' ? track.ack?.by : undefined);
    const comment = note.comment ?? (state === 'acknowledged' ? track.ack?.comment : undefined);
    const p: AlertPayload = {
      id: this.idOf(e), ruleId: rule.id, deviceId: e.key, metric: rule.metric, state, severity: rule.severity,
      value, startValue, threshold: track.bound, since, time: t, repeat: track.repeats,
      message: renderMessage(rule, state, lang, { device: e.key, site: track.house, value, startValue, threshold: track.bound,
        sinceText: since >= 0 ? clockText(since, timeZone) : '', by, comment,
        untilText: track.zz !== undefined ? clockText(track.zz, timeZone) : undefined }),
    };
    if (track.house) { p.site = track.house; p.house = track.house; }
    if (track.esc !== undefined || state === 'escalated') p.escalated = true;
    if (track.ack) p.acknowledged = track.ack;
    if (track.zz !== undefined) p.snoozedUntil = track.zz;
    return p;
  }

  private finish(res: EngineResult): EngineResult {
    if (!this.options.groupBySite || res.events.length < 2) return res;
    const out: AlertEvent[] = [];
    const groups = new Map<string, AlertEvent[]>();
    for (const e of res.events) {
      const h = e.payload.site;
      if (!h || (e.payload.state !== 'firing' && e.payload.state !== 'nodata')) { out.push(e); continue; }
      const g = groups.get(h);
      if (g) g.push(e); else { const list = [e]; groups.set(h, list); out.push(e); }
    }
    res.events = out.map((e) => {
      const g = e.payload.site ? groups.get(e.payload.site) : undefined;
      if (!g || g.length < 2 || g[0] !== e) return e;
      const worst = [...g].sort((a, b) => SEVERITY_RANK[a.payload.severity] - SEVERITY_RANK[b.payload.severity])[0];
      return {
        topic: `alert/${e.payload.site}/group`,
        payload: { ...worst.payload, grouped: g.length, alerts: g.map((x) => x.payload), message: g.map((x) => x.payload.message).join('\n') },
      };
    });
    return res;
  }
}
