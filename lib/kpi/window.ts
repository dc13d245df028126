// Per-topic window statistics over reading messages: tumbling windows (minute/hour/day, aligned to local midnight)
// and sliding windows of N minutes built from 1-minute (hop) panes; numeric metrics, or counts per value for
// categorical data (survey answers). Percentiles come from a DDSketch (Masson, Rim & Lee, VLDB 2019), a mergeable
// quantile sketch with a relative-accuracy guarantee, so memory is bounded by topics × metrics × open panes and the
// values' range, never by the number of readings (the sketch's bins: window-sketch.ts). Clock injected; state
// serialisable.
import { bucketOf, type WindowUnit } from '../time';
import { CEND, COUNT, END, HEADER, Pane, QAT, SHAPE, Shapes, START, type Shape } from './window-pane';
import { SLAB_BITS, SLAB_MASK, Slabs, type Slab } from './window-slab';
import { FIRST_BIN_LIMIT, SKETCH_COLD, SKETCH_FIELDS, SketchLayout, type BinArray, type SketchJson } from './window-sketch';
import { recordOf, statsBuilder, type StatsBuilder } from './window-result';

/** Window kinds: back-to-back (tumbling) or the last N minutes (sliding). */
export const WINDOW_MODES = ['tumbling', 'sliding'] as const;
/** Units of a tumbling window. */
export const WINDOW_UNITS = ['minute', 'hour', 'day'] as const;
/** What is aggregated: statistics of numbers, or counts per value of a categorical field. */
export const WINDOW_AGGREGATES = ['metrics', 'counts'] as const;
/** Where a reading's time comes from: msg.timestamp, or the receive time. */
export const WINDOW_TIMESTAMPS = ['msg', 'now'] as const;
/** How readings are grouped into windows: per topic, or all together. */
export const WINDOW_GROUPING = ['topic', 'all'] as const;
/** Output shapes: nested statistics per metric, or flat numbers (to chain, for InfluxDB and charts). */
export const WINDOW_OUTPUTS = ['nested', 'flat'] as const;

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
  /** relative accuracy of the percentiles in percent of the value (DDSketch); default 1 */
  percentileAccuracy?: number;
  /** time-in-range limits per metric, e.g. { airTemperature: [18, 27] } */
  ranges?: Record<string, [number, number]>;
  /** cap of distinct values (and of values counted per value) per window; default 10000 */
  maxDistinct?: number;
  /** caps that bound memory: topics (default 100000), metrics per topic (default 50), open windows per topic (8) */
  maxTopics?: number;
  maxMetrics?: number;
  maxOpenPanes?: number;
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
  /** readings per value of the counted field (count-per-value mode); capped when more values than the cap */
  counts?: { values: Record<string, number>; total: number; capped: boolean };
  /** readings of this topic dropped as too late since the previous emitted window */
  late: number;
}

/** The names of `lists` in first-seen order, once each. */
function union(lists: ReadonlyArray<readonly string[]>): string[] {
  const names: string[] = [];
  for (const list of lists) for (const k of list) if (!names.includes(k)) names.push(k);
  return names;
}

/** Why a reading was not counted: 'late' (its window closed, beyond the grace), 'overflow' (a memory cap). */
export type AddOutcome = 'ok' | 'late' | 'overflow';

// Accumulators live in the pane's Float64Array (window-pane.ts), `stride` numbers per metric; with percentiles each
// metric's sketch fields follow its statistics, and the sketch bins of the pane share `q` (window-sketch.ts).
const N = 0, MEAN = 1, M2 = 2, MIN = 3, MAX = 4, SUM = 5, LAST = 6, LAST_TS = 7, IN_N = 8, IN_MS = 9, TOTAL_MS = 10, PREV_TS = 11, PREV_IN = 12;
const BASE_STRIDE = 8, RANGE_STRIDE = 13;

/**
 * A topic's panes (oldest first), how many metrics its last pane had and their interned names (its last closed pane's);
 * `parkedUntil`: once forgotten, the tick from which its state is dropped for good
 */
interface TopicState { panes: Pane[]; closedUntil: number; late: number; recent: Pane[] | null; width: number; shape: Shape; parkedUntil: number }

interface PaneJson { s: number; e: number; n: number; m: string[]; v: number[]; k?: Array<SketchJson | null>; d?: string[]; c?: boolean; q?: Array<[string, number]> }

/** Serialisable state (for node context). */
export interface WindowState {
  version: 2;
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
  /** the percentiles as quantiles (0–1) and as the statistics' names (p50, ...), made once */
  private readonly quantiles: number[];
  private readonly pctKeys: Array<`p${number}`>;
  /** a metric's statistics, and a ranged metric's, as one object literal with the keys in the output's order */
  private readonly buildStats: StatsBuilder<MetricStats>;
  private readonly buildRanged: StatsBuilder<MetricStats>;
  /** the percentiles of the metric whose statistics are being built */
  private readonly pv: Float64Array;
  private readonly sketch: SketchLayout | null;
  /** a Map: a metric named "constructor" or "__proto__" is found only when a range was set for it */
  private readonly ranges: Map<string, [number, number]>;
  /** numbers per metric: statistics (`base`), then the sketch fields when percentiles are asked for */
  private readonly stride: number;
  /** numbers per metric at the end of a pane's array (the sketch's fields that few readings touch) */
  private readonly cold: number;
  private readonly base: number;
  private readonly ranged: boolean;
  private readonly maxDistinct: number;
  private readonly maxTopics: number;
  private readonly maxMetrics: number;
  private readonly maxOpen: number;
  private topics = new Map<string, TopicState>();
  /**
   * The open pane that took each topic's last reading: the common reading goes map → numbers (a slab ref, when the
   * pane's numbers and bins are in a slab) or map → pane → numbers, without the topic's state in between (on 10,000
   * topics each object on that path is a cache miss, and they come one after another)
   */
  private current = new Map<string, Pane | number>();
  private readonly slabs = new Slabs<Pane>();
  private readonly shapes = new Shapes();
  /**
   * Topics forgotten at a tick leave `topics` (so the order of results and of saved state stays that of the topics'
   * returns) and wait here, with their entry in `current`, until a tick after the window open at that tick has closed
   * (an earlier tick, e.g. one right after the closing, keeps them): a topic back in the next window takes its state
   * object back and its new pane is laid out with its last pane's metrics at once (a hint that its first reading
   * confirms or cuts back, so the pane's names stay those of its own readings)
   */
  private parked = new Map<string, TopicState>();
  /** the pane paneFor() last laid out by such a hint (the reading that asked for it confirms the hint) */
  private hinted: Pane | null = null;
  /** what `current` holds for a topic whose pane closed: bounds no reading falls in (a set, unlike a delete, keeps the map's size) */
  private readonly none = new Pane(NaN, NaN, this.shapes.root, new Float64Array(HEADER));
  /** metrics of the pane closed last: a new topic's first pane allocates room for as many */
  private width = 0;
  /**
   * bytes for the bins of a new pane: twice what the panes of the last closing used on average (panes that outgrow it
   * leave their slab, and its fast path). It changes only when that leaves [binRoom / 2, binRoom]: the size of a pane's
   * region, and so its slabs, stay from one window to the next (taken from the last closed pane alone, the room
   * changed every few hours in the bench, and every pane of the next window took new slabs)
   */
  private binRoom = 16;
  private usedSum = 0;
  private usedN = 0;
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
    this.quantiles = this.pcts.map((p) => p / 100);
    this.pctKeys = this.pcts.map((p) => `p${p}` as const);
    this.buildStats = statsBuilder(this.pctKeys, false);
    this.buildRanged = statsBuilder(this.pctKeys, true);
    this.pv = new Float64Array(this.pcts.length);
    const accuracy = Math.min(0.5, Math.max(0.0001, (options.percentileAccuracy ?? 1) / 100));
    this.ranges = new Map(Object.entries(options.ranges ?? {}));
    this.ranged = this.ranges.size > 0;
    this.base = this.ranged ? RANGE_STRIDE : BASE_STRIDE;
    this.stride = this.base + (this.pcts.length ? SKETCH_FIELDS : 0);
    this.cold = this.pcts.length ? SKETCH_COLD : 0;
    // one mapping for every sketch: the panes of a sliding window merge bin by bin
    this.sketch = this.pcts.length ? new SketchLayout(accuracy, this.stride, this.base, HEADER) : null;
    this.maxDistinct = options.maxDistinct ?? 10000;
    this.maxTopics = options.maxTopics ?? 100000;
    this.maxMetrics = options.maxMetrics ?? 50;
    this.maxOpen = options.maxOpenPanes ?? 8;
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

  /** The pane of `topic` that takes a reading at `ts` (its current pane did not), or why there is none. */
  private paneFor(topic: string, ts: number, now: number): Pane | 'late' | 'overflow' {
    let t = this.topics.get(topic);
    let hint = this.shapes.root;
    if (t === undefined) {
      if (this.topics.size >= this.maxTopics) { this.dropped.overflow++; return 'overflow'; }
      t = this.parked.get(topic);
      if (t !== undefined) {                                // as new as a fresh state, but for the layout hint
        this.parked.delete(topic);
        hint = t.shape;
        t.closedUntil = -Infinity; t.late = 0; t.shape = this.shapes.root;
      } else t = { panes: [], closedUntil: -Infinity, late: 0, recent: null, width: this.width, shape: this.shapes.root, parkedUntil: 0 };
      this.topics.set(topic, t);
    }
    const panes = t.panes;
    for (let i = panes.length - 1; i >= 0; i--) if (ts >= panes[i].start && ts < panes[i].end) return panes[i];
    const b = this.bucket(ts);
    if (b.start < t.closedUntil || b.end + this.grace <= now) { t.late++; this.dropped.late++; return 'late'; }
    if (panes.length >= this.maxOpen) { this.dropped.overflow++; return 'overflow'; }
    const pane = this.newPane(b.start, b.end, t.width);
    if (hint.names.length && this.layOut(pane, hint)) this.hinted = pane;
    let i = panes.length;
    while (i > 0 && panes[i - 1].start > b.start) i--;
    panes.splice(i, 0, pane);
    return pane;
  }

  /**
   * A new pane with room for `width` metrics: [header, every metric's hot numbers, the bins, the cold numbers], so that a
   * reading touches neighbouring memory; in a slab's region when one is free, else in arrays of its own
   */
  private newPane(start: number, end: number, width: number): Pane {
    const bins = this.sketch ? this.binRoom : 0;
    const hot = HEADER + width * this.stride, size = hot + bins / 8 + width * this.cold;
    // (a pane with no metrics yet, a new topic's before any window closed, outgrows any region at its first reading)
    const ref = width > 0 ? this.slabs.alloc(size) : -1;
    const buf = ref >= 0 ? this.slabs.slab(ref).f.buffer : new ArrayBuffer(size * 8);
    const at = ref >= 0 ? (ref & SLAB_MASK) * 8 : 0;
    const v = new Float64Array(buf, at, size);
    const pane = new Pane(start, end, this.shapes.root, v, bins ? new Uint8Array(buf, at + hot * 8, bins) : null, ref);
    v[QAT] = at + hot * 8;
    pane.room = width;
    if (ref >= 0) this.slabs.own(ref, pane);
    return pane;
  }

  /** Gives a new, empty pane the metrics of `shape` (interned, as many as its room at most), each initialised as slot() does. */
  private layOut(pane: Pane, shape: Shape): boolean {
    if (shape.names.length > pane.room) return false;
    pane.shape = shape;
    for (let k = 0; k < shape.names.length; k++) this.initSlot(pane.v, HEADER + k * this.stride);
    return true;
  }

  /** A hinted pane's names cut back to the `k` its first reading confirmed, in order (the others are still empty). */
  private cutBack(pane: Pane, k: number): void {
    pane.shape = this.shapes.of(pane.names.slice(0, k));
  }

  /** Whether a reading can reach `pane` by its slab ref: its numbers and byte bins still in the region, its names interned. */
  private inSlab(pane: Pane): boolean {
    if (pane.ref < 0 || pane.shape.id < 0) return false;
    const buf = this.slabs.slab(pane.ref).f.buffer;
    return pane.v.buffer === buf && (pane.q === null || (pane.q.buffer === buf && pane.qMax === FIRST_BIN_LIMIT));
  }

  /** Gives a pane's region back (the pane is no longer referred to). */
  private drop(pane: Pane): void {
    if (pane.ref < 0) return;
    this.slabs.free(pane.ref);
  }

  /** The slot of metric `name` in `pane` (a new one when the pane has room), or -1. */
  private slot(pane: Pane, name: string): number {
    const i = pane.names.indexOf(name);
    if (i >= 0) return i;
    if (this.metricSet && !this.metricSet.has(name)) return -1;
    if (pane.names.length >= this.maxMetrics) return -1;
    const k = pane.names.length;
    pane.shape = this.shapes.extend(pane.shape, name);
    const o = HEADER + k * this.stride, c = this.cold;
    if (k >= pane.room) {                                   // hot numbers stay at the start, cold ones at the end
      const grown = new Float64Array(HEADER + (k + 1) * (this.stride + c));
      grown.set(pane.v.subarray(0, o));
      if (c) grown.set(pane.v.subarray(pane.v.length - k * c), grown.length - k * c);
      grown[CEND] = grown.length;
      pane.v = grown;
      pane.room = k + 1;
    }
    this.initSlot(pane.v, o);
    return k;
  }

  /** The starting numbers of the metric at `o` of `v` (the rest are zeros). */
  private initSlot(v: Float64Array, o: number): void {
    v[o + MIN] = Infinity; v[o + MAX] = -Infinity; v[o + LAST] = NaN; v[o + LAST_TS] = -Infinity;
    if (this.ranged) v[o + PREV_TS] = NaN;
    if (this.sketch) this.sketch.init(v, o);
  }

  /**
   * Adds one reading of `topic` measured at `ts` (epoch ms) with numeric `values`; `distinct` is the value of the
   * distinct-count field, `category` the value counted in count-per-value mode (both optional). `now` is the clock:
   * a reading whose window closed (end + grace ≤ now) is late.
   */
  add(topic: string, ts: number, values: Record<string, unknown>, now: number, distinct?: unknown, category?: unknown): AddOutcome {
    // the pane's numbers are a[base...], its bins q[qo...]: a slab's arrays (no pane object on the way) or the pane's own
    const cur = this.current.get(topic);
    let a = this.none.v, base = 0, q: BinArray | null, qo = 0, qMax = FIRST_BIN_LIMIT;
    let pane: Pane | undefined, names: readonly string[];
    let slab: Slab<Pane> | undefined;
    if (typeof cur === 'number') {
      slab = this.slabs.list[cur >>> SLAB_BITS] as Slab<Pane>;
      a = slab.f; base = cur & SLAB_MASK;
      if (!(ts >= a[base + START] && ts < a[base + END])) slab = undefined;
    } else if (cur !== undefined && ts >= cur.v[START] && ts < cur.v[END]) pane = cur;
    let moved = false, hinted = false;
    if (slab !== undefined) {
      q = slab.b; qo = a[base + QAT];
      names = this.shapes.list[a[base + SHAPE]].names;
    } else {
      if (pane === undefined) {
        const p = this.paneFor(topic, ts, now);
        if (typeof p === 'string') return p;
        pane = p;
        moved = true;
        hinted = p === this.hinted;
        this.hinted = null;
      }
      ({ v: a, q, qMax, names } = pane);
    }
    a[base + COUNT]++;
    this.lastCloseAt = a[base + END] + this.grace;
    const stride = this.stride, sk = this.sketch;
    let idx = 0;
    // the accumulator update is written out in the loop: a call per metric boxed each value (a heap number per
    // metric per reading: a third of the time went to the garbage collector). What needs the pane object (a new
    // metric, wider or more bins) takes it, and the rest of the reading goes through the pane's arrays
    for (const name in values) {
      const v = values[name];
      if (typeof v !== 'number' || v - v !== 0) continue;             // finite numbers only
      let k: number;
      if (names[idx] === name) k = idx++;
      else {
        if (hinted) { this.cutBack(pane as Pane, idx); hinted = false; }
        pane ??= this.slabs.owner(cur as number);
        k = this.slot(pane, name);
        ({ v: a, q, qMax, names } = pane); base = qo = 0; moved = true;   // slot() may grow pane.v
        if (k < 0) continue;
        if (k === idx) idx++;
      }
      let o = base + HEADER + k * stride;
      const n = ++a[o + N];
      const delta = v - a[o + MEAN];
      a[o + MEAN] += delta / n;
      a[o + M2] += delta * (v - a[o + MEAN]);
      if (v < a[o + MIN]) a[o + MIN] = v;
      if (v > a[o + MAX]) a[o + MAX] = v;
      a[o + SUM] += v;
      if (ts >= a[o + LAST_TS]) { a[o + LAST] = v; a[o + LAST_TS] = ts; }
      if (this.ranged) {
        const r = this.ranges.get(name);
        if (r) this.rangeStep(a, o, v >= r[0] && v <= r[1], ts);
      }
      if (sk === null) continue;
      if (!(n <= qMax)) {
        pane ??= this.slabs.owner(cur as number);
        sk.widen(pane, n);
        ({ v: a, q, qMax } = pane); base = qo = 0; moved = true; o = HEADER + k * stride;
      }
      // a value that is not positive: the negative store and zero count, at the end of the pane's numbers
      if (v > sk.min ? !sk.place(a, o + this.base, q, qo, v) : !sk.placeCold(a, base + a[base + CEND] - (k + 1) * SKETCH_COLD, q, qo, v)) {
        pane ??= this.slabs.owner(cur as number);
        sk.add(pane, o - base, v);
        ({ v: a, q, qMax } = pane); base = qo = 0; moved = true;
      }
    }
    if (hinted && idx < names.length) this.cutBack(pane as Pane, idx);
    if (moved) this.current.set(topic, this.inSlab(pane as Pane) ? (pane as Pane).ref : pane as Pane);
    if (distinct !== undefined || category !== undefined) this.addValue(pane ?? this.slabs.owner(cur as number), distinct, category);
    return 'ok';
  }

  /** The distinct-count and count-per-value parts of a reading (see add). */
  private addValue(pane: Pane, distinct: unknown, category: unknown): void {
    if (distinct !== undefined && distinct !== null && distinct !== '') this.addDistinct(pane, String(distinct));
    if (category !== undefined && category !== null && category !== '') this.addCount(pane, String(category));
  }

  /** Time in range: the previous reading's state held until this one (readings out of order count only in n). */
  private rangeStep(a: Float64Array, o: number, inside: boolean, ts: number): void {
    if (inside) a[o + IN_N]++;
    const prev = a[o + PREV_TS];
    if (prev === prev && ts >= prev) {
      a[o + TOTAL_MS] += ts - prev;
      if (a[o + PREV_IN]) a[o + IN_MS] += ts - prev;
    }
    if (prev !== prev || ts >= prev) { a[o + PREV_TS] = ts; a[o + PREV_IN] = inside ? 1 : 0; }
  }

  private addDistinct(pane: Pane, key: string): void {
    const set = (pane.distinct ??= new Set());
    if (set.size < this.maxDistinct || set.has(key)) set.add(key);
    else pane.capped = true;
  }

  private addCount(pane: Pane, key: string): void {
    const counts = (pane.counts ??= new Map());
    const had = counts.get(key);
    if (had !== undefined) counts.set(key, had + 1);
    else if (counts.size < this.maxDistinct) counts.set(key, 1);
    else pane.capped = true;
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
    for (const [topic, t] of this.parked) {                 // not back within the next window: gone
      if (now >= t.parkedUntil) { this.parked.delete(topic); this.current.delete(topic); }
    }
    for (const [topic, t] of this.topics) {
      if (!(t.panes.length && t.panes[0].end + this.grace <= now)) { this.forget(topic, t, now); continue; }
      // the current pane may close: `current` must not lead to its region, which the next pane of any topic may take
      this.current.set(topic, this.none);
      while (t.panes.length && t.panes[0].end + this.grace <= now) out.push(this.close(topic, t, t.panes.shift() as Pane));
      this.forget(topic, t, now);
    }
    this.sizeBins();
    // (as for parked topics: a slab emptied now waits until the window open now has closed)
    this.slabs.release(now, this.bucket(now).end + this.grace);
    return out;
  }

  /** Sets binRoom from the panes closed since the last call. */
  private sizeBins(): void {
    if (this.usedN === 0) return;
    const want = (Math.max(16, (2 * this.usedSum) / this.usedN) + 7) & ~7;
    if (want > this.binRoom || want < this.binRoom / 2) this.binRoom = want;
    this.usedSum = this.usedN = 0;
  }

  /** Closes every open window now, whatever the clock (e.g. on a "flush" message). */
  flush(): WindowResult[] {
    const out: WindowResult[] = [];
    this.current.clear();
    for (const [topic, t] of this.topics) {
      while (t.panes.length) out.push(this.close(topic, t, t.panes.shift() as Pane));
    }
    this.sizeBins();
    return out;
  }

  private forget(topic: string, t: TopicState, now: number): void {
    // a topic with nothing open and nothing recent enough to slide is dropped, so memory follows live topics
    if (t.panes.length) return;
    const recent = t.recent;
    const lastPane = recent ? recent[recent.length - 1] : undefined;
    const span = this.keep * (lastPane ? lastPane.end - lastPane.start : 0);
    const lastEnd = lastPane ? lastPane.end : t.closedUntil;
    if (now - lastEnd >= Math.max(span, 0) + this.grace) {
      this.topics.delete(topic);
      if (recent) for (const p of recent) this.drop(p);
      t.recent = null;                                      // (its panes' regions are free)
      t.parkedUntil = this.bucket(now).end + this.grace;
      this.parked.set(topic, t);
    }
  }

  private close(topic: string, t: TopicState, pane: Pane): WindowResult {
    if (this.ranged) {
      for (let k = 0; k < pane.names.length; k++) {
        const o = HEADER + k * this.stride, a = pane.v, prev = a[o + PREV_TS];
        if (prev === prev && pane.end > prev) {               // hold the last value until the window ends
          a[o + TOTAL_MS] += pane.end - prev;
          if (a[o + PREV_IN]) a[o + IN_MS] += pane.end - prev;
          a[o + PREV_TS] = pane.end;
        }
      }
    }
    if (pane.end > t.closedUntil) t.closedUntil = pane.end;
    t.width = this.width = pane.names.length;
    if (pane.shape.id >= 0) t.shape = pane.shape;
    if (this.sketch) { this.usedSum += Math.min(4096, pane.qUsed); this.usedN++; }
    const late = t.late;
    t.late = 0;
    if (this.mode === 'tumbling') {
      const r = this.result(topic, pane.start, pane.end, [pane], late);
      this.drop(pane);                                      // the pane is gone: nothing refers to its region
      return r;
    }
    const recent = (t.recent ??= []);
    recent.push(pane);
    const from = pane.end - (pane.end - pane.start) * this.keep;
    while (recent.length && recent[0].start < from) this.drop(recent.shift() as Pane);
    return this.result(topic, from, pane.end, recent, late);
  }

  private result(topic: string, start: number, end: number, panes: Pane[], late: number): WindowResult {
    let n = 0, capped = false, distinct = false, counts = false;
    for (const p of panes) { n += p.n; capped ||= p.capped; distinct ||= p.distinct !== undefined; counts ||= p.counts !== undefined; }
    const shape = panes.length === 1 && panes[0].shape.id >= 0 ? panes[0].shape : null;
    const names = shape ? shape.names : union(panes.map((p) => p.names));
    // own keys, whatever the names (a spread of a record of them, interned with the names)
    const metrics = { ...(shape ? (shape.record ??= recordOf(names)) : recordOf(names)) } as Record<string, MetricStats>;
    for (const name of names) metrics[name] = this.stats(name, panes);
    const res: WindowResult = { topic, start, end, kind: this.mode, count: n, metrics, late };
    if (distinct) {
      const all = new Set<string>();
      for (const p of panes) if (p.distinct) for (const v of p.distinct) all.add(v);
      res.distinct = { count: all.size, capped };
    }
    if (counts) {
      const values = new Map<string, number>();
      let total = 0;
      for (const p of panes) for (const [k, c] of p.counts ?? []) { values.set(k, (values.get(k) ?? 0) + c); total += c; }
      res.counts = { values: Object.fromEntries(values), total, capped };
    }
    return res;
  }

  private stats(name: string, panes: Pane[]): MetricStats {
    // Chan et al. pairwise merge of Welford accumulators
    let n = 0, mean = 0, m2 = 0, min = Infinity, max = -Infinity, sum = 0, last = NaN, lastTs = -Infinity;
    let inN = 0, inMs = 0, totalMs = 0, at = 0;
    const one = panes.length === 1;
    const sketched: Pane[] | null = one || !this.sketch ? null : [];
    const offsets: number[] | null = sketched && [];
    for (const p of panes) {
      const k = p.names.indexOf(name);
      if (k < 0) continue;                                  // (not with one pane: the names are its own)
      const a = p.v, o = HEADER + k * this.stride;
      const nb = a[o + N];
      const delta = a[o + MEAN] - mean;
      const nn = n + nb;
      mean += (delta * nb) / nn;
      m2 += a[o + M2] + (delta * delta * n * nb) / nn;
      n = nn;
      if (a[o + MIN] < min) min = a[o + MIN];
      if (a[o + MAX] > max) max = a[o + MAX];
      sum += a[o + SUM];
      if (a[o + LAST_TS] >= lastTs) { last = a[o + LAST]; lastTs = a[o + LAST_TS]; }
      if (this.ranged) { inN += a[o + IN_N]; inMs += a[o + IN_MS]; totalMs += a[o + TOTAL_MS]; }
      sketched?.push(p);
      offsets?.push(o);
      at = o;
    }
    const range = this.ranged ? this.ranges.get(name) : undefined;
    const pv = this.pv;
    if (this.sketch) {
      // a sliding window merges its panes' bins; the sketch answers within its relative accuracy, and the exact
      // min and max bound it at the ends
      if (one) this.sketch.answer(panes[0], at, this.quantiles, pv, min, max);
      else {
        const values = this.sketch.quantiles(sketched as Pane[], offsets as number[], this.quantiles);
        for (let i = 0; i < values.length; i++) pv[i] = Math.min(max, Math.max(min, values[i]));
      }
    }
    const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
    if (!range) return this.buildStats(n, mean, min, max, sum, last, sd, pv, 0, null);
    return this.buildRanged(n, mean, min, max, sum, last, sd, pv, n ? inN / n : 0, totalMs > 0 ? inMs / totalMs : null);
  }

  /** A deep, JSON-safe copy of the state (for node context); `restore` takes it back after a restart. */
  snapshot(): WindowState {
    const pane = (p: Pane): PaneJson => {
      // the statistics of each metric (the same numbers whether or not percentiles are on), then the sketches
      const v: number[] = [];
      for (let k = 0; k < p.names.length; k++) for (let i = 0; i < this.base; i++) v.push(p.v[HEADER + k * this.stride + i]);
      const j: PaneJson = { s: p.start, e: p.end, n: p.n, m: [...p.names], v };
      if (this.sketch) j.k = p.names.map((_n, k) => (this.sketch as SketchLayout).toJson(p, HEADER + k * this.stride));
      if (p.distinct) j.d = [...p.distinct];
      if (p.counts) j.q = [...p.counts];
      if (p.capped) j.c = true;
      return j;
    };
    const topics: WindowState['topics'] = Object.fromEntries([...this.topics].map(([k, t]) =>
      [k, { closedUntil: t.closedUntil, late: t.late, panes: t.panes.map(pane), recent: (t.recent ?? []).map(pane) }]));
    // JSON has no Infinity/NaN: encode through strings where needed
    return JSON.parse(JSON.stringify({ version: 2, topics, dropped: { ...this.dropped } }, (_k, v) =>
      (typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v))) as WindowState;
  }

  /** Restores a snapshot (ignores anything unreadable: a fresh start is better than a crash). */
  restore(state: unknown): void {
    const s = state as WindowState | undefined;
    if (!s || typeof s !== 'object' || s.version !== 2 || !s.topics) return;
    const num = (v: unknown): number => (typeof v === 'string' && v.startsWith('#') ? Number(v.slice(1)) : Number(v));
    const pane = (j: PaneJson): Pane => {
      let names = (j.m ?? []).map(String);
      const v = (j.v ?? []).map(num);
      if (v.length !== names.length * this.base) names = [];        // saved with other ranges
      const p = new Pane(num(j.s), num(j.e), this.shapes.of(names), new Float64Array(HEADER + names.length * (this.stride + this.cold)));
      p.n = num(j.n);
      p.room = names.length;
      for (let k = 0; k < names.length; k++) {
        p.v.set(v.slice(k * this.base, (k + 1) * this.base), HEADER + k * this.stride);
        this.sketch?.init(p.v, HEADER + k * this.stride);
      }
      names.forEach((_n, k) => this.sketch?.fromJson(p, HEADER + k * this.stride, j.k?.[k], p.v[HEADER + k * this.stride + N]));
      if (j.d) p.distinct = new Set(j.d);
      if (j.q) p.counts = new Map(j.q);
      p.capped = j.c === true;
      return p;
    };
    this.topics.clear();
    this.current.clear();
    this.parked.clear();
    this.slabs.reset();
    for (const [k, t] of Object.entries(s.topics)) {
      const panes = (t.panes ?? []).map(pane);
      this.topics.set(k, { closedUntil: num(t.closedUntil), late: num(t.late) || 0, panes,
        recent: t.recent?.length ? t.recent.map(pane) : null, width: panes[0]?.names.length ?? 0, shape: this.shapes.root, parkedUntil: 0 });
    }
    if (s.dropped) this.dropped = { late: num(s.dropped.late) || 0, overflow: num(s.dropped.overflow) || 0 };
  }
}

