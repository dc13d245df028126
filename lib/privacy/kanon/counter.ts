// Counting equivalence classes of a transformation with typed arrays, and checking k (and distinct l) with a
// suppression limit. The partitions of checked transformations are kept, and a coarser transformation is rolled
// up from the smallest kept partition below it (generalising only merges classes).
import type { Encoded } from './encode';
import { ColumnGroups } from './groups';
import { transformationLoss } from './loss';
import { PartitionSlab, type Source } from './slab';
import type { Codes } from './types';

/** Result of checking one transformation. */
export interface Evaluation {
  levels: number[];
  anonymous: boolean;
  /** Records suppressed (when `partial`: only known to exceed the limit). */
  suppressed: number;
  /** Equivalence classes (when `partial`: those seen before the check stopped). */
  classes: number;
  /** Information loss (Infinity when `partial`, and for a failing node unless checked `perTuple`). */
  loss: number;
  /** The check stopped early: more classes than an anonymous partition within the suppression limit can have. */
  partial?: boolean;
  /** Per tuple its class (only when evaluated from the raw tuples, see `ClassCounter.evaluate`): a view of the
   * counter's scratch, valid until its next call (a copy was 4 MB more at the end of a million-record run). */
  tupleClass?: Int32Array;
  classSize: Int32Array;
  classOk: Uint8Array;
}

const TWO53 = 9007199254740992;
// direct addressing up to a million keys (8 MB of [stamp, id] pairs); beyond, the hash table
const DIRECT_MAX = 1 << 20;
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);
/** Items kept in all cached partitions (12 bytes each at most): about 18 MB, in a slab with a quarter more room. */
const CACHE_ITEMS = 1_500_000;
/** Keys the hash table is first made for (it grows past half full). */
const TABLE_START = 1 << 15;

/** True when every level of `a` is at most the same QI's level in `b` (a partition at `a` rolls up to `b`). */
function atOrBelow(a: number[], b: number[]): boolean {
  for (let j = 0; j < b.length; j++) if (a[j] > b[j]) return false;
  return true;
}

/** A class key's 32-bit hash (the high and low words mixed); the table's slot is `(h ^ h >>> 13) & mask`. */
function mix(k: number): number {
  return Math.imul((k >>> 0) ^ Math.imul((k / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
}

/**
 * Counts equivalence classes with typed arrays. A record's class key is a mixed-radix integer of its generalised
 * codes (split into exact chunks below 2^53 when the radix product overflows); keys are numbered by a direct-address
 * table when the radix is small and by an open-addressing hash table otherwise, and a check stops as soon as more
 * classes appear than a partition within the suppression limit can have. Partitions of checked nodes are kept and
 * coarser nodes are rolled up from the smallest kept partition below them (generalising only merges classes).
 */
export class ClassCounter {
  private mask: number;
  private keys: Float64Array;
  private vals: Int32Array;
  private stamp: Int32Array;
  private gen = 0;
  private readonly directBound: number;
  private direct: Int32Array = EMPTY_I32;
  private readonly key: Float64Array;
  private readonly cls: Int32Array;
  private readonly pair: Int32Array;
  private readonly size: Int32Array;
  // per class of the last numbering: its first item (the partition kept from it needs one representative per class)
  private readonly first: Int32Array;
  private readonly distinct: Int32Array;
  private readonly seen: Uint8Array;
  private readonly okBuf: Uint8Array;
  private readonly bottom: Source;
  private cache: Source[] = [];
  // the partition no check goes below (see `floorAt`): rolled up from instead of the tuples
  private floor?: Source;
  private kept = 0;
  private readonly slab: PartitionSlab;
  private clock = 0;
  // scratch for the suppression terms of the loss: per item whether suppressed, per QI and level the records per
  // generalised code
  private readonly supIdx: Int32Array;
  private readonly acc: Float64Array[][];
  private readonly codeBuf: Int32Array;
  private readonly weightBuf: Float64Array;
  private readonly vec: Float64Array;
  private readonly heights: number[];
  // per-node scratch: the splitting groups of QIs, their codes, code maps and radices
  private groups?: ColumnGroups;
  private readonly pcol: Codes[] = [];
  private readonly pmap: Int32Array[] = [];
  private readonly qcard: Float64Array;

  constructor(private readonly e: Encoded, private readonly cacheSize = 64) {
    let cap = 16;
    while (cap < e.tuples * 2) cap <<= 1;
    this.directBound = 4 * cap;
    // the hash table grows with the classes a check may number (see `table`): the search's checks stop at
    // n / k + suppressed classes, far fewer than the tuples of a large dataset
    this.mask = 0;
    this.keys = new Float64Array(0);
    this.vals = EMPTY_I32;
    this.stamp = EMPTY_I32;
    this.cls = new Int32Array(e.tuples);
    this.key = new Float64Array(e.tuples);
    // l-diversity scratch only when a sensitive attribute has values
    const lTuples = e.sensCard > 0 ? e.tuples : 0;
    this.pair = new Int32Array(lTuples);
    this.size = new Int32Array(e.tuples + 1);
    this.distinct = new Int32Array(lTuples + 1);
    this.seen = new Uint8Array(lTuples + 1);
    this.okBuf = new Uint8Array(e.tuples + 1);
    // the bottom's items are the tuples themselves: no representative array (see `identity` where it is read)
    this.slab = new PartitionSlab((e.sensCard > 0 ? 3 : 2) * CACHE_ITEMS);
    this.bottom = { levels: e.levels.map(() => 0), rep: EMPTY_I32, w: e.cnt, s: e.sens, count: e.tuples, used: 0,
      off: -1, span: 0 };
    // the keys' memory is shared (a million records: 8 MB less at the peak). Numbering reads key i before it notes
    // a class's first item at an index ≤ i, in the first half; the suppressed items are listed after the numbering,
    // in the second half, while the first items are still to be read for the kept partition
    this.first = new Int32Array(this.key.buffer, 0, e.tuples);
    this.supIdx = new Int32Array(this.key.buffer, 4 * e.tuples, e.tuples);
    this.acc = e.card.map((cd) => cd.map(() => new Float64Array(0)));
    const widest = Math.max(1, ...e.card.map((cd) => cd[0]));
    this.codeBuf = new Int32Array(Math.min(widest, e.tuples) + 1);
    this.weightBuf = new Float64Array(Math.min(widest, e.tuples) + 1);
    this.vec = new Float64Array(e.q);
    this.heights = e.levels.map((h) => h - 1);
    this.qcard = new Float64Array(e.q);
  }

  /**
   * Makes the hash table hold `items` keys at a load of at most one half; `carry`: keep the keys of the current
   * generation (a table grown while numbering).
   */
  private table(items: number, carry = false): void {
    if (2 * items <= this.mask + 1) return;
    let cap = 16;
    while (cap < items * 2) cap <<= 1;
    const { keys, vals, stamp, gen } = this;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap);
    this.stamp = new Int32Array(cap);
    if (carry) for (let s = 0; s < stamp.length; s++) if (stamp[s] === gen) this.insert(keys[s], vals[s]);
  }

  // the slot of a key (first probe)
  private slot(k: number): number {
    const h = mix(k);
    return (h ^ (h >>> 13)) & this.mask;
  }

  // a key known to be absent, into the table of the current generation
  private insert(k: number, v: number): void {
    let h = this.slot(k);
    while (this.stamp[h] === this.gen) h = (h + 1) & this.mask;
    this.stamp[h] = this.gen; this.keys[h] = k; this.vals[h] = v;
  }

  private nextGen(): number {
    if (this.gen >= 0x7ffffffe) { this.gen = 0; this.stamp.fill(0); this.direct.fill(0); }
    return ++this.gen;
  }

  /** Dense ids for pairs (a[i], b[i]) over `count` items; returns the number of distinct pairs. */
  private pairPass(count: number, a: Int32Array, b: Int32Array, bCard: number, out: Int32Array): number {
    this.table(count);
    const gen = this.nextGen();
    const { keys, vals, stamp, mask } = this;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const key = a[i] * bCard + b[i];
      // mix() and slot() written out: the search's hot loop
      const lo = key >>> 0;
      const hi = (key / 4294967296) | 0;
      let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
      h = (h ^ (h >>> 13)) & mask;
      for (;;) {
        if (stamp[h] !== gen) { stamp[h] = gen; keys[h] = key; vals[h] = next; out[i] = next++; break; }
        if (keys[h] === key) { out[i] = vals[h]; break; }
        h = (h + 1) & mask;
      }
    }
    return next;
  }

  /**
   * Numbers the classes of the items of `src` under `levels` in `this.cls` (dense, in order of first appearance),
   * with the records per class in `this.size` and each class's first item in `this.first`; returns how many, or -1
   * as soon as more than `limit` appear.
   */
  private classify(src: Source, levels: number[], limit: number): number {
    const e = this.e;
    const { rep, count } = src;
    const identity = src === this.bottom;
    const cls = this.cls;
    const key = this.key;
    const { pcol, pmap, qcard } = this;
    const groups = (this.groups ??= new ColumnGroups(e));
    let parts = 0;
    for (let g = 0; g < groups.count; g++) {
      const c = groups.card(g, levels);
      if (c <= 1) continue;
      pcol[parts] = groups.col(g);
      pmap[parts] = groups.map(g, levels);
      qcard[parts] = c;
      parts++;
    }
    if (parts === 0) {
      if (count === 0) return 0;
      cls.fill(0, 0, count);
      let all = 0;
      for (let i = 0; i < count; i++) all += src.w[i];
      this.size[0] = all;
      this.first[0] = 0;
      return 1;
    }
    let whole = 1;
    for (let x = 0; x < parts; x++) whole *= qcard[x];
    if (parts <= 4 && whole <= DIRECT_MAX && whole <= this.directBound) return this.numberFused(src, parts, whole, limit);
    let from = 0;
    let prevCard = 0; // 0: no ids from an earlier chunk
    for (;;) {
      // the next chunk of groups whose radix product stays exact, one group at a time into `key`
      let radix = prevCard || 1;
      let to = from;
      while (to < parts && (to === from || radix * qcard[to] <= TWO53)) radix *= qcard[to++];
      for (let s = from; s < to; s++) {
        const m = pmap[s];
        const col = pcol[s];
        const card = qcard[s];
        if (s === from && prevCard === 0) {
          if (identity) for (let i = 0; i < count; i++) key[i] = m[col[i]];
          else for (let i = 0; i < count; i++) key[i] = m[col[rep[i]]];
        } else if (s === from) {
          if (identity) for (let i = 0; i < count; i++) key[i] = cls[i] * card + m[col[i]];
          else for (let i = 0; i < count; i++) key[i] = cls[i] * card + m[col[rep[i]]];
        } else if (identity) for (let i = 0; i < count; i++) key[i] = key[i] * card + m[col[i]];
        else for (let i = 0; i < count; i++) key[i] = key[i] * card + m[col[rep[i]]];
      }
      const next = radix <= DIRECT_MAX && radix <= this.directBound ? this.numberDirect(count, radix, limit, src.w)
        : this.numberHashed(count, limit, src.w);
      if (next < 0) return -1;
      if (to === parts) return next;
      prevCard = next;
      from = to;
    }
  }

  // the direct-address table ([stamp, id] per key) for keys below `radix`
  private directFor(radix: number): Int32Array {
    if (this.direct.length < 2 * radix) {
      let size = 2048;
      while (size < 2 * radix) size <<= 1;
      this.direct = new Int32Array(size);
    }
    return this.direct;
  }

  /**
   * Dense class ids for the keys in `this.key` by direct addressing ([stamp, id] pairs), the weights `w` summed per
   * class and each class's first item noted on the way (no second pass for sizes, none for the kept partition);
   * -1 past `limit` ids.
   */
  private numberDirect(count: number, radix: number, limit: number, w: Int32Array): number {
    const direct = this.directFor(radix);
    const gen = this.nextGen();
    const { key, cls, size, first } = this;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const at = 2 * key[i];
      if (direct[at] !== gen) {
        if (next >= limit) return -1;
        direct[at] = gen;
        direct[at + 1] = next;
        first[next] = i;
        size[next] = w[i];
        cls[i] = next++;
      } else {
        const c = direct[at + 1];
        cls[i] = c;
        size[c] += w[i];
      }
    }
    return next;
  }

  /**
   * As `numberDirect` for at most four groups whose radix product is small: each item's key made from its groups'
   * codes and numbered in the same loop (no key array written and read back once per group). The numbering step is
   * numberDirect's, written out rather than called: it runs once per item of every check.
   */
  private numberFused(src: Source, parts: number, radix: number, limit: number): number {
    const direct = this.directFor(radix);
    const gen = this.nextGen();
    const { cls, size, first, pcol, pmap, qcard } = this;
    const { rep, w, count } = src;
    const identity = src === this.bottom;
    // groups beyond `parts` alias group 0: the branches below never read them
    const c0 = pcol[0], m0 = pmap[0];
    const c1 = pcol[parts > 1 ? 1 : 0], m1 = pmap[parts > 1 ? 1 : 0], r1 = qcard[1] | 0;
    const c2 = pcol[parts > 2 ? 2 : 0], m2 = pmap[parts > 2 ? 2 : 0], r2 = qcard[2] | 0;
    const c3 = pcol[parts > 3 ? 3 : 0], m3 = pmap[parts > 3 ? 3 : 0], r3 = qcard[3] | 0;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const t = identity ? i : rep[i];
      let k = m0[c0[t]];
      if (parts > 1) {
        k = k * r1 + m1[c1[t]];
        if (parts > 2) {
          k = k * r2 + m2[c2[t]];
          if (parts > 3) k = k * r3 + m3[c3[t]];
        }
      }
      const at = 2 * k;
      if (direct[at] !== gen) {
        if (next >= limit) return -1;
        direct[at] = gen;
        direct[at + 1] = next;
        first[next] = i;
        size[next] = w[i];
        cls[i] = next++;
      } else {
        const c = direct[at + 1];
        cls[i] = c;
        size[c] += w[i];
      }
    }
    return next;
  }

  /** As `numberDirect`, by open addressing. */
  private numberHashed(count: number, limit: number, w: Int32Array): number {
    // sized for the classes a check may number, and grown (rarely) past half full: a complete check at a million
    // records numbers no more classes than the search's checks did
    this.table(Math.min(count, limit + 1, TABLE_START));
    const gen = this.nextGen();
    const { key, cls, size, first } = this;
    let { keys, vals, stamp, mask } = this;
    let next = 0;
    let room = (mask + 1) >> 1;
    for (let i = 0; i < count; i++) {
      const k = key[i];
      // mix() and slot() written out: the search's hot loop
      const lo = k >>> 0;
      const hi = (k / 4294967296) | 0;
      let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
      h = (h ^ (h >>> 13)) & mask;
      for (;;) {
        if (stamp[h] !== gen) {
          if (next >= limit) return -1;
          if (next >= room) {
            this.table(2 * next, true);
            ({ keys, vals, stamp, mask } = this);
            room = (mask + 1) >> 1;
            h = this.slot(k);
            continue;
          }
          stamp[h] = gen; keys[h] = k; vals[h] = next; first[next] = i; size[next] = w[i]; cls[i] = next++;
          break;
        }
        if (keys[h] === k) { const c = vals[h]; cls[i] = c; size[c] += w[i]; break; }
        h = (h + 1) & mask;
      }
    }
    return next;
  }

  private sourceFor(levels: number[]): Source {
    let best = this.floor && atOrBelow(this.floor.levels, levels) ? this.floor : this.bottom;
    for (const c of this.cache) if (c.count < best.count && atOrBelow(c.levels, levels)) best = c;
    best.used = ++this.clock;
    return best;
  }

  /** Items of the floor partition (0: checks roll up from the tuples). */
  get floorItems(): number {
    return this.floor?.count ?? 0;
  }

  /**
   * Rolls later checks up from the partition at `levels` when no check goes below them (in the search, a QI level
   * that alone suppresses more than the limit fails every node without a count): on ARX's adult data at 0 % the
   * finest ages and countries: 12,636 items instead of 19,502 distinct rows. Only when it saves a fifth of the
   * items at least, and numbered within the hash table's first size: trying it never grows the numbering tables (a
   * million records: 8-32 MB more at the peak otherwise); its items count in the bound of the kept partitions.
   */
  floorAt(levels: number[], l: number): void {
    if (this.floor) { this.slab.free(this.floor); this.kept -= this.floor.count; }
    this.floor = undefined;
    if (this.cacheSize === 0 || levels.every((x) => x === 0)) return;
    const src = this.bottom;
    const classes = this.classify(src, levels, Math.min(TABLE_START >> 1, 0.8 * src.count));
    if (classes < 0) return;
    const pairs = l > 1;
    const items = pairs ? this.pairPass(src.count, this.cls, src.s, Math.max(1, this.e.sensCard), this.pair) : classes;
    if (items > 0.8 * src.count || this.kept + items > CACHE_ITEMS / 2) return;
    this.floor = this.collect(src, levels, items, pairs);
    this.kept += items;
  }

  /**
   * Keeps the partition just computed (rep, weight, sensitive value per item) to roll up from, within a bound on
   * the items kept in all (at a million records, 64 full partitions would take gigabytes): least recently used first out.
   */
  private keep(src: Source, levels: number[], items: number, pairs: boolean): void {
    // room first (never the partition rolled up from), so that the slab's entries of what leaves are used again
    while (this.cache.length >= this.cacheSize || (this.kept + items > CACHE_ITEMS && this.cache.length > 0)) {
      let lru = -1;
      for (let c = 0; c < this.cache.length; c++) {
        if (this.cache[c] !== src && (lru < 0 || this.cache[c].used < this.cache[lru].used)) lru = c;
      }
      if (lru < 0) break;
      this.evict(lru);
    }
    this.cache.push(this.collect(src, levels, items, pairs));
    this.kept += items;
    if (this.kept > CACHE_ITEMS && this.cache.length > 1 && this.cache.indexOf(src) >= 0) this.evict(this.cache.indexOf(src));
  }

  // the partition just numbered (`cls`, or `pair` with the sensitive values) as a source to roll up from: per item
  // (class, or class × sensitive value) a representative tuple, its records and its sensitive value
  private collect(src: Source, levels: number[], items: number, pairs: boolean): Source {
    // made first: making it may move the kept partitions in the slab, `src` among them
    const made = this.slab.make([...levels], items, pairs, ++this.clock);
    const { rep, w, s, count } = src;
    const identity = src === this.bottom;
    const { rep: nrep, w: nw, s: ns } = made;
    if (pairs) {
      nrep.fill(-1);
      nw.fill(0);
      for (let i = 0; i < count; i++) {
        const id = this.pair[i];
        if (nrep[id] === -1) { nrep[id] = identity ? i : rep[i]; ns[id] = s[i]; }
        nw[id] += w[i];
      }
    } else {
      // one item per class: its first item and its size, both noted while numbering
      const { first, size } = this;
      for (let id = 0; id < items; id++) { const f = first[id]; nrep[id] = identity ? f : rep[f]; nw[id] = size[id]; }
    }
    return made;
  }

  private evict(c: number): void {
    const [gone] = this.cache.splice(c, 1);
    this.kept -= gone.count;
    this.slab.free(gone);
  }

  /** The loss (as ARX reports it) of `levels`, given which classes of `src` are released. */
  private loss(levels: number[], src: Source, ok: Uint8Array, suppressed: number): number {
    const e = this.e;
    const v = this.vec;
    for (let j = 0; j < e.q; j++) v[j] = e.lbQ[j][levels[j]];
    if (suppressed === 0 || e.metric === 'precision') {
      return transformationLoss(e.metric, e, levels, this.heights, e.n, suppressed, v, () => ({ codes: this.codeBuf, weights: this.weightBuf, count: 0 }));
    }
    const { rep, w, count } = src;
    const identity = src === this.bottom;
    const cls = this.cls;
    let ns = 0;
    for (let i = 0; i < count; i++) if (!ok[cls[i]]) this.supIdx[ns++] = i;
    const codesOf = (j: number) => {
      // records per generalised code among the suppressed items, in a per-level accumulator reset after use
      const lv = levels[j];
      let acc = this.acc[j][lv];
      if (acc.length === 0) acc = this.acc[j][lv] = new Float64Array(e.card[j][lv]);
      const m = e.gen[j][lv];
      const col = e.cols[j];
      let n = 0;
      for (let x = 0; x < ns; x++) {
        const i = this.supIdx[x];
        const g = m[col[identity ? i : rep[i]]];
        if (acc[g] === 0) this.codeBuf[n++] = g;
        acc[g] += w[i];
      }
      for (let x = 0; x < n; x++) { const g = this.codeBuf[x]; this.weightBuf[x] = acc[g]; acc[g] = 0; }
      return { codes: this.codeBuf, weights: this.weightBuf, count: n };
    };
    return transformationLoss(e.metric, e, levels, this.heights, e.n, suppressed, v, codesOf);
  }

  /** Forgets the kept partitions (their memory), e.g. once the search is over and only complete checks follow. */
  dropCache(): void {
    this.cache = [];
    this.floor = undefined;
    this.kept = 0;
    this.slab.clear();
  }

  /**
   * Class sizes (records per class) of all records at `levels`, nothing suppressed: `size[0..classes)`, a scratch
   * array valid until the next call. The cheap form of a complete check for the risk figures (no loss, no copies).
   */
  sizes(levels: number[]): { classes: number; size: Int32Array } {
    const src = this.bottom;
    const classes = this.classify(src, levels, Infinity);
    return { classes, size: this.size };
  }

  /**
   * The smallest class of all records at `levels` (nothing suppressed) and the records in classes below `k` and
   * below 2k. When the classes can be many, they are counted a part of their keys (by hash) at a time in the hash
   * table the search left: a million distinct rows need no table of a million classes.
   */
  smallClasses(levels: number[], k: number): { classes: number; smallest: number; belowK: number; below2K: number } {
    const out = { classes: 0, smallest: 0, belowK: 0, below2K: 0 };
    const add = (x: number) => {
      out.smallest = out.classes++ === 0 || x < out.smallest ? x : out.smallest;
      if (x < k) out.belowK += x;
      if (x < 2 * k) out.below2K += x;
    };
    const radix = this.keysOf(levels);
    if (radix <= 0 || radix <= DIRECT_MAX) {
      const { classes, size } = this.sizes(levels);
      for (let c = 0; c < classes; c++) add(size[c]);
      return out;
    }
    const { key } = this;
    const w = this.e.cnt;
    const count = this.e.tuples;
    const room = Math.max(TABLE_START, (this.mask + 1) >> 1);
    const parts = Math.ceil((1.25 * count) / room);
    for (let part = 0; part < parts; part++) {
      this.table(Math.min(count, room));
      const gen = this.nextGen();
      let { keys, vals, stamp, mask } = this;
      let distinct = 0;
      for (let i = 0; i < count; i++) {
        const kk = key[i];
        let h = mix(kk);
        if (parts > 1 && (Math.imul(h, 0x27d4eb2d) >>> 0) % parts !== part) continue;
        h = (h ^ (h >>> 13)) & mask;
        for (;;) {
          if (stamp[h] !== gen) {
            if (2 * ++distinct > mask + 1) {
              this.table(distinct, true);
              ({ keys, vals, stamp, mask } = this);
              h = this.slot(kk);
              continue;
            }
            stamp[h] = gen; keys[h] = kk; vals[h] = w[i];
            break;
          }
          if (keys[h] === kk) { vals[h] += w[i]; break; }
          h = (h + 1) & mask;
        }
      }
      for (let x = 0; x <= mask; x++) if (stamp[x] === gen) add(vals[x]);
    }
    return out;
  }

  // every tuple's class key at `levels` in `this.key` when the radix is exact (returns it; 0 when no QI splits,
  // -1 when the radix product overflows and classes must be numbered chunk by chunk)
  private keysOf(levels: number[]): number {
    const e = this.e;
    const key = this.key;
    let radix = 1;
    for (let j = 0; j < e.q; j++) {
      const card = e.card[j][levels[j]];
      if (card <= 1) continue;
      if (radix * card > TWO53) return -1;
      const m = e.gen[j][levels[j]];
      const col = e.cols[j];
      if (radix === 1) for (let t = 0; t < e.tuples; t++) key[t] = m[col[t]];
      else for (let t = 0; t < e.tuples; t++) key[t] = key[t] * card + m[col[t]];
      radix *= card;
    }
    return radix === 1 ? 0 : radix;
  }

  /**
   * Checks the transformation `levels` against k (and distinct l), with at most `maxSuppressed` records suppressed.
   * `perTuple` asks for every tuple's class (for writing the output, and always a complete check); otherwise the
   * partition is rolled up from the smallest kept partition below `levels`, and the check may stop early (`partial`)
   * once it is certain to fail.
   */
  evaluate(levels: number[], k: number, l: number, maxSuppressed: number, perTuple = false): Evaluation {
    const e = this.e;
    const src = perTuple ? this.bottom : this.sourceFor(levels);
    const { s, count } = src;
    const cls = this.cls;
    // every class within the limit holds ≥ max(k, l) records, so more than n / max(k, l) + maxSuppressed classes
    // means more than maxSuppressed records in classes that fail
    const limit = perTuple ? Infinity : Math.floor(e.n / Math.max(k, l > 1 ? l : 1)) + maxSuppressed;
    const classes = this.classify(src, levels, limit);
    if (classes < 0) {
      return { levels: [...levels], anonymous: false, suppressed: maxSuppressed + 1, classes: limit + 1, loss: Infinity,
        partial: true, classSize: EMPTY_I32, classOk: EMPTY_U8 };
    }
    const size = this.size;
    // scratch during the search; a copy only for a complete check (the search makes thousands of checks)
    const ok = perTuple ? new Uint8Array(classes) : this.okBuf;
    let pairs = 0;
    if (l > 1) {
      const distinct = this.distinct;
      distinct.fill(0, 0, classes);
      pairs = this.pairPass(count, cls, s, Math.max(1, e.sensCard), this.pair);
      const seen = this.seen;
      seen.fill(0, 0, pairs);
      for (let i = 0; i < count; i++) {
        const pr = this.pair[i];
        if (!seen[pr]) { seen[pr] = 1; distinct[cls[i]]++; }
      }
      for (let c = 0; c < classes; c++) ok[c] = size[c] >= k && distinct[c] >= l ? 1 : 0;
    } else {
      for (let c = 0; c < classes; c++) ok[c] = size[c] >= k ? 1 : 0;
    }
    // records in failing classes: summed over the classes (their sizes), not again over the items
    let suppressed = 0;
    for (let c = 0; c < classes; c++) if (!ok[c]) suppressed += size[c];
    const failed = suppressed > maxSuppressed;
    // the loss of a failing node is of no use to the search (a complete check computes it all the same)
    const loss = failed && !perTuple ? Infinity : this.loss(levels, src, ok, suppressed);
    // keep this partition to roll up from (one item per class, or per class × sensitive value)
    const items = l > 1 ? pairs : classes;
    if (!perTuple && this.cacheSize > 0 && items < count && items > 0) this.keep(src, levels, items, l > 1);
    return { levels: [...levels], anonymous: suppressed <= maxSuppressed, suppressed, classes, loss,
      tupleClass: perTuple ? cls.subarray(0, count) : undefined, classSize: perTuple ? size.slice(0, classes) : EMPTY_I32,
      classOk: perTuple ? ok : EMPTY_U8 };
  }
}
