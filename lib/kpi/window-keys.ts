// The DDSketch bin of a value without a logarithm: @datadog/sketches-js's LogarithmicMapping puts x in bin
// key(x) = ceil(log2(x)·m) + offset, bin k holding (U(k−1), U(k)], U(k) = 2^((k − offset)/m) (Masson, Rim & Lee, VLDB
// 2019, §2.1). A value's exponent and first mantissa bits (its sub-interval: narrower than a bin, so it meets at most two
// bins) index a table of the lower of those bins; two comparisons with that bin's bounds, or with the next bin's, give the
// key. The bounds are kept a relative 1e−9 inside each bin (GUARD): the library's key (Math.log2) and the table's
// Math.pow differ from the exact bound by about 1e−13 of the value at most (a few ulps of log2(x)·m ≤ 2¹⁵), so a value
// inside the guarded bounds gets exactly the library's key; one closer to a bound than the guard, or beyond the table,
// takes the library's formula.
import type { DDSketch } from '@datadog/sketches-js';

type Mapping = DDSketch['mapping'];

const GUARD = 1e-9, UP = 1 + GUARD, DOWN = 1 - GUARD;
/** Keys in the table of bin bounds: around the key of 1, within 2^±1000 (normal doubles: Math.pow stays exact to ~1 ulp). */
const TABLE_KEYS = 8192;
/** At most this many sub-intervals (Int16 entries) in the table of hints. */
const MAX_HINTS = 1 << 17;
/** Bounds of the key k at HEAD + 2(k − kmin): [U(k)·DOWN, U(k)·UP]; before and after, NaN (every comparison fails). */
const HEAD = 4;
/** A hint that leads to the formula (a sub-interval beyond the table). */
const NONE = 2;

// the high 32 bits of a double: sign, 11 bits of exponent, 20 of mantissa
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

/** A LogarithmicMapping's keys by table; the formula where the table does not reach (or for another mapping). */
export class KeyTable {
  private readonly mult: number;
  private readonly off: number;
  private readonly kmin: number;
  private readonly bounds: Float64Array;
  /** by (biased exponent, first `bitsUsed` mantissa bits) − base: where the lower key's bounds start in `bounds` */
  private readonly hints: Int16Array;
  private readonly shift: number;
  private readonly base: number;
  /** the library's value of each key of the table, as it is first asked for (NaN: not yet) */
  private readonly values: Float64Array;

  constructor(private readonly mapping: Mapping) {
    const m = mapping as unknown as { _multiplier?: number; _offset?: number };
    const mult = Number(m._multiplier), off = Number(m._offset);
    const same = [1e-9, 0.37, 1, 3.45, 22.1, 600, 1e12].every((x) => Math.ceil(Math.log2(x) * mult) + off === mapping.key(x));
    this.mult = same ? mult : 0;
    this.off = off;
    const usable = this.mult !== 0 && Number.isInteger(off);
    this.kmin = Math.max(Math.ceil(off - 1000 * mult), off - TABLE_KEYS / 2);
    const kmax = usable ? Math.min(Math.floor(off + 1000 * mult), off + TABLE_KEYS / 2 - 1) : this.kmin - 1;
    const upper = (k: number) => Math.pow(2, (k - off) / mult);
    this.bounds = new Float64Array(HEAD + 2 * (kmax - this.kmin + 1) + HEAD).fill(NaN);
    for (let k = this.kmin; k <= kmax; k++) this.bounds.set([upper(k) * DOWN, upper(k) * UP], HEAD + 2 * (k - this.kmin));
    // mantissa bits enough for a sub-interval narrower than half a bin: it meets at most two bins
    const used = usable ? Math.min(20, Math.max(0, Math.ceil(-Math.log2(2 ** (1 / mult) - 1)) + 1)) : 0;
    this.shift = 20 - used;
    let lo = usable ? exponent(upper(this.kmin)) : 1, hi = usable ? exponent(upper(kmax)) : 0;
    const room = MAX_HINTS >> used;
    if (hi - lo + 1 > room) { lo = Math.max(lo, 1023 - (room >> 1)); hi = lo + room - 1; }
    this.values = new Float64Array(kmax - this.kmin + 1).fill(NaN);
    this.base = lo << used;
    this.hints = new Int16Array(Math.max(0, (hi - lo + 1) << used)).fill(NONE);
    for (let i = 0; i < this.hints.length; i++) {
      const e = lo + (i >> used), t = i & ((1 << used) - 1);
      const k = mapping.key(2 ** (e - 1023) * (1 + t / 2 ** used));   // the key of the sub-interval's smallest value
      if (k >= this.kmin && k <= kmax) this.hints[i] = HEAD + 2 * (k - this.kmin);
    }
  }

  /** The library's key of `x` (x > the mapping's minPossible). */
  key(x: number): number {
    bits[0] = x;
    const i = (words[HIGH] >>> this.shift) - this.base;
    if (i >= 0 && i < this.hints.length) {
      const p = this.hints[i], b = this.bounds;
      if (x < b[p]) { if (x > b[p - 1]) return this.kmin + ((p - HEAD) >> 1); }
      else if (x > b[p + 1] && x < b[p + 2]) return this.kmin + ((p - HEAD) >> 1) + 1;
    }
    return this.mult !== 0 ? Math.ceil(Math.log2(x) * this.mult) + this.off : this.mapping.key(x);
  }

  /** The library's value of bin `key` (LogarithmicMapping.value), each computed once. */
  value(key: number): number {
    const i = key - this.kmin;
    if (!(i >= 0 && i < this.values.length)) return this.mapping.value(key);
    const v = this.values[i];
    return v === v ? v : (this.values[i] = this.mapping.value(key));
  }
}

/** The biased exponent of a positive double. */
function exponent(x: number): number {
  bits[0] = x;
  return words[HIGH] >>> 20;
}

const tables = new Map<number, KeyTable>();

/** The key table of `mapping` (shared by every WindowStats with the same accuracy). */
export function keyTable(relativeAccuracy: number, mapping: Mapping): KeyTable {
  let t = tables.get(relativeAccuracy);
  if (!t) tables.set(relativeAccuracy, (t = new KeyTable(mapping)));
  return t;
}
