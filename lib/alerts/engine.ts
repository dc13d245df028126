// The alert rule engine: per (scope key, rule) lifecycle normal → pending → firing → resolved, plus acknowledged
// and no-data; hysteresis, for / keep-firing-for durations, repeats, active periods, grouping per house.
// Time comes from the readings (event time) and from an injected clock for timers. State is plain JSON.
import { HAKUI, isDaytime } from '../sun';
import { localDay, localParts } from '../time';
import { renderMessage, type AlertState, type Lang } from './messages';
import type { AlertRule, Severity } from './rules';

export type TrackState = 'normal' | 'pending' | 'firing' | 'acknowledged' | 'nodata';

/** What one device last showed for a rule (kept on the track itself for device scope). */
interface Signal { trig?: boolean; hold?: boolean; v?: number | null; refT?: number; refV?: number; rate?: number | null }

/** Lifecycle of one (scope key, rule); plain JSON. Times in epoch ms, -1 = never. */
export interface Track extends Signal {
  s: TrackState;
  since: number;
  id: string;
  notified: number;
  repeats: number;
  clear: number;
  seen: number;
  t: number;
  value: number | null;
  bound: number | null;
  house?: string;
  device?: string;
  devs?: Record<string, Signal>;
}

/** Per device (or per house) the tracks of every rule, by rule index; `m` = bit i set once rule i's metric came. */
export interface Slot { t: Array<Track | null>; m: number }

/**
 * The engine's whole state, plain JSON (serialise it; give it back to the constructor after a restart).
 * Tracks of threshold rules exist only while not normal, so memory follows the open alerts, not the devices.
 */
export interface EngineState {
  version: 2; ruleIds: string[]; devices: Record<string, Slot>; houses: Record<string, Slot>; warnings: number;
}

export interface EngineOptions {
  latitude: number;
  longitude: number;
  timeZone: string;
  lang: Lang;
  /** merge firing/no-data events of one house produced together into one message */
  groupByHouse: boolean;
  /** also emit an event when a rule enters pending */
  notifyPending: boolean;
  /** a pending alert is promoted by the timer only if its last reading is at most this old */
  staleMinutes: number;
  now: () => number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  latitude: HAKUI.latitude, longitude: HAKUI.longitude, timeZone: 'Asia/Tokyo', lang: 'en',
  groupByHouse: false, notifyPending: false, staleMinutes: 15, now: () => Date.now(),
};

/** Alert event payload (output 1; the contract in architecture.md plus house, time, repeat). */
export interface AlertPayload {
  id: string; ruleId: string; deviceId: string; house?: string; metric: string; state: AlertState;
  severity: Severity; value: number | null; threshold: number | null; since: number; time: number;
  repeat: number; message: string;
  grouped?: number; alerts?: AlertPayload[];
}

export interface AlertEvent { topic: string; payload: AlertPayload }

/** One row of the active-alert table (output 2). */
export type AlertRow = Omit<AlertPayload, 'time' | 'repeat' | 'grouped' | 'alerts'>;

/** What a call produced: events for output 1, and whether the active table changed. */
export interface EngineResult { events: AlertEvent[]; changed: boolean }

/** A reading as the engine needs it. Non-numeric metrics are skipped (counted in `warnings`). */
export interface EngineReading { deviceId: string; house?: string; timestamp?: number; payload: Record<string, unknown> }

/** Ack target: an alert id, "all", or { id } / { house } / { all: true, house? }. */
export type AckTarget = string | { id?: string; house?: string; all?: boolean };

/**
 * What an acknowledgement message asks for: payload "<alert id>", "all" (for `house` when given), or an object
 * { id } / { house } / { all, house }. Undefined when the payload is none of these.
 */
export function ackTargetOf(payload: unknown, house?: string): AckTarget | undefined {
  if (typeof payload === 'string' && payload) return payload === 'all' && house ? { all: true, house } : payload;
  if (payload && typeof payload === 'object') return payload as { id?: string; house?: string; all?: boolean };
  return undefined;
}

const ACTIVE_STATES = new Set<TrackState>(['pending', 'firing', 'acknowledged', 'nodata']);
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

interface Entry { i: number; house: boolean; key: string; track: Track; row?: AlertRow }

type FastPath = (payload: Record<string, unknown>, slot: Slot) => number;

/**
 * Compiles the quiet case of the first 31 rules into one function with literal property reads (what a hand-written
 * if-chain gets from the JIT): returns a bit per rule that needs the full lifecycle step — the value triggers, a
 * track is open, the value is not a number, or the rule is not a simple device-scope threshold. Metric names go in
 * as JSON string literals and thresholds as numbers, both from the validated rule table.
 */
function compileFastPath(rules: AlertRule[], simple: boolean[]): FastPath {
  const lines = ['let need = 0, seen = 0, v;', 'const t = s.t;'];
  rules.slice(0, 31).forEach((r, i) => {
    const bit = `${(1 << i) >>> 0}`;
    if (!simple[i]) { lines.push(`need |= ${bit};`); return; }
    const trig = r.condition === 'above' ? `v > ${r.threshold}` : r.condition === 'below' ? `v < ${r.threshold}`
      : `v < ${r.low} || v > ${r.high}`;
    lines.push(`v = p[${JSON.stringify(r.metric)}];`,
      `if (typeof v === 'number' && v - v === 0) { seen |= ${bit}; if (t[${i}] !== null || ${trig}) need |= ${bit}; }`,
      `else if (v !== undefined || (s.m & ${bit}) !== 0) need |= ${bit};`);
  });
  lines.push('s.m |= seen;', 'return need;');
   
  return new Function('p', 's', lines.join('\n')) as FastPath;
}

const NO_CHANGE: EngineResult = Object.freeze({ events: Object.freeze([]) as unknown as AlertEvent[], changed: false });

/** Evaluates a rule table over readings; one instance per node. */
export class AlertEngine {
  readonly rules: AlertRule[];
  readonly options: EngineOptions;
  readonly state: EngineState;
  /** tracks that are not normal, by "ruleIndex|d or h|key" */
  private readonly active = new Map<string, Entry>();
  private readonly simple: boolean[];
  private readonly fast: FastPath;
  private dayMinute = -1;
  private dayValue = true;

  constructor(rules: AlertRule[], options: Partial<EngineOptions> = {}, state?: EngineState) {
    this.rules = rules;
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.simple = rules.map((r) => r.scope === 'device' && (r.condition === 'above' || r.condition === 'below' || r.condition === 'outside'));
    this.fast = compileFastPath(rules, this.simple);
    const ruleIds = rules.map((r) => r.id);
    // slots by device / house id in null-prototype objects: an id such as "__proto__" or "constructor" is just a key
    this.state = { version: 2, ruleIds, devices: Object.create(null), houses: Object.create(null), warnings: 0 };
    if (state && state.version === 2 && Array.isArray(state.ruleIds) && state.devices && state.houses) {
      this.state.warnings = Number(state.warnings) || 0;
      const from = ruleIds.map((id) => state.ruleIds.indexOf(id));
      const remap = (slots: Record<string, Slot>, house: boolean, into: Record<string, Slot>) => {
        for (const [key, old] of Object.entries(slots)) {
          const slot: Slot = { t: from.map((j) => (j >= 0 ? old.t[j] ?? null : null)), m: 0 };
          from.forEach((j, i) => { if (j >= 0 && j < 31 && i < 31 && (old.m & (1 << j))) slot.m |= 1 << i; });
          if (slot.t.some(Boolean)) into[key] = slot;
          slot.t.forEach((track, i) => { if (track && ACTIVE_STATES.has(track.s)) this.active.set(`${i}|${house ? 'h' : 'd'}|${key}`, { i, house, key, track }); });
        }
      };
      remap(state.devices, false, this.state.devices);
      remap(state.houses, true, this.state.houses);
    }
  }

  /** Readings skipped because a rule's metric was not a number (or vanished from a device that sent it). */
  get warnings(): number {
    return this.state.warnings;
  }

  /** Evaluates one reading against every rule. */
  ingest(reading: EngineReading): EngineResult {
    return this.ingestValues(reading.deviceId, reading.house, reading.timestamp, reading.payload);
  }

  /** `ingest` without the wrapper object (the hot path); `t` undefined = now. */
  ingestValues(deviceId: string, house: string | undefined, t: number | undefined,
    payload: Record<string, unknown>): EngineResult {
    if (typeof t !== 'number' || !Number.isFinite(t)) t = this.options.now();
    let res: EngineResult | null = null;
    const rules = this.rules;
    const n = rules.length;
    const devices = this.state.devices;
    let dslot = devices[deviceId];
    if (!dslot) dslot = devices[deviceId] = { t: new Array(n).fill(null), m: 0 };
    let hslot: Slot | null = null;
    const houseKey = house || deviceId;
    const need = this.fast(payload, dslot);
    if (need === 0 && n <= 31) return NO_CHANGE;
    for (let i = 0; i < n; i++) {
      if (i < 31 && (need & (1 << i)) === 0) continue;
      const rule = rules[i];
      const isHouse = rule.scope === 'house';
      let slot = dslot;
      if (isHouse) {
        if (!hslot) {
          hslot = this.state.houses[houseKey];
          if (!hslot) hslot = this.state.houses[houseKey] = { t: new Array(n).fill(null), m: 0 };
        }
        slot = hslot;
      }
      const key = isHouse ? houseKey : deviceId;
      let track = slot.t[i];
      if (rule.condition === 'nodata') {
        if (rule.metric !== '*' && typeof payload[rule.metric] !== 'number') continue;
        if (!track) track = slot.t[i] = this.newTrack(house, deviceId);
        if (t > track.seen) track.seen = t;
        if (track.s === 'nodata' || track.s === 'acknowledged') this.resolve(i, isHouse, key, track, t, res ??= { events: [], changed: false });
        continue;
      }
      const raw = payload[rule.metric];
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        if (raw !== undefined || (i < 31 && (dslot.m & (1 << i)) !== 0)) this.state.warnings++;
        continue;
      }
      if (i < 31) dslot.m |= 1 << i;
      if (!track) {
        if (this.simple[i]) {
          // normal and nothing to remember: only a triggering value creates a track
          if (rule.condition === 'above' ? !(raw > rule.threshold)
            : rule.condition === 'below' ? !(raw < rule.threshold) : !(raw < rule.low || raw > rule.high)) continue;
          if (!this.isActive(rule, t)) continue;
        }
        track = slot.t[i] = this.newTrack(house, deviceId);
      }
      if (t < track.t) continue; // late reading: the lifecycle never goes back in time
      if (t > track.seen) track.seen = t;
      const sig: Signal = isHouse ? ((track.devs ??= {})[deviceId] ??= {}) : track;
      if (!this.evaluate(rule, sig, raw, t)) continue;
      track.t = t;
      let trig = sig.trig as boolean;
      let hold = sig.hold as boolean;
      if (isHouse) {
        for (const d of Object.values(track.devs as Record<string, Signal>)) { trig ||= !!d.trig; hold ||= !!d.hold; }
        track.trig = trig;
        track.hold = hold;
      }
      if (sig.trig || sig.hold || track.s === 'normal') {
        track.value = rule.condition === 'rate' ? (sig.rate ?? null) : raw;
        track.bound = rule.condition === 'outside' ? (raw < rule.low ? rule.low : rule.high) : rule.threshold;
        track.device = deviceId;
      }
      if (!this.isActive(rule, t)) { trig = false; hold = false; }
      if (track.s === 'normal' && !trig) { if (this.simple[i]) slot.t[i] = null; continue; }
      this.step(i, isHouse, key, track, t, trig, hold, res ??= { events: [], changed: false });
      if (track.s === 'normal' && this.simple[i]) slot.t[i] = null;
    }
    return res ? this.finish(res) : NO_CHANGE;
  }

  /** Timer: promotes pending alerts whose "for" elapsed, ends keep-firing, raises no-data, sends repeats. */
  tick(now = this.options.now()): EngineResult {
    const res: EngineResult = { events: [], changed: false };
    this.rules.forEach((rule, i) => {
      if (rule.condition !== 'nodata') return;
      const limit = rule.threshold * 60000;
      const slots = rule.scope === 'house' ? this.state.houses : this.state.devices;
      for (const [key, slot] of Object.entries(slots)) {
        const track = slot.t[i];
        if (track && track.s === 'normal' && track.seen >= 0 && now - track.seen >= limit && this.isActive(rule, now)) {
          track.s = 'nodata';
          track.since = track.seen;
          track.id = `${key}/${rule.id}/${track.since.toString(36)}`;
          track.value = null;
          track.bound = rule.threshold;
          this.active.set(`${i}|${rule.scope === 'house' ? 'h' : 'd'}|${key}`, { i, house: rule.scope === 'house', key, track });
          this.notify(i, rule.scope === 'house', key, track, 'nodata', now, res);
        }
      }
    });
    for (const e of [...this.active.values()]) {
      const rule = this.rules[e.i];
      const track = e.track;
      if (rule.condition === 'nodata') {
        if (track.s === 'nodata') this.maybeRepeat(e.i, e.house, e.key, track, now, 'nodata', res);
        continue;
      }
      if (now < track.t) continue;
      const on = this.isActive(rule, now);
      const stale = now - track.seen > this.options.staleMinutes * 60000;
      this.step(e.i, e.house, e.key, track, now, on && !stale && !!track.trig, on && !!track.hold, res, true);
      if (track.s === 'normal' && this.simple[e.i]) this.drop(e.i, e.house, e.key);
    }
    return this.finish(res);
  }

  /** Acknowledges alerts (stops their repeats); returns acknowledged events. */
  ack(target: AckTarget, t = this.options.now()): EngineResult {
    const res: EngineResult = { events: [], changed: false };
    const q = typeof target === 'string' ? (target === 'all' ? { all: true } : { id: target }) : target;
    for (const e of [...this.active.values()]) {
      const track = e.track;
      if (track.s !== 'firing' && track.s !== 'nodata') continue;
      if (q.id !== undefined && q.id !== track.id) continue;
      if (q.id === undefined && !q.all && q.house === undefined) continue;
      if (q.house !== undefined && q.house !== track.house && q.house !== e.key) continue;
      track.s = 'acknowledged';
      this.notify(e.i, e.house, e.key, track, 'acknowledged', t, res);
    }
    return this.finish(res);
  }

  /** The active-alert table: pending, firing, acknowledged and no-data rows, most severe first. */
  activeTable(): AlertRow[] {
    const rows: AlertRow[] = [];
    for (const e of this.active.values()) {
      if (!e.row) {
        const { time: _t, repeat: _r, ...row } = this.payload(e.i, e.key, e.track, e.track.s as AlertState, e.track.t);
        e.row = row;
      }
      rows.push(e.row);
    }
    return rows.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.since - b.since);
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

  private newTrack(house: string | undefined, device: string): Track {
    const track: Track = { s: 'normal', since: -1, id: '', notified: -1, repeats: 0, clear: -1, seen: -1, t: -1,
      value: null, bound: null, device };
    if (house) track.house = house;
    return track;
  }

  private drop(i: number, house: boolean, key: string): void {
    const slot = (house ? this.state.houses : this.state.devices)[key];
    if (slot) slot.t[i] = null;
  }

  /** Updates a device's condition flags for a value; false when there is nothing to evaluate yet (rate). */
  private evaluate(rule: AlertRule, sig: Signal, v: number, t: number): boolean {
    switch (rule.condition) {
      case 'above':
        sig.trig = v > rule.threshold;
        sig.hold = v > (rule.recovery ?? rule.threshold);
        return true;
      case 'below':
        sig.trig = v < rule.threshold;
        sig.hold = v < (rule.recovery ?? rule.threshold);
        return true;
      case 'outside': {
        const m = rule.recovery ?? 0;
        sig.trig = v < rule.low || v > rule.high;
        sig.hold = v < rule.low + m || v > rule.high - m;
        return true;
      }
      default: { // rate per hour over at least rateWindowMinutes
        if (sig.refT === undefined || sig.refV === undefined || t < sig.refT) { sig.refT = t; sig.refV = v; return false; }
        if (t - sig.refT >= rule.rateWindowMinutes * 60000) {
          sig.rate = ((v - sig.refV) / (t - sig.refT)) * 3600000;
          sig.refT = t;
          sig.refV = v;
        }
        if (sig.rate === undefined || sig.rate === null) return false;
        const r = sig.rate;
        const limit = rule.threshold;
        const rec = rule.recovery ?? limit;
        sig.trig = limit > 0 ? r > limit : r < limit;
        sig.hold = limit > 0 ? r > rec : r < rec;
        return true;
      }
    }
  }

  /** The lifecycle step for a condition observed at `t` (`timer`: evaluated by tick, not a new reading). */
  private step(i: number, house: boolean, key: string, track: Track, t: number, trig: boolean, hold: boolean,
    res: EngineResult, timer = false): void {
    const rule = this.rules[i];
    const forMs = rule.forMinutes * 60000;
    const activeKey = `${i}|${house ? 'h' : 'd'}|${key}`;
    switch (track.s) {
      case 'normal':
        if (!trig || timer) return;
        track.since = t;
        track.repeats = 0;
        track.clear = -1;
        track.id = `${key}/${rule.id}/${t.toString(36)}`;
        this.active.set(activeKey, { i, house, key, track });
        if (forMs > 0) {
          track.s = 'pending';
          res.changed = true;
          if (this.options.notifyPending) this.notify(i, house, key, track, 'pending', t, res);
          return;
        }
        this.fire(i, house, key, track, t, res);
        return;
      case 'pending':
        if (!trig) {
          track.s = 'normal';
          track.id = '';
          this.active.delete(activeKey);
          res.changed = true;
        } else if (t - track.since >= forMs) {
          this.fire(i, house, key, track, t, res);
        }
        return;
      case 'firing':
      case 'acknowledged':
        if (hold) {
          track.clear = -1;
          if (track.s === 'firing') this.maybeRepeat(i, house, key, track, t, 'firing', res);
          return;
        }
        if (track.clear < 0) track.clear = t;
        if (t - track.clear >= rule.keepFiringMinutes * 60000) this.resolve(i, house, key, track, t, res);
        else if (track.s === 'firing') this.maybeRepeat(i, house, key, track, t, 'firing', res);
        return;
      default:
    }
  }

  private fire(i: number, house: boolean, key: string, track: Track, t: number, res: EngineResult): void {
    track.s = 'firing';
    track.clear = -1;
    this.notify(i, house, key, track, 'firing', t, res);
  }

  private resolve(i: number, house: boolean, key: string, track: Track, t: number, res: EngineResult): void {
    this.notify(i, house, key, track, 'resolved', t, res);
    track.s = 'normal';
    track.id = '';
    track.clear = -1;
    track.repeats = 0;
    this.active.delete(`${i}|${house ? 'h' : 'd'}|${key}`);
  }

  private maybeRepeat(i: number, house: boolean, key: string, track: Track, t: number, state: AlertState, res: EngineResult): void {
    const rule = this.rules[i];
    if (rule.repeatMinutes > 0 && t - track.notified >= rule.repeatMinutes * 60000) {
      track.repeats++;
      this.notify(i, house, key, track, state, t, res);
    }
  }

  private notify(i: number, house: boolean, key: string, track: Track, state: AlertState, t: number, res: EngineResult): void {
    if (state !== 'resolved') track.notified = t;
    res.changed = true;
    const payload = this.payload(i, key, track, state, t);
    res.events.push({ topic: `alert/${key}/${this.rules[i].id}`, payload });
    const entry = this.active.get(`${i}|${house ? 'h' : 'd'}|${key}`);
    if (entry) { const { time: _t, repeat: _r, ...row } = payload; entry.row = row; }
  }

  private payload(i: number, key: string, track: Track, state: AlertState, t: number): AlertPayload {
    const rule = this.rules[i];
    const { lang, timeZone } = this.options;
    const since = track.since;
    const sinceText = since >= 0 ? (() => { const m = localParts(since, timeZone).minuteOfDay; return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`; })() : '';
    const value = track.value === null ? null : Math.round(track.value * 1000) / 1000;
    const p: AlertPayload = {
      id: track.id, ruleId: rule.id, deviceId: key, metric: rule.metric, state, severity: rule.severity,
      value, threshold: track.bound, since, time: t, repeat: track.repeats,
      message: renderMessage(rule, state, lang, { device: key, house: track.house, value, threshold: track.bound, since, sinceText }),
    };
    if (track.house) p.house = track.house;
    return p;
  }

  private finish(res: EngineResult): EngineResult {
    if (!this.options.groupByHouse || res.events.length < 2) return res;
    const out: AlertEvent[] = [];
    const groups = new Map<string, AlertEvent[]>();
    for (const e of res.events) {
      const h = e.payload.house;
      if (!h || (e.payload.state !== 'firing' && e.payload.state !== 'nodata')) { out.push(e); continue; }
      const g = groups.get(h);
      if (g) g.push(e); else { const list = [e]; groups.set(h, list); out.push(e); }
    }
    res.events = out.map((e) => {
      const g = e.payload.house ? groups.get(e.payload.house) : undefined;
      if (!g || g.length < 2 || g[0] !== e) return e;
      const worst = [...g].sort((a, b) => SEVERITY_RANK[a.payload.severity] - SEVERITY_RANK[b.payload.severity])[0];
      return {
        topic: `alert/${e.payload.house}/group`,
        payload: { ...worst.payload, grouped: g.length, alerts: g.map((x) => x.payload), message: g.map((x) => x.payload.message).join('\n') },
      };
    });
    return res;
  }
}
