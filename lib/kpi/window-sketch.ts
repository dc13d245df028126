// The percentiles of window-stats: a DDSketch (Masson, Rim & Lee, VLDB 2019, §2: logarithmic bins, a dense store
// for positive values, one for negative values, a zero count) whose bins live in one Uint32Array per window pane,
// shared by the pane's metrics. The key mapping and the bin values are @datadog/sketches-js's own LogarithmicMapping,
// and the rank walk follows its DenseStore.keyAtRank, so a window answers exactly what that library's DDSketch
// answers for the same readings. Why not the library's objects per metric: three objects and two growing arrays per
// metric made a topic 4.7 kB and the insert cost more than the whole accumulator update.
//
// Per reading, a metric's last bin is remembered with the range of values already seen in it: a value inside that
// range lands in the same bin (the mapping is monotonic) without a logarithm, which is the common case for a sensor.
import { DDSketch } from '@datadog/sketches-js';

type Mapping = DDSketch['mapping'];

/** Numbers a metric's sketch keeps in the pane's Float64Array, after its statistics. */
export const SKETCH_FIELDS = 10;
// a store is [start in q, length, key of its first bin]; C_* remember the last bin and the values seen in it
const P_AT = 0, N_AT = 3, ZERO = 6, C_LO = 7, C_HI = 8, C_AT = 9;
// within a store's fields
const LEN = 1, KEY = 2;
/** Where the remembered range starts: `v >= a[o + CACHE_LO] && v <= a[o + CACHE_HI]` → `q[a[o + CACHE_AT]]++`. */
export const CACHE_LO = C_LO, CACHE_HI = C_HI, CACHE_AT = C_AT;
/** The largest count a Uint32Array bin holds; a pane whose metric reaches it moves to a Float64Array. */
export const UINT32_LIMIT = 0xffffffff;
const MAX_JSON_BINS = 100_000;

/** The parts of a window pane the sketch code uses. */
export interface SketchPane {
  readonly names: readonly string[];
  v: Float64Array;
  /** every metric's bins; null until the first value */
  q: Uint32Array | Float64Array | null;
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
  private readonly min: number;
  /** LogarithmicMapping.key written out (its formula, its constants): two calls fewer per value; 0 when unusable */
  private readonly mult: number;
  private readonly off: number;

  /**
   * `stride`: numbers per metric; `at`: where the sketch fields start within a metric's numbers; `first`: where the
   * first metric's numbers start in the pane's array.
   */
  constructor(relativeAccuracy: number, readonly stride: number, readonly at: number, private readonly first: number) {
    this.mapping = new DDSketch({ relativeAccuracy }).mapping;
    this.min = this.mapping.minPossible;
    const m = this.mapping as unknown as { _multiplier?: number; _offset?: number; key(x: number): number };
    const mult = Number(m._multiplier), off = Number(m._offset);
    const same = [1e-9, 0.37, 1, 3.45, 22.1, 600, 1e12].every((x) => Math.ceil(Math.log2(x) * mult) + off === m.key(x));
    this.mult = same ? mult : 0;
    this.off = off;
  }

  /** Empty sketch fields for a new metric at `o` (the metric's first number). */
  init(a: Float64Array, o: number): void {
    const s = o + this.at;
    for (let f = s; f < s + SKETCH_FIELDS; f++) a[f] = 0;
    a[s + P_AT] = -1; a[s + N_AT] = -1;
    forget(a, s);
  }

  /** Adds `v` to the sketch of the metric at `o` (the path for a value outside the remembered range). */
  add(p: SketchPane, o: number, v: number): void {
    const a = p.v, s = o + this.at;
    let f: number;
    if (v > this.min) f = s + P_AT;
    else if (v < -this.min) f = s + N_AT;
    else { a[s + ZERO]++; return; }
    const x = v > 0 ? v : -v;
    const key = this.mult !== 0 ? Math.ceil(Math.log2(x) * this.mult) + this.off : this.mapping.key(x);
    if (a[f] < 0 || key < a[f + KEY] || key >= a[f + KEY] + a[f + LEN]) this.grow(p, s, f, key);
    const at = a[f] + key - a[f + KEY];
    (p.q as Uint32Array)[at]++;
    if (at === a[s + C_AT]) {
      if (v < a[s + C_LO]) a[s + C_LO] = v;
      if (v > a[s + C_HI]) a[s + C_HI] = v;
    } else {
      a[s + C_AT] = at; a[s + C_LO] = v; a[s + C_HI] = v;
    }
  }

  /** Makes room for `key` in the store whose fields start at `f`: a longer run of bins at the end of q. */
  private grow(p: SketchPane, s: number, f: number, key: number): void {
    const a = p.v;
    const had = a[f] >= 0;
    const len = had ? a[f + LEN] : 0;
    let lo = had ? Math.min(a[f + KEY], key) : key - 1;
    let hi = had ? Math.max(a[f + KEY] + len - 1, key) : key + 2;
    // room to grow on the side the values went: a sensor drifting through the day moves a bin at a time
    const slack = Math.max(4, len >> 1);
    if (had && key < a[f + KEY]) lo -= slack;
    else if (had) hi += slack;
    const size = hi - lo + 1;
    const start = this.reserve(p, size);                  // may compact q: a[f] is read after it
    if (had) (p.q as Uint32Array).copyWithin(start + a[f + KEY] - lo, a[f], a[f] + len);   // the old run is left behind
    a[f] = start; a[f + LEN] = size; a[f + KEY] = lo;
    forget(a, s);
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
    const next = new (old instanceof Float64Array ? Float64Array : Uint32Array)(Math.max(16, Math.ceil((live + size) * 1.5)));
    let used = 0;
    for (let k = 0; k < p.names.length && old; k++) {
      const s = this.first + k * this.stride + this.at;
      for (const f of [s + P_AT, s + N_AT]) {
        if (p.v[f] < 0) continue;
        next.set(old.subarray(p.v[f], p.v[f] + p.v[f + LEN]), used);
        p.v[f] = used;
        used += p.v[f + LEN];
      }
      forget(p.v, s);
    }
    p.q = next;
    p.qUsed = used + size;
    return used;
  }

  private live(p: SketchPane): number {
    let n = 0;
    for (let k = 0; k < p.names.length; k++) {
      const s = this.first + k * this.stride + this.at;
      if (p.v[s + P_AT] >= 0) n += p.v[s + P_AT + LEN];
      if (p.v[s + N_AT] >= 0) n += p.v[s + N_AT + LEN];
    }
    return n;
  }

  /** Moves the pane's bins to a Float64Array: a metric of the pane is about to count its 2³²-th value. */
  widen(p: SketchPane): void {
    if (!p.q) p.q = new Float64Array(0);
    else if (p.q instanceof Uint32Array) p.q = Float64Array.from(p.q);
  }

  /**
   * The value at each quantile `qs` (0–1) of the metric found at offset `os[i]` of `panes[i]` together (a sliding
   * window's panes), as DDSketch.getValueAtQuantile answers: rank q·(n − 1), the bin's value; NaN when empty.
   */
  quantiles(panes: SketchPane[], os: number[], qs: number[]): number[] {
    const pos = this.merged(panes, os, P_AT);
    const neg = this.merged(panes, os, N_AT);
    let zero = 0;
    for (let i = 0; i < panes.length; i++) zero += panes[i].v[os[i] + this.at + ZERO];
    const count = pos.count + neg.count + zero;
    return qs.map((q) => {
      if (count === 0 || !(q >= 0 && q <= 1)) return NaN;
      const rank = q * (count - 1);
      if (rank < neg.count) return -this.mapping.value(keyAtRank(neg, neg.count - rank - 1, false));
      if (rank < neg.count + zero) return 0;
      return this.mapping.value(keyAtRank(pos, rank - zero - neg.count, true));
    });
  }

  /** One store's bins over several panes: counts from the lowest key. */
  private merged(panes: SketchPane[], os: number[], which: number): Bins {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < panes.length; i++) {
      const a = panes[i].v, f = os[i] + this.at + which;
      if (a[f] < 0) continue;
      lo = Math.min(lo, a[f + KEY]);
      hi = Math.max(hi, a[f + KEY] + a[f + LEN] - 1);
    }
    if (lo > hi) return { key: 0, counts: [], count: 0 };
    if (panes.length === 1) {
      const a = panes[0].v, f = os[0] + this.at + which;
      const counts = (panes[0].q as Uint32Array).subarray(a[f], a[f] + a[f + LEN]);
      return { key: lo, counts, count: sum(counts) };
    }
    const counts = new Float64Array(hi - lo + 1);
    for (let i = 0; i < panes.length; i++) {
      const a = panes[i].v, f = os[i] + this.at + which;
      if (a[f] < 0) continue;
      const q = panes[i].q as Uint32Array;
      for (let j = 0; j < a[f + LEN]; j++) counts[a[f + KEY] - lo + j] += q[a[f] + j];
    }
    return { key: lo, counts, count: sum(counts) };
  }

  /** The metric's sketch at `o` as JSON. */
  toJson(p: SketchPane, o: number): SketchJson {
    const s = o + this.at;
    return { z: p.v[s + ZERO], p: storeJson(p, s + P_AT), q: storeJson(p, s + N_AT) };
  }

  /** Restores the metric's sketch at `o` from JSON (anything unreadable counts as empty). */
  fromJson(p: SketchPane, o: number, j: SketchJson | null | undefined): void {
    const a = p.v, s = o + this.at;
    this.init(a, o);
    if (!j || typeof j !== 'object') return;
    a[s + ZERO] = count(j.z);
    for (const [f, store] of [[s + P_AT, j.p], [s + N_AT, j.q]] as Array<[number, unknown]>) {
      if (!Array.isArray(store) || store.length < 3 || store.length > MAX_JSON_BINS || !Number.isSafeInteger(store[1])) continue;
      const bins = store.slice(2).map(count);
      if (bins.some((c) => c > UINT32_LIMIT)) this.widen(p);
      const at = this.reserve(p, bins.length);
      (p.q as Uint32Array).set(bins, at);
      a[f] = at; a[f + LEN] = bins.length; a[f + KEY] = store[1] as number;
    }
  }
}

/** Forgets the remembered bin (its bins moved): the next value takes the logarithm path. */
function forget(a: Float64Array, s: number): void {
  a[s + C_LO] = Infinity; a[s + C_HI] = -Infinity; a[s + C_AT] = -1;
}

interface Bins { key: number; counts: ArrayLike<number>; count: number }

function sum(c: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < c.length; i++) n += c[i];
  return n;
}

/** DenseStore.keyAtRank of @datadog/sketches-js: the key where the running count passes `rank`. */
function keyAtRank(b: Bins, rank: number, lower: boolean): number {
  let running = 0, last = b.key;
  for (let i = 0; i < b.counts.length; i++) {
    const c = b.counts[i];
    if (c === 0) continue;
    running += c;
    last = b.key + i;
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
  return [sum(bins), a[f + KEY] + first - a[f], ...bins];
}
