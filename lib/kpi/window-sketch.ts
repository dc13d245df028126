// The percentiles of window-stats: a DDSketch (Masson, Rim & Lee, VLDB 2019, §2: logarithmic bins, a dense store
// for positive values, one for negative values, a zero count) whose bins live in one typed array per window pane,
// shared by the pane's metrics. The key mapping and the bin values are @datadog/sketches-js's own LogarithmicMapping
// (its keys found by table, window-keys.ts), and the rank walk follows its DenseStore.keyAtRank, so a window answers
// exactly what that library's DDSketch answers for the same readings. Why not the library's objects per metric: three
// objects and two growing arrays per metric made a topic 4.7 kB and the insert cost more than the whole accumulator
// update.
//
// Bin counters start as bytes (72 readings per topic-hour fit) and move up a ladder Uint8 → Uint16 → Uint32 → Float64
// before a metric of the pane counts past the rung's limit: on 10,000 topics a reading's five bin increments then fall
// in one or two cache lines instead of five, and a pane's bins take a quarter of the memory.
import { DDSketch } from '@datadog/sketches-js';
import { keyTable, type KeyTable } from './window-keys';

type Mapping = DDSketch['mapping'];

/**
 * Numbers a metric's sketch keeps in the pane's Float64Array right after its statistics: the positive values' store,
 * [start in q, length, key of its first bin], read on every reading of a positive value.
 */
export const SKETCH_FIELDS = 3;
/**
 * Numbers kept at the end of the pane's array (metric k's at length − (k + 1) × SKETCH_COLD), away from the lines every
 * reading touches: the negative values' store and the zero count.
 */
export const SKETCH_COLD = 4;
const N_AT = 0, ZERO = 3;
// within a store's fields
const LEN = 1, KEY = 2;
const UINT32_LIMIT = 0xffffffff;
/** The bins' array types, narrowest first, and the largest count each holds (the pane's `qMax`). */
const LADDER = [Uint8Array, Uint16Array, Uint32Array, Float64Array] as const;
const LIMITS = [0xff, 0xffff, UINT32_LIMIT, Infinity] as const;
/** The largest count a new pane's (byte) bins hold. */
export const FIRST_BIN_LIMIT = LIMITS[0];
/** A pane's bin counters: one of LADDER. */
export type BinArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;
const MAX_JSON_BINS = 100_000;

/** The parts of a window pane the sketch code uses. */
export interface SketchPane {
  readonly names: readonly string[];
  v: Float64Array;
  /** every metric's bins; null until the first value */
  q: BinArray | null;
  /** the largest count q's type holds (the type of q once it exists) */
  qMax: number;
  /** bins in use (live or left behind by a store that grew) */
  qUsed: number;
}

/** A store in JSON (the state format since window-stats 2): [count, first key, bins...], [] when empty. */
type StoreJson = number[];
/** A metric's sketch in JSON. */
export interface SketchJson { z: number; p: StoreJson; q: StoreJson }

/** The sketch code of one WindowStats: its mapping and where the sketch fields sit in a metric's numbers. */
export class SketchLayout {
  readonly mapping: Mapping;
  /** values in (−min, min) count in the zero bin */
  readonly min: number;
  private readonly keys: KeyTable;

  /**
   * `stride`: numbers per metric; `at`: where the sketch fields start within a metric's numbers; `first`: where the
   * first metric's numbers start in the pane's array.
   */
  constructor(relativeAccuracy: number, readonly stride: number, readonly at: number, private readonly first: number) {
    this.mapping = new DDSketch({ relativeAccuracy }).mapping;
    this.min = this.mapping.minPossible;
    this.keys = keyTable(relativeAccuracy, this.mapping);
  }

  /** Empty sketch fields for a new metric at `o` (the metric's first number) of a pane's array `a`. */
  init(a: Float64Array, o: number): void {
    const s = o + this.at, c = this.cold(a, o);
    a[s] = -1; a[s + LEN] = 0; a[s + KEY] = 0;
    a[c + N_AT] = -1; a[c + N_AT + LEN] = 0; a[c + N_AT + KEY] = 0; a[c + ZERO] = 0;
  }

  /** Where the cold fields of the metric at `o` of a pane's array `a` start. */
  private cold(a: Float64Array, o: number): number {
    return a.length - ((o - this.first) / this.stride + 1) * SKETCH_COLD;
  }

  /** The fields of the metric at `o`'s store for values of v's sign (v not in the zero bin). */
  private store(a: Float64Array, o: number, v: number): number {
    return v > 0 ? o + this.at : this.cold(a, o) + N_AT;
  }

  /**
   * Adds `v` (above min) to the sketch whose positive store starts at `f` in `a`, when its bin exists: the bins are `q`
   * from `qo` on (a pane's own q, or its region of a slab's bytes). False when the store must grow first (then `add`,
   * with the pane), or when v is not above min (then `placeCold`).
   */
  place(a: Float64Array, f: number, q: BinArray | null, qo: number, v: number): boolean {
    return v > this.min && bump(a, f, q, qo, this.keys.key(v));
  }

  /** `place` for a value that is not above min: `c` is where the metric's cold numbers start in `a`. */
  placeCold(a: Float64Array, c: number, q: BinArray | null, qo: number, v: number): boolean {
    if (!(v < -this.min)) { a[c + ZERO]++; return true; }
    return bump(a, c + N_AT, q, qo, this.keys.key(-v));
  }

  /** Adds `v` to the sketch of the metric at `o` of pane `p`, growing its store when needed. */
  add(p: SketchPane, o: number, v: number): void {
    const a = p.v;
    if (!(v > this.min || v < -this.min)) { a[this.cold(a, o) + ZERO]++; return; }
    const f = this.store(a, o, v), key = this.keys.key(v > 0 ? v : -v);
    if (a[f] < 0 || key < a[f + KEY] || key >= a[f + KEY] + a[f + LEN]) this.grow(p, f, key);
    (p.q as BinArray)[a[f] + key - a[f + KEY]]++;
  }

  /** Makes room for `key` in the store whose fields start at `f`: a longer run of bins at the end of q. */
  private grow(p: SketchPane, f: number, key: number): void {
    const a = p.v;
    const had = a[f] >= 0;
    const len = had ? a[f + LEN] : 0;
    let lo = had ? Math.min(a[f + KEY], key) : key - 3;
    let hi = had ? Math.max(a[f + KEY] + len - 1, key) : key + 4;
    // room to grow on the side the values went: a sensor drifting through the day moves a bin at a time
    const slack = Math.max(4, len >> 1);
    if (had && key < a[f + KEY]) lo -= slack;
    else if (had) hi += slack;
    const size = hi - lo + 1;
    const start = this.reserve(p, size);                  // may compact q: a[f] is read after it
    if (had) (p.q as BinArray).copyWithin(start + a[f + KEY] - lo, a[f], a[f] + len);   // the old run is left behind
    a[f] = start; a[f + LEN] = size; a[f + KEY] = lo;
  }

  /** Start of `size` free bins in q, growing or compacting q when needed. */
  private reserve(p: SketchPane, size: number): number {
    if (p.q && p.qUsed + size <= p.q.length) {
      const start = p.qUsed;
      p.qUsed += size;
      return start;
    }
    const old = p.q;
    const live = old ? this.live(p) : 0;
    const next = new LADDER[LIMITS.indexOf(p.qMax as typeof LIMITS[number])](Math.max(16, Math.ceil((live + size) * 1.5)));
    let used = 0;
    for (let k = 0; k < p.names.length && old; k++) {
      const o = this.first + k * this.stride;
      for (const f of [this.store(p.v, o, 1), this.store(p.v, o, -1)]) {
        if (p.v[f] < 0) continue;
        next.set(old.subarray(p.v[f], p.v[f] + p.v[f + LEN]), used);
        p.v[f] = used;
        used += p.v[f + LEN];
      }
    }
    p.q = next;
    p.qUsed = used + size;
    return used;
  }

  private live(p: SketchPane): number {
    let n = 0;
    for (let k = 0; k < p.names.length; k++) {
      const o = this.first + k * this.stride;
      for (const f of [this.store(p.v, o, 1), this.store(p.v, o, -1)]) if (p.v[f] >= 0) n += p.v[f + LEN];
    }
    return n;
  }

  /** Moves the pane's bins up the ladder until a bin holds `count`: a metric of the pane is about to count that many. */
  widen(p: SketchPane, count: number): void {
    let r = LIMITS.indexOf(p.qMax as typeof LIMITS[number]);
    while (!(LIMITS[r] >= count) && r < LIMITS.length - 1) r++;          // NaN (an unreadable count): Float64
    p.qMax = LIMITS[r];
    if (p.q && !(p.q instanceof LADDER[r])) p.q = LADDER[r].from(p.q);
  }

  /**
   * The value at each quantile `qs` (0–1) of the metric found at offset `os[i]` of `panes[i]` together (a sliding
   * window's panes), as DDSketch.getValueAtQuantile answers: rank q·(n − 1), the bin's value; NaN when empty.
   */
  quantiles(panes: SketchPane[], os: number[], qs: number[]): number[] {
    const pos = this.merged(panes, os, 1);
    const neg = this.merged(panes, os, -1);
    let zero = 0;
    for (let i = 0; i < panes.length; i++) zero += panes[i].v[this.cold(panes[i].v, os[i]) + ZERO];
    const count = pos.count + neg.count + zero;
    const out: number[] = [];
    for (const q of qs) {
      const rank = q * (count - 1);
      if (count === 0 || !(q >= 0 && q <= 1)) out.push(NaN);
      else if (rank < neg.count) out.push(-this.keys.value(keyAtRank(neg.counts, 0, neg.len, neg.key, neg.count - rank - 1, false)));
      else if (rank < neg.count + zero) out.push(0);
      else out.push(this.keys.value(keyAtRank(pos.counts, 0, pos.len, pos.key, rank - zero - neg.count, true)));
    }
    return out;
  }

  /**
   * `quantiles` for the metric at `o` of one pane, written into `out` in the order of `qs` and clamped to [min, max] (the
   * exact bounds): the bins are read in place, with no merged copy (a closing runs this per topic and metric)
   */
  answer(p: SketchPane, o: number, qs: readonly number[], out: Float64Array, min: number, max: number): void {
    const a = p.v, q = p.q as BinArray, f = o + this.at, c = this.cold(a, o), g = c + N_AT;
    const pos = a[f] < 0 ? 0 : sum(q, a[f], a[f + LEN]);
    // with every value above min, the cold numbers (another cache line at a closing) hold nothing
    const positive = min > this.min;
    const neg = positive || a[g] < 0 ? 0 : sum(q, a[g], a[g + LEN]);
    const zero = positive ? 0 : a[c + ZERO], count = pos + neg + zero;
    for (let i = 0; i < qs.length; i++) {
      const x = qs[i], rank = x * (count - 1);
      let v: number;
      if (count === 0 || !(x >= 0 && x <= 1)) v = NaN;
      else if (rank < neg) v = -this.keys.value(keyAtRank(q, a[g], a[g + LEN], a[g + KEY], neg - rank - 1, false));
      else if (rank < neg + zero) v = 0;
      else v = this.keys.value(keyAtRank(q, a[f], a[f + LEN], a[f + KEY], rank - zero - neg, true));
      out[i] = Math.min(max, Math.max(min, v));
    }
  }

  /** One store's bins over several panes (`sign` 1: the positive values', -1: the negative's): counts from the lowest key. */
  private merged(panes: SketchPane[], os: number[], sign: number): Bins {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < panes.length; i++) {
      const a = panes[i].v, f = this.store(a, os[i], sign);
      if (a[f] < 0) continue;
      lo = Math.min(lo, a[f + KEY]);
      hi = Math.max(hi, a[f + KEY] + a[f + LEN] - 1);
    }
    if (lo > hi) return { key: 0, counts: [], len: 0, count: 0 };
    const counts = new Float64Array(hi - lo + 1);
    for (let i = 0; i < panes.length; i++) {
      const a = panes[i].v, f = this.store(a, os[i], sign);
      if (a[f] < 0) continue;
      const q = panes[i].q as BinArray;
      for (let j = 0; j < a[f + LEN]; j++) counts[a[f + KEY] - lo + j] += q[a[f] + j];
    }
    return { key: lo, counts, len: counts.length, count: sum(counts, 0, counts.length) };
  }

  /** The metric's sketch at `o` as JSON. */
  toJson(p: SketchPane, o: number): SketchJson {
    return { z: p.v[this.cold(p.v, o) + ZERO], p: storeJson(p, this.store(p.v, o, 1)), q: storeJson(p, this.store(p.v, o, -1)) };
  }

  /**
   * Restores the metric's sketch at `o` from JSON (anything unreadable counts as empty); `n`: the metric's count, which
   * bounds its bins when the state is consistent (one that is not gets Float64 bins: nothing can overflow them)
   */
  fromJson(p: SketchPane, o: number, j: SketchJson | null | undefined, n: number): void {
    const a = p.v;
    this.init(a, o);
    if (!j || typeof j !== 'object') return;
    a[this.cold(a, o) + ZERO] = count(j.z);
    for (const [f, store] of [[this.store(a, o, 1), j.p], [this.store(a, o, -1), j.q]] as Array<[number, unknown]>) {
      if (!Array.isArray(store) || store.length < 3 || store.length > MAX_JSON_BINS || !Number.isSafeInteger(store[1])) continue;
      const bins = store.slice(2).map(count);
      const top = bins.reduce((m, c) => (c > m ? c : m), 0);
      this.widen(p, top <= n ? top : Infinity);
      const at = this.reserve(p, bins.length);
      (p.q as BinArray).set(bins, at);
      a[f] = at; a[f + LEN] = bins.length; a[f + KEY] = store[1] as number;
    }
  }
}

/** Counts `key` in the store whose fields start at `f` in `a` (bins: q from qo on); false when the store lacks the bin. */
function bump(a: Float64Array, f: number, q: BinArray | null, qo: number, key: number): boolean {
  const first = a[f + KEY];
  if (a[f] < 0 || key < first || key >= first + a[f + LEN]) return false;
  (q as BinArray)[qo + a[f] + key - first]++;
  return true;
}

/** Bins from key `key` on: counts[0], ..., counts[len − 1]; `count` their sum. */
interface Bins { key: number; counts: ArrayLike<number>; len: number; count: number }

function sum(c: ArrayLike<number>, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) n += c[i];
  return n;
}

/**
 * DenseStore.keyAtRank of @datadog/sketches-js: the key where the running count passes `rank`, over the bins c[from],
 * ..., c[from + len − 1] of keys `key`, `key` + 1, ...
 */
function keyAtRank(c: ArrayLike<number>, from: number, len: number, key: number, rank: number, lower: boolean): number {
  let running = 0, last = key;
  for (let i = 0; i < len; i++) {
    const n = c[from + i];
    if (n === 0) continue;
    running += n;
    last = key + i;
    if ((lower && running > rank) || (!lower && running >= rank + 1)) return last;
  }
  return last;
}

const count = (x: unknown): number => (typeof x === 'number' && x >= 0 && Number.isSafeInteger(x) ? x : 0);

function storeJson(p: SketchPane, f: number): StoreJson {
  const a = p.v;
  if (a[f] < 0 || !p.q) return [];
  let first = a[f], last = a[f] + a[f + LEN] - 1;
  while (first <= last && p.q[first] === 0) first++;
  while (last >= first && p.q[last] === 0) last--;
  if (first > last) return [];
  const bins = Array.from(p.q.subarray(first, last + 1));
  return [sum(bins, 0, bins.length), a[f + KEY] + first - a[f], ...bins];
}
