// The alert rule engine: per (scope key, rule) lifecycle normal → pending → firing → resolved, plus acknowledged
// (with a comment), snoozed (until a time), escalated (nobody acknowledged in time) and no-data; hysteresis, for /
// keep-firing durations, repeats, active periods, mute windows, grouping per site. Time comes from the readings
// (event time) and from an injected clock for timers. State is plain JSON (see EngineState).
import { conditionDef, type ConditionDef, type EvalContext } from './conditions';
import type { AlertState } from './messages';
import { ActivePeriods } from './active-period';
import { SEVERITY_RANK, alertId, alertPayload, groupBySite } from './events';
import type { AlertRule, Signal } from './model';
import { ActiveList, type Entry } from './active-list';
import {
  DEFAULT_ENGINE_OPTIONS, type AckTarget, type AlertEvent, type AlertPayload, type AlertRow, type EngineOptions, type EngineResult,
  type EngineReading, type EngineState, type Note, type Slot, type Track, type TrackState,
} from './engine-types';

export * from './engine-types';
import { muteCovers, muteOn, type MuteWindow } from './mutes';
import { SEEN_NEW, compileFastPath, type FastPath } from './fast-path';
import { getOwn, setOwn } from '../util/own';

const ACTIVE_STATES = new Set<TrackState>(['pending', 'firing', 'acknowledged', 'nodata']);

/** A track's entry (rule index, where it lives, cached table row) rides on the track under a symbol: JSON skips it. */
const ENTRY = Symbol('civic-alert entry');
type Live = Track & { [ENTRY]?: Entry };
/** Int32s per device in `bits`: the rules with a track, the metrics it has sent, the rule of its first open track. */
const STRIDE = 4;

const NO_CHANGE: EngineResult = Object.freeze({ events: Object.freeze([]) as unknown as AlertEvent[], changed: false });
const CHANGED: EngineResult = Object.freeze({ events: Object.freeze([]) as unknown as AlertEvent[], changed: true });
/** Tracks of stateless rules that went back to normal, kept for reuse (fewer objects for the collector). */
const POOL_SIZE = 1024;

/** Evaluates a rule table over readings; one instance per node. */
export class AlertEngine {
  readonly rules: AlertRule[];
  readonly options: EngineOptions;
  readonly state: EngineState;
  /** open tracks (not normal) and where they live */
  private readonly active = new ActiveList();
  private readonly pool: Track[] = [];
  /** the result of the reading being evaluated (reused: a reading that changes nothing allocates nothing) */
  private readonly scratch: EngineResult = { events: [], changed: false };
  private readonly ctx: EvalContext = { payload: {}, gate: true, staleMs: 0 };
  private readonly defs: ConditionDef[];
  private readonly simple: boolean[];
  private readonly fast: FastPath;
  private readonly bands: Float64Array;
  /**
   * Device id → index d into the per-device arrays below: a dictionary of small integers, so that a quiet reading
   * finds its device's bits the way a stateful if-chain finds its remembered value, without loading an object.
   */
  private readonly index: Record<string, number> = Object.create(null);
  /** the device slots of state.devices by index (their metric bits `m` are read only on the slow path) */
  private readonly slots: Slot[] = [];
  /** each device slot's array of tracks (slot.t), so that opening or closing an alert does not load the slot */
  private readonly tracks: Array<Array<Track | null>> = [];
  /** the device's first open track (most devices have at most one): no load of its array of tracks */
  private readonly ones: Array<Track | undefined> = [];
  /** the entry of ones[d] once its first step made one: loaded beside the track, not through it */
  private readonly oneEntries: Array<Entry | undefined> = [];
  /**
   * From STRIDE·d: the rules with a track (bit i for rule i < 31), the metrics the device has sent, and the rule
   * index of ones[d] (-1 for none).
   */
  private bits = new Int32Array(256 * STRIDE);
  /** the value of each band rule that needs its step, left there by the fast path */
  private readonly values: Float64Array;
  private readonly periods: ActivePeriods;

  constructor(rules: AlertRule[], options: Partial<EngineOptions> = {}, state?: EngineState) {
    this.rules = rules;
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.periods = new ActivePeriods(this.options);
    this.defs = rules.map((r) => conditionDef(r.condition)!);
    // band rules (stateless thresholds per device, no gate) run on numbers compiled from the table
    this.simple = rules.map((r, i) => i < 31 && r.scope === 'device' && !r.metric2 && !!this.defs[i].bands);
    this.bands = new Float64Array(rules.length * 6);
    rules.forEach((r, i) => { if (this.simple[i]) this.bands.set(this.defs[i].bands!(r), i * 6); });
    this.values = new Float64Array(Math.min(rules.length, 31));
    this.fast = compileFastPath(rules, this.simple.map((s, i) => (s ? Array.from(this.bands.subarray(i * 6, i * 6 + 2)) : null)), this.values);
    // slots by device / site id in null-prototype objects: an id such as "__proto__" or "constructor" is just a key
    this.state = { version: 2, ruleIds: rules.map((r) => r.id), devices: Object.create(null), houses: Object.create(null), warnings: 0 };
    this.ctx.staleMs = this.options.staleMinutes * 60000;
    if (state && state.version === 2 && Array.isArray(state.ruleIds) && state.devices && state.houses) this.restore(state);
  }

  private restore(saved: EngineState): void {
    this.state.warnings = Number(saved.warnings) || 0;
    if (Array.isArray(saved.mutes)) this.state.mutes = saved.mutes;
    const from = this.state.ruleIds.map((id) => saved.ruleIds.indexOf(id));
    const remap = (slots: Record<string, Slot>, site: boolean) => {
      for (const [key, old] of Object.entries(slots)) {
        const slot: Slot = { t: from.map((j) => (j >= 0 ? old.t[j] ?? null : null)), m: 0 };
        from.forEach((j, i) => { if (j >= 0 && j < 31 && i < 31 && (old.m & (1 << j))) slot.m |= 1 << i; });
        if (!slot.t.some(Boolean)) continue;
        if (site) this.state.houses[key] = slot; else this.addDevice(key, slot);
        slot.t.forEach((track, i) => {
          if (!track) return;
          delete (track as { id?: string }).id; // 0.1.0 stored the id; it is derived now
          (track as Live)[ENTRY] = undefined;    // an entry of the engine that held this state before a redeploy
          if (ACTIVE_STATES.has(track.s)) this.active.add(this.entryOf(i, site, key, track));
        });
      }
    };
    remap(saved.devices, false);
    remap(saved.houses, true);
  }

  /** Registers a device's slot in state.devices and the per-device arrays; returns its index. */
  private addDevice(key: string, slot: Slot): number {
    const d = this.slots.length;
    this.state.devices[key] = slot;
    this.index[key] = d;
    this.slots.push(slot);
    this.tracks.push(slot.t);
    this.ones.push(undefined);
    this.oneEntries.push(undefined);
    if (STRIDE * (d + 1) > this.bits.length) {
      const grown = new Int32Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    let open = 0;
    for (let i = 0; i < slot.t.length && i < 31; i++) if (slot.t[i]) open |= 1 << i;
    this.bits[STRIDE * d] = open;
    this.bits[STRIDE * d + 1] = slot.m;
    this.bits[STRIDE * d + 2] = -1;
    return d;
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
    let d = this.index[deviceId];
    if (d === undefined) d = this.addDevice(deviceId, { t: new Array<Track | null>(n).fill(null), m: 0 });
    let need = this.fast(payload, this.bits, STRIDE * d);
    if (need === 0 && n <= 31) return NO_CHANGE;
    if (need < 0) {
      this.slots[d].m |= this.bits[STRIDE * d + 1];
      need &= ~SEEN_NEW;
      if (need === 0 && n <= 31) return NO_CHANGE;
    }
    const res = this.scratch;
    res.changed = false;
    for (let i = 0; i < n; i++) {
      if (i < 31 && (need & (1 << i)) === 0) continue;
      this.evaluateRule(i, d, deviceId, site, t, payload, res);
    }
    if (res.events.length === 0) return res.changed ? CHANGED : NO_CHANGE;
    const out = this.finish({ events: res.events, changed: true });
    res.events = [];
    return out;
  }

  /** One rule for one reading (the slow path: the value fires, a track is open, or the rule keeps state). */
  private evaluateRule(i: number, d: number, deviceId: string, site: string | undefined, t: number,
    payload: Record<string, unknown>, res: EngineResult): void {
    if (this.simple[i]) { this.stepBand(i, d, deviceId, site, t, res); return; }
    const dslot = this.slots[d];
    const rule = this.rules[i];
    const def = this.defs[i];
    const isSite = rule.scope === 'site';
    const key = isSite ? site || deviceId : deviceId;
    const slot = isSite ? (this.state.houses[key] ??= { t: new Array<Track | null>(this.rules.length).fill(null), m: 0 }) : dslot;
    let track = slot.t[i];
    if (def.timer) {
      if (rule.metric !== '*' && typeof payload[rule.metric] !== 'number') return;
      if (!track) track = this.attach(slot, isSite ? -1 : d, i, this.newTrack(site, deviceId));
      if (t > track.seen) track.seen = t;
      if (track.s === 'nodata' || track.s === 'acknowledged') this.resolve(this.entryOf(i, isSite, key, track), t, res);
      return;
    }
    const raw = payload[rule.metric];
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      if (raw !== undefined || (i < 31 && (dslot.m & (1 << i)) !== 0)) this.state.warnings++;
      return;
    }
    if (i < 31) dslot.m |= 1 << i;
    if (!track) track = this.attach(slot, isSite ? -1 : d, i, this.newTrack(site, deviceId));
    if (t < track.t) return; // late reading: the lifecycle never goes back in time
    if (t > track.seen) track.seen = t;
    // device ids come from the data: "__proto__" must not reach Object.prototype through devs[deviceId]
    const devs = isSite ? (track.devs ??= {}) : undefined;
    const sig: Signal = devs ? getOwn(devs, deviceId) ?? setOwn(devs, deviceId, {}) : track;
    const ctx = this.ctx;
    ctx.payload = payload;
    ctx.gate = this.gate(rule, sig, payload);
    if (!def.evaluate(rule, sig, raw, t, ctx)) return;
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
    if (track.s === 'normal' && !trig) return;
    this.step(this.entryOf(i, isSite, key, track), t, trig, hold, res);
  }

  /**
   * The step of a band rule (a stateless threshold per device, no gate) with the value the fast path left: plain
   * arithmetic on the compiled bands; its track exists only while the alert is not normal.
   */
  private stepBand(i: number, d: number, deviceId: string, site: string | undefined, t: number, res: EngineResult): void {
    const v = this.values[i];
    if (v !== v) { this.state.warnings++; return; } // NaN: the fast path found no number where one was due
    const b = this.bands;
    const k = i * 6;
    const rule = this.rules[i];
    const fires = v < b[k] || v > b[k + 1];
    // the open bits and the first open track are in per-device arrays: neither the slot nor its array of tracks is
    // loaded unless a second rule of the device is open
    const bits = this.bits;
    const one = bits[STRIDE * d + 2] === i;
    let track = (bits[STRIDE * d] & (1 << i)) === 0 ? null : one ? this.ones[d]! : this.tracks[d][i];
    let e = one ? this.oneEntries[d] : undefined;
    if (!track) {
      if (!fires || !this.isActive(rule, t)) return;
      track = this.attach(null, d, i, this.bandTrack(site, deviceId));
    }
    if (t < track.t) return; // late reading: the lifecycle never goes back in time
    if (t > track.seen) track.seen = t;
    track.t = t;
    track.value = v;
    track.bound = v < b[k] ? b[k + 4] : b[k + 5];
    track.device = deviceId;
    track.trig = fires;
    track.hold = v < b[k + 2] || v > b[k + 3];
    const on = this.isActive(rule, t);
    if (track.s !== 'normal' || (fires && on)) {
      if (e === undefined) {
        e = this.entryOf(i, false, deviceId, track);
        if (this.ones[d] === track) this.oneEntries[d] = e;
      }
      this.step(e, t, fires && on, track.hold && on, res);
    }
    if (track.s === 'normal') this.release(d, i, track);
  }

  /** Whether the rule's second metric (if any) is inside its band; remembers its last value per device. */
  private gate(rule: AlertRule, sig: Signal, payload: Record<string, unknown>): boolean {
    if (!rule.metric2 || (rule.low2 === -Infinity && rule.high2 === Infinity)) return true; // no gate (or metric2 means something else)
    const g = payload[rule.metric2];
    if (typeof g === 'number' && Number.isFinite(g)) sig.g2 = g;
    return sig.g2 !== undefined && sig.g2 >= rule.low2 && sig.g2 <= rule.high2;
  }

  private entryOf(i: number, site: boolean, key: string, track: Track): Entry {
    const live = track as Live;
    const e = live[ENTRY];
    if (e === undefined) return (live[ENTRY] = { i, site, key, track });
    if (e.i !== i || e.key !== key || e.site !== site) { e.i = i; e.key = key; e.site = site; e.row = undefined; }
    return e;
  }

  /** Puts `track` at rule i of a site slot (d = -1) or of device d (`slot` null: the device's). */
  private attach(slot: Slot | null, d: number, i: number, track: Track): Track {
    if (d < 0) { slot!.t[i] = track; return track; }
    this.tracks[d][i] = track;
    if (i >= 31) return track;
    const j = STRIDE * d;
    this.bits[j] |= 1 << i;
    if (this.bits[j + 2] < 0) { this.ones[d] = track; this.bits[j + 2] = i; }
    return track;
  }

  /** A stateless rule's track of device d went back to normal: forget it (and keep the object for the next one). */
  private release(d: number, i: number, track: Track): void {
    this.tracks[d][i] = null;
    const j = STRIDE * d;
    if (this.ones[d] === track) { this.ones[d] = undefined; this.oneEntries[d] = undefined; this.bits[j + 2] = -1; }
    if (i < 31) this.bits[j] &= ~(1 << i);
    if (this.pool.length < POOL_SIZE) this.pool.push(track);
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
          const e = this.entryOf(i, site, key, track);
          this.active.add(e);
          this.notify(e, 'nodata', now, res);
        }
      }
    });
    for (const e of this.active.toArray()) this.tickEntry(e, now, res);
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
    return this.active.toArray().filter((e) => {
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
      e.track.zz = undefined;
      e.track.owed = undefined;
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
        e.track.zz = undefined;
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
    for (const e of this.active.toArray()) {
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
    for (const e of this.active.toArray()) if (e.track.s === 'firing' || e.track.s === 'nodata') firing++;
    const muting = this.muteWindows().some((w) => muteOn(w, now, this.options.timeZone));
    return { firing, open: this.active.size, muting };
  }

  /** True when `rule` is in its active period at `t` (always / by day / by night / local time window). */
  isActive(rule: AlertRule, t: number): boolean {
    return rule.active === 'always' || this.periods.isActive(rule, t);
  }

  private muted(e: Entry, t: number): boolean {
    const windows = this.options.mutes.length || this.state.mutes?.length ? this.muteWindows() : [];
    if (windows.length === 0) return false;
    const subject = { device: e.key, site: e.track.house, rule: this.rules[e.i].id };
    return windows.some((w) => muteCovers(w, subject) && muteOn(w, t, this.options.timeZone));
  }

  /** A track at normal with every field it may get later, so all tracks share one shape (undefined: not in JSON). */
  private newTrack(site: string | undefined, device: string): Track {
    return { s: 'normal', since: -1, notified: -1, repeats: 0, clear: -1, seen: -1, t: -1, value: null, sv: undefined,
      bound: null, house: site || undefined, device, trig: undefined, hold: undefined, v: undefined, fired: undefined,
      esc: undefined, ack: undefined, zz: undefined, owed: undefined };
  }

  /**
   * A track for a band rule, reused from the pool when one is there. Pooled tracks went back to normal through
   * `step`, which already cleared what an open alert sets (fired, esc, ack, zz, owed) and sets since, repeats, clear
   * and sv again when the next alert opens: only where and when it is needs resetting.
   */
  private bandTrack(site: string | undefined, device: string): Track {
    const track = this.pool.pop() as Live | undefined;
    if (track === undefined) return this.newTrack(site, device);
    track.seen = -1;
    track.t = -1;
    track.house = site || undefined;
    track.device = device;
    const e = track[ENTRY];
    if (e) e.row = undefined;
    return track;
  }

  private drop(e: Entry): void {
    const d = e.site ? undefined : this.index[e.key];
    if (d !== undefined && this.tracks[d][e.i] === e.track) this.release(d, e.i, e.track);
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
        this.active.add(e);
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
          this.active.delete(e);
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
    track.fired = undefined; track.esc = undefined; track.ack = undefined; track.zz = undefined; track.owed = undefined;
    track.sv = undefined;
    this.active.delete(e);
  }

  /** The snooze is over: an alert still open is notified again at once. */
  private endSnooze(e: Entry, t: number, res: EngineResult): void {
    e.track.zz = undefined;
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
    if (state !== 'resolved') track.owed = undefined;
    const payload = this.payload(e, state, t, note);
    res.events.push({ topic: `alert/${e.key}/${this.rules[e.i].id}`, payload });
    return true;
  }

  private idOf(e: Entry): string {
    return alertId(e.key, this.rules[e.i].id, e.track.since);
  }

  private payload(e: Entry, state: AlertState, t: number, note: Note = {}): AlertPayload {
    return alertPayload(this.rules[e.i], e.key, e.track, state, t, this.options, note);
  }

  private finish(res: EngineResult): EngineResult {
    if (this.options.groupBySite && res.events.length > 1) res.events = groupBySite(res.events);
    return res;
  }
}
