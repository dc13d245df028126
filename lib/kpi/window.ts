// Per-topic window statistics over reading messages: tumbling windows (minute/hour/day, aligned to local midnight)
// and sliding windows of N minutes built from 1-minute (hop) panes. Memory is bounded by topics × metrics × open
// panes (and the fixed percentile reservoir), never by the number of readings. Clock injected; state serialisable.
import { CivicError } from '../errors';
import { bucketOf, type WindowUnit } from '../time';

/** Window statistics options (all have defaults). */
export interface WindowOptions {
  /** 'tumbling' (default): back-to-back windows of `size` × `unit`; 'sliding': the last `slidingMinutes`, every `hopMinutes` */
  mode?: 'tumbling' | 'sliding';
  unit?: WindowUnit;
  size?: number;
  slidingMinutes?: number;
  hopMinutes?: number;
  /** IANA zone for local midnight / hour boundaries; default Asia/Tokyo */
  timeZone?: string;
  /** how long after its end a window still accepts late readings (ms); default 0 */
  graceMs?: number;
  /** metrics to aggregate; empty = every numeric payload property */
  metrics?: string[];
  /** percentiles to report (0–100), e.g. [50, 90]; empty = none */
  percentiles?: number[];
  /** reservoir size per metric and window for the percentiles; default 128 (exact while count ≤ size) */
  reservoirSize?: number;
  /** time-in-range limits per metric, e.g. { airTemperature: [18, 27] } */
  ranges?: Record<string, [number, number]>;
  /** cap of distinct values counted per window; default 10000 */
  maxDistinct?: number;
  /** caps that bound memory: topics (default 100000), metrics per topic (default 50), open windows per topic (8) */
  maxTopics?: number;
  maxMetrics?: number;
  maxOpenPanes?: number;
  /** seed of the reservoir sampler (deterministic results) */
  seed?: number;
}

/** Statistics of one metric in one window. */
export interface MetricStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  sum: number;
  /** the value with the latest timestamp */
  last: number;
  /** sample standard deviation (n − 1; 0 for one reading), Welford */
  stddev: number;
  /** p50, p90, ... when percentiles are configured */
  [percentile: `p${number}`]: number;
  /** share of readings within the range (0–1), when a range is configured */
  inRange?: number;
  /** share of time within the range, each value held until the next reading (and the last until window end) */
  timeInRange?: number | null;
}

/** One closed window of one topic. */
export interface WindowResult {
  topic: string;
  start: number;
  end: number;
  kind: 'tumbling' | 'sliding';
  /** readings in the window */
  count: number;
  metrics: Record<string, MetricStats>;
  /** distinct values of the configured field, when one is configured */
  distinct?: { count: number; capped: boolean };
  /** readings of this topic dropped as too late since the previous emitted window */
  late: number;
}

/** Why a reading was not counted: 'late' (its window closed, beyond the grace), 'overflow' (a memory cap). */
export type AddOutcome = 'ok' | 'late' | 'overflow';

class Acc {
  n = 0; mean = 0; m2 = 0; min = Infinity; max = -Infinity; sum = 0; last = NaN; lastTs = -Infinity;
  inN = 0; inMs = 0; totalMs = 0; prevTs = NaN; prevIn = false;
  /** reservoir samples, at most the reservoir size */
  res: number[] = [];
  constructor(readonly lo: number, readonly hi: number) {}
}

class Pane {
  n = 0;
  metrics = new Map<string, Acc>();
  /** metrics in first-seen order: a reading with the same key order finds its accumulators without a Map lookup */
  names: string[] = [];
  accs: Acc[] = [];
  distinct: Set<string> | undefined;
  capped = false;
  constructor(readonly start: number, readonly end: number) {}
}

interface TopicState { panes: Pane[]; closedUntil: number; late: number; recent: Pane[] }

interface AccJson { v: number[]; res: number[] }
interface PaneJson { s: number; e: number; n: number; m: Record<string, AccJson>; d?: string[]; c?: boolean }
/** Serialisable state (for node context). */
export interface WindowState {
  version: 1;
  seed: number;
  topics: Record<string, { closedUntil: number; late: number; panes: PaneJson[]; recent: PaneJson[] }>;
  dropped: { late: number; overflow: number };
}

/** Per-topic window statistics with an injected clock; see WindowOptions. */
export class WindowStats {
  readonly mode: 'tumbling' | 'sliding';
  private readonly unit: WindowUnit;
  private readonly size: number;
  private readonly keep: number;
  private readonly tz: string;
  private readonly grace: number;
  private readonly metricSet: Set<string> | undefined;
  private readonly pcts: number[];
  private readonly resSize: number;
  private readonly ranges: Record<string, [number, number]>;
  private readonly maxDistinct: number;
  private readonly maxTopics: number;
  private readonly maxMetrics: number;
  private readonly maxOpen: number;
  private topics = new Map<string, TopicState>();
  private rng: number;
  private cache = { start: 0, end: 0 };
  /** readings dropped in total, by reason */
  dropped = { late: 0, overflow: 0 };
  /** when the window that took the last accepted reading will close (end + grace): lets a caller keep one timer */
  lastCloseAt = NaN;

  constructor(options: WindowOptions = {}) {
    this.mode = options.mode ?? 'tumbling';
    if (this.mode === 'sliding') {
      this.unit = 'minute';
      this.size = Math.max(1, options.hopMinutes ?? 1);
      this.keep = Math.max(1, Math.ceil((options.slidingMinutes ?? 15) / this.size));
    } else {
      this.unit = options.unit ?? 'minute';
      this.size = Math.max(1, options.size ?? 1);
      this.keep = 1;
    }
    this.tz = options.timeZone ?? 'Asia/Tokyo';
    this.grace = Math.max(0, options.graceMs ?? 0);
    this.metricSet = options.metrics && options.metrics.length ? new Set(options.metrics) : undefined;
    this.pcts = (options.percentiles ?? []).filter((p) => p >= 0 && p <= 100);
    // sliding windows merge `keep` panes: each pane keeps its share so a window holds ≈ reservoirSize samples
    this.resSize = this.pcts.length ? Math.max(8, Math.ceil((options.reservoirSize ?? 128) / this.keep)) : 0;
    this.ranges = options.ranges ?? {};
    this.maxDistinct = options.maxDistinct ?? 10000;
    this.maxTopics = options.maxTopics ?? 100000;
    this.maxMetrics = options.maxMetrics ?? 50;
    this.maxOpen = options.maxOpenPanes ?? 8;
    this.rng = (options.seed ?? 0x9e3779b9) >>> 0 || 1;
  }

  private random(): number {
    let x = this.rng;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.rng = x;
    return x / 4294967296;
  }

  private bucket(ts: number): { start: number; end: number } {
    const c = this.cache;
    if (ts >= c.start && ts < c.end) return c;
    this.cache = bucketOf(ts, this.unit, this.size, this.tz);
    return this.cache;
  }

  /** Number of topics with state (open or recent windows). */
  get topicCount(): number {
    return this.topics.size;
  }

  /**
   * Adds one reading of `topic` measured at `ts` (epoch ms) with numeric `values`; `distinct` is the value of the
   * distinct-count field (if any). `now` is the clock: a reading whose window closed (end + grace ≤ now) is late.
   */
  add(topic: string, ts: number, values: Record<string, unknown>, now: number, distinct?: unknown): AddOutcome {
    let t = this.topics.get(topic);
    if (!t) {
      if (this.topics.size >= this.maxTopics) { this.dropped.overflow++; return 'overflow'; }
      t = { panes: [], closedUntil: -Infinity, late: 0, recent: [] };
      this.topics.set(topic, t);
    }
    let pane: Pane | undefined;
    const panes = t.panes;
    for (let i = panes.length - 1; i >= 0; i--) {
      if (ts >= panes[i].start && ts < panes[i].end) { pane = panes[i]; break; }
    }
    if (!pane) {
      const b = this.bucket(ts);
      if (b.start < t.closedUntil || b.end + this.grace <= now) { t.late++; this.dropped.late++; return 'late'; }
      if (panes.length >= this.maxOpen) { this.dropped.overflow++; return 'overflow'; }
      pane = new Pane(b.start, b.end);
      let i = panes.length;
      while (i > 0 && panes[i - 1].start > b.start) i--;
      panes.splice(i, 0, pane);
    }
    pane.n++;
    this.lastCloseAt = pane.end + this.grace;
    const names = pane.names;
    let idx = 0;
    for (const name in values) {
      const v = values[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      let acc: Acc | undefined;
      if (names[idx] === name) acc = pane.accs[idx++];
      else {
        if (this.metricSet && !this.metricSet.has(name)) continue;
        acc = pane.metrics.get(name);
        if (!acc) {
          if (pane.metrics.size >= this.maxMetrics) continue;
          const r = this.ranges[name];
          acc = new Acc(r ? r[0] : NaN, r ? r[1] : NaN);
          pane.metrics.set(name, acc);
          if (idx === names.length) { names.push(name); pane.accs.push(acc); idx++; }
        }
      }
      this.accumulate(acc, v, ts);
    }
    if (distinct !== undefined && distinct !== null && distinct !== '') {
      const set = (pane.distinct ??= new Set());
      const key = String(distinct);
      if (set.size < this.maxDistinct || set.has(key)) set.add(key);
      else pane.capped = true;
    }
    return 'ok';
  }

  private accumulate(a: Acc, v: number, ts: number): void {
    const n = ++a.n;
    const delta = v - a.mean;
    a.mean += delta / n;
    a.m2 += delta * (v - a.mean);
    if (v < a.min) a.min = v;
    if (v > a.max) a.max = v;
    a.sum += v;
    if (ts >= a.lastTs) { a.last = v; a.lastTs = ts; }
    if (a.lo === a.lo) { // a range is configured (not NaN)
      const inside = v >= a.lo && v <= a.hi;
      if (inside) a.inN++;
      if (a.prevTs === a.prevTs) {
        if (ts >= a.prevTs) {
          const dt = ts - a.prevTs;
          a.totalMs += dt;
          if (a.prevIn) a.inMs += dt;
          a.prevTs = ts; a.prevIn = inside;
        }
      } else { a.prevTs = ts; a.prevIn = inside; }
    }
    const k = this.resSize;
    if (k) {
      if (a.res.length < k) a.res.push(v);
      else {
        const j = Math.floor(this.random() * n); // Algorithm R: keep with probability k/n
        if (j < k) a.res[j] = v;
      }
    }
  }

  /** The earliest instant at which a window will close (end + grace), or undefined when none is open. */
  nextCloseAt(): number | undefined {
    let next = Infinity;
    for (const t of this.topics.values()) if (t.panes.length && t.panes[0].end + this.grace < next) next = t.panes[0].end + this.grace;
    return next === Infinity ? undefined : next;
  }

  /** Closes every window whose end + grace ≤ now and returns their results (oldest first per topic). */
  tick(now: number): WindowResult[] {
    const out: WindowResult[] = [];
    for (const [topic, t] of this.topics) {
      while (t.panes.length && t.panes[0].end + this.grace <= now) out.push(this.close(topic, t, t.panes.shift() as Pane));
      this.forget(topic, t, now);
    }
    return out;
  }

  /** Closes every open window now, whatever the clock (e.g. on a "flush" message). */
  flush(): WindowResult[] {
    const out: WindowResult[] = [];
    for (const [topic, t] of this.topics) {
      while (t.panes.length) out.push(this.close(topic, t, t.panes.shift() as Pane));
    }
    return out;
  }

  private forget(topic: string, t: TopicState, now: number): void {
    // a topic with nothing open and nothing recent enough to slide is dropped, so memory follows live topics
    if (t.panes.length) return;
    const span = this.keep * (t.recent.length ? t.recent[t.recent.length - 1].end - t.recent[t.recent.length - 1].start : 0);
    const lastEnd = t.recent.length ? t.recent[t.recent.length - 1].end : t.closedUntil;
    if (now - lastEnd >= Math.max(span, 0) + this.grace) this.topics.delete(topic);
  }

  private close(topic: string, t: TopicState, pane: Pane): WindowResult {
    for (const acc of pane.metrics.values()) {
      if (acc.lo === acc.lo && acc.prevTs === acc.prevTs && pane.end > acc.prevTs) {
        const dt = pane.end - acc.prevTs; // hold the last value until the window ends
        acc.totalMs += dt;
        if (acc.prevIn) acc.inMs += dt;
        acc.prevTs = pane.end;
      }
    }
    if (pane.end > t.closedUntil) t.closedUntil = pane.end;
    const late = t.late;
    t.late = 0;
    if (this.mode === 'tumbling') return this.result(topic, pane.start, pane.end, [pane], late);
    t.recent.push(pane);
    const from = pane.end - (pane.end - pane.start) * this.keep;
    while (t.recent.length && t.recent[0].start < from) t.recent.shift();
    return this.result(topic, from, pane.end, t.recent, late);
  }

  private result(topic: string, start: number, end: number, panes: Pane[], late: number): WindowResult {
    const names = new Set<string>();
    let n = 0;
    for (const p of panes) { n += p.n; for (const k of p.metrics.keys()) names.add(k); }
    const metrics: Record<string, MetricStats> = {};
    for (const name of names) {
      const accs = panes.map((p) => p.metrics.get(name)).filter((a): a is Acc => a !== undefined);
      metrics[name] = this.stats(accs);
    }
    const res: WindowResult = { topic, start, end, kind: this.mode, count: n, metrics, late };
    if (panes.some((p) => p.distinct)) {
      const all = new Set<string>();
      let capped = false;
      for (const p of panes) {
        capped ||= p.capped;
        if (p.distinct) for (const v of p.distinct) all.add(v);
      }
      res.distinct = { count: all.size, capped };
    }
    return res;
  }

  private stats(accs: Acc[]): MetricStats {
    // Chan et al. pairwise merge of Welford accumulators
    let n = 0, mean = 0, m2 = 0, min = Infinity, max = -Infinity, sum = 0, last = NaN, lastTs = -Infinity;
    let inN = 0, inMs = 0, totalMs = 0;
    for (const a of accs) {
      const nb = a.n;
      const delta = a.mean - mean;
      const nn = n + nb;
      mean += (delta * nb) / nn;
      m2 += a.m2 + (delta * delta * n * nb) / nn;
      n = nn;
      if (a.min < min) min = a.min;
      if (a.max > max) max = a.max;
      sum += a.sum;
      if (a.lastTs >= lastTs) { last = a.last; lastTs = a.lastTs; }
      inN += a.inN; inMs += a.inMs; totalMs += a.totalMs;
    }
    const s: MetricStats = { count: n, mean, min, max, sum, last, stddev: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0 };
    if (this.pcts.length) {
      const samples: Array<[number, number]> = [];
      for (const a of accs) {
        const w = a.res.length ? a.n / a.res.length : 0;
        for (const v of a.res) samples.push([v, w]);
      }
      for (const p of this.pcts) s[`p${p}`] = percentile(samples, p);
    }
    const lo = accs[0]?.lo;
    if (lo === lo && lo !== undefined) {
      s.inRange = n ? inN / n : 0;
      s.timeInRange = totalMs > 0 ? inMs / totalMs : null;
    }
    return s;
  }

  /** A deep, JSON-safe copy of the state (for node context); `restore` takes it back after a restart. */
  snapshot(): WindowState {
    const pane = (p: Pane): PaneJson => {
      const m: Record<string, AccJson> = {};
      for (const [k, a] of p.metrics) {
        m[k] = { v: [a.n, a.mean, a.m2, a.min, a.max, a.sum, a.last, a.lastTs, a.inN, a.inMs, a.totalMs, a.prevTs, a.prevIn ? 1 : 0, a.lo, a.hi], res: a.res.slice() };
      }
      const j: PaneJson = { s: p.start, e: p.end, n: p.n, m };
      if (p.distinct) j.d = [...p.distinct];
      if (p.capped) j.c = true;
      return j;
    };
    const topics: WindowState['topics'] = {};
    for (const [k, t] of this.topics) topics[k] = { closedUntil: t.closedUntil, late: t.late, panes: t.panes.map(pane), recent: t.recent.map(pane) };
    // JSON has no Infinity/NaN: encode through strings where needed
    return JSON.parse(JSON.stringify({ version: 1, seed: this.rng, topics, dropped: { ...this.dropped } }, (_k, v) =>
      (typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v))) as WindowState;
  }

  /** Restores a snapshot (ignores anything unreadable: a fresh start is better than a crash). */
  restore(state: unknown): void {
    const s = state as WindowState | undefined;
    if (!s || typeof s !== 'object' || s.version !== 1 || !s.topics) return;
    const num = (v: unknown): number => (typeof v === 'string' && v.startsWith('#') ? Number(v.slice(1)) : Number(v));
    const pane = (j: PaneJson): Pane => {
      const p = new Pane(num(j.s), num(j.e));
      p.n = num(j.n);
      for (const [k, a] of Object.entries(j.m ?? {})) {
        const v = a.v.map(num);
        const acc = new Acc(v[13], v[14]);
        [acc.n, acc.mean, acc.m2, acc.min, acc.max, acc.sum, acc.last, acc.lastTs, acc.inN, acc.inMs, acc.totalMs, acc.prevTs] = v;
        acc.prevIn = v[12] === 1;
        acc.res = (a.res ?? []).map(num);
        p.metrics.set(k, acc);
        p.names.push(k);
        p.accs.push(acc);
      }
      if (j.d) p.distinct = new Set(j.d);
      p.capped = j.c === true;
      return p;
    };
    this.topics.clear();
    for (const [k, t] of Object.entries(s.topics)) {
      this.topics.set(k, { closedUntil: num(t.closedUntil), late: num(t.late) || 0, panes: (t.panes ?? []).map(pane), recent: (t.recent ?? []).map(pane) });
    }
    this.rng = (num(s.seed) >>> 0) || 1;
    if (s.dropped) this.dropped = { late: num(s.dropped.late) || 0, overflow: num(s.dropped.overflow) || 0 };
  }
}

/**
 * Percentile p (0–100) of weighted samples [value, weight]. Equal weights (exact data, or one full reservoir):
 * linear interpolation between closest ranks (Excel PERCENTILE.INC, numpy default). Unequal weights (sliding
 * windows merging reservoirs): the weighted inverse CDF.
 */
export function percentile(samples: Array<[number, number]>, p: number): number {
  if (!samples.length) return NaN;
  const s = samples.slice().sort((x, y) => x[0] - y[0]);
  const w0 = s[0][1];
  if (s.every(([, w]) => w === w0)) {
    const h = ((s.length - 1) * p) / 100;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo][0] + (h - lo) * (s[hi][0] - s[lo][0]);
  }
  const total = s.reduce((acc, [, w]) => acc + w, 0);
  const goal = (p / 100) * total;
  let cum = 0;
  for (const [v, w] of s) {
    cum += w;
    if (cum >= goal - 1e-9) return v;
  }
  return s[s.length - 1][0];
}

/**
 * Parses time-in-range limits as staff type them: "airTemperature=18..27; airHumidity=45..85" (also "18-27",
 * "18~27", commas or new lines between metrics). Throws a CivicError naming the bad entry.
 */
export function parseRanges(text: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const raw of String(text ?? '').split(/[;\n、]+/)) {
    const part = raw.normalize('NFKC').trim();
    if (!part) continue;
    const m = /^([A-Za-z_][\w.]*)\s*[=:]\s*(-?\d+(?:\.\d+)?)\s*(?:\.\.|~|〜|–|to|-(?=\s*-?\d))\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m || Number(m[2]) > Number(m[3])) {
      throw new CivicError('civic-window-stats.errors.badRange', { entry: part }, `bad range "${part}" (write metric=low..high)`);
    }
    out[m[1]] = [Number(m[2]), Number(m[3])];
  }
  return out;
}

/** Parses a list of percentiles "50, 90, 95" (0–100). */
export function parsePercentiles(text: string): number[] {
  const list = String(text ?? '').split(/[,;\s、]+/).filter(Boolean).map(Number);
  const bad = list.find((p) => !Number.isFinite(p) || p < 0 || p > 100);
  if (bad !== undefined) throw new CivicError('civic-window-stats.errors.badPercentile', { got: String(bad) }, `percentile ${bad} is not between 0 and 100`);
  return list;
}

/** Flattens a window result's metrics for influxdb/charts: { airTemperature_mean: 24.1, ... }. */
export function flatten(result: WindowResult): Record<string, number | null> {
  const flat: Record<string, number | null> = {};
  for (const [metric, stats] of Object.entries(result.metrics)) {
    for (const [k, v] of Object.entries(stats)) flat[`${metric}_${k}`] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  if (result.distinct) flat.distinct = result.distinct.count;
  return flat;
}

/** The window-stats output message of a closed window (nested statistics, or flat `<metric>_<stat>` for InfluxDB). */
export function windowMessage(r: WindowResult, options: { output: 'nested' | 'flat'; distinctField?: string }): Record<string, unknown> {
  return {
    topic: r.topic, timestamp: r.end,
    payload: options.output === 'flat' ? flatten(r) : r.metrics,
    window: { start: r.start, end: r.end, startIso: new Date(r.start).toISOString(), endIso: new Date(r.end).toISOString(), kind: r.kind, count: r.count, late: r.late },
    ...(r.distinct ? { distinct: { field: options.distinctField, ...r.distinct } } : {}),
  };
}

/** A closed window's distinct count as a KPI value message (the KPI contract) for kpi-progress. */
export function distinctKpiMessage(r: WindowResult, kpi: string): Record<string, unknown> {
  return {
    topic: kpi,
    // asOf: the last instant inside the window, so a day ending at midnight on 1 April stays in the old fiscal year
    payload: { kpi, value: r.distinct?.count ?? 0, unit: 'count', asOf: new Date(r.end - 1).toISOString(),
      method: 'distinct-count', window: { start: r.start, end: r.end }, ...(r.topic === 'all' ? {} : { group: r.topic }) },
  };
}
