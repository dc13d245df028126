// k-anonymity (optionally with distinct l-diversity) by full-domain generalisation, as ARX does it: values are
// encoded as integers once, identical rows are counted once, every transformation (a vector of hierarchy levels)
// is checked by counting equivalence classes in typed arrays, and the lattice is searched in order of a lower
// bound of the information loss with predictive tagging (a node that is anonymous makes all its generalisations
// anonymous; one that is not makes all its specialisations not anonymous), so the result is the global optimum.
import { CivicError, safeString } from '../errors';
import { buildHierarchy, type Hierarchy, type QuasiIdentifier } from './hierarchy';

export type LossMetric = 'entropy' | 'loss' | 'precision';

export interface KAnonymityConfig {
  quasiIdentifiers: QuasiIdentifier[];
  k: number;
  l?: number;                       // distinct l-diversity of `sensitive` (0/undefined = off)
  sensitive?: string;
  suppressionLimit?: number;        // fraction of records that may be suppressed, 0..1
  metric?: LossMetric;              // default non-uniform entropy
  suppressedRecords?: 'remove' | 'mask';
  maxNodes?: number;                // refuse lattices larger than this (default 2,000,000)
}

/** The dataset encoded as integers: per QI and level a code table, identical rows merged with a count. */
export interface Encoded {
  n: number;
  q: number;
  fields: string[];
  levels: number[];
  hierarchies: Hierarchy[];
  gen: Int32Array[][];        // gen[q][level][code0] → code at level
  labels: string[][][];       // labels[q][level][code] → text
  card: number[][];           // distinct codes per q and level
  tuples: number;             // distinct rows (QI values [+ sensitive])
  tup: Int32Array;            // tuples × q level-0 codes
  cols: Int32Array[];         // the same by column: cols[q][tuple]
  cnt: Int32Array;            // records per tuple
  sens: Int32Array;           // sensitive code per tuple (l-diversity)
  sensCard: number;
  recTuple: Int32Array;       // record → tuple
  lossVal: Float64Array[][];  // lossVal[q][level][code0]: loss of one record with that value at that level
  lossQ: Float64Array[];      // lossQ[q][level]: Σ over records (no suppression)
  lossTop: Float64Array;      // per tuple: loss of one suppressed record
  maxLoss: number;
  metric: LossMetric;
}

function valueText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : safeString(v);
}

/** Encodes records for the search (throws a translatable error for a bad configuration). */
export function encode(records: ReadonlyArray<Record<string, unknown>>, config: KAnonymityConfig): Encoded {
  const qis = config.quasiIdentifiers;
  if (!qis.length) throw new CivicError('civic-k-anonymize.errors.noQi', {}, 'at least one quasi-identifier is needed');
  const metric = config.metric ?? 'entropy';
  const n = records.length;
  const q = qis.length;
  const hierarchies = qis.map(buildHierarchy);
  const levels = hierarchies.map((h) => h.levels);
  const codes0: Int32Array[] = [];
  const gen: Int32Array[][] = [];
  const labels: string[][][] = [];
  const card: number[][] = [];
  for (let j = 0; j < q; j++) {
    const field = qis[j].field;
    const h = hierarchies[j];
    const dict = new Map<string, number>();
    const vals0: string[] = [];
    const codes = new Int32Array(n);
    // each distinct raw (primitive) value is generalised to level 0 once; codes in order of first appearance
    const seen = new Map<unknown, number>();
    for (let i = 0; i < n; i++) {
      const v = records[i][field];
      const primitive = typeof v === 'string' || typeof v === 'number' || v === undefined || v === null || typeof v === 'boolean';
      let c = primitive ? seen.get(v) : undefined;
      if (c === undefined) {
        const raw = h.generalize(valueText(v), 0);
        c = dict.get(raw);
        if (c === undefined) { c = vals0.length; dict.set(raw, c); vals0.push(raw); }
        if (primitive) seen.set(v, c);
      }
      codes[i] = c;
    }
    codes0.push(codes);
    const g: Int32Array[] = [];
    const lab: string[][] = [];
    const cd: number[] = [];
    let prev = vals0;
    let prevMap: Int32Array | undefined;
    for (let lv = 0; lv < h.levels; lv++) {
      const m = new Int32Array(vals0.length);
      if (lv === 0) {
        for (let c = 0; c < vals0.length; c++) m[c] = c;
        lab.push(vals0);
        cd.push(vals0.length);
      } else {
        // generalise from the level-0 value, then check it is a function of the previous level (a hierarchy)
        const d = new Map<string, number>();
        const names: string[] = [];
        const ofPrev = new Int32Array(prev.length).fill(-1);
        for (let c = 0; c < vals0.length; c++) {
          const t = h.generalize(vals0[c], lv);
          let code = d.get(t);
          if (code === undefined) { code = names.length; d.set(t, code); names.push(t); }
          m[c] = code;
          const p = prevMap![c];
          if (ofPrev[p] === -1) ofPrev[p] = code;
          else if (ofPrev[p] !== code) {
            throw new CivicError('civic-k-anonymize.errors.notHierarchy', { field, level: lv },
              `field "${field}": level ${lv} splits a group of level ${lv - 1}`);
          }
        }
        lab.push(names);
        cd.push(names.length);
        prev = names;
      }
      prevMap = m;
      g.push(m);
    }
    gen.push(g);
    labels.push(lab);
    card.push(cd);
  }
  // sensitive attribute codes
  const useL = (config.l ?? 0) > 1;
  if (useL && !config.sensitive) throw new CivicError('civic-k-anonymize.errors.noSensitive', {}, 'l-diversity needs a sensitive attribute');
  const sensDict = new Map<string, number>();
  const sensRec = new Int32Array(useL ? n : 0);
  if (useL) {
    for (let i = 0; i < n; i++) {
      const v = valueText(records[i][config.sensitive!]);
      let c = sensDict.get(v);
      if (c === undefined) { c = sensDict.size; sensDict.set(v, c); }
      sensRec[i] = c;
    }
  }
  // merge identical rows (codes, and the sensitive value for l-diversity) with an open-addressing hash table;
  // tuples in order of first appearance
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const recTuple = new Int32Array(n);
  const tupBuf = new Int32Array(n * q);
  const cntBuf = new Int32Array(n);
  const sensBuf = new Int32Array(n);
  let tuples = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < q; j++) h = Math.imul(h ^ codes0[j][i], 0x01000193);
    const sv = useL ? sensRec[i] : 0;
    h = Math.imul(h ^ sv, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let slot = h & mask;
    let t: number;
    for (;;) {
      t = table[slot];
      if (t === -1) {
        t = tuples++;
        table[slot] = t;
        for (let j = 0; j < q; j++) tupBuf[t * q + j] = codes0[j][i];
        sensBuf[t] = sv;
        break;
      }
      let same = sensBuf[t] === sv;
      for (let j = 0; same && j < q; j++) same = tupBuf[t * q + j] === codes0[j][i];
      if (same) break;
      slot = (slot + 1) & mask;
    }
    cntBuf[t]++;
    recTuple[i] = t;
  }
  const tup = tupBuf.slice(0, tuples * q);
  const cnt = cntBuf.slice(0, tuples);
  const sensTuple = sensBuf.slice(0, tuples);
  const cols = codes0.map(() => new Int32Array(tuples));
  for (let t = 0; t < tuples; t++) for (let j = 0; j < q; j++) cols[j][t] = tup[t * q + j];
  // information loss per value and level
  const lossVal: Float64Array[][] = [];
  const lossQ: Float64Array[] = [];
  for (let j = 0; j < q; j++) {
    const d0 = card[j][0];
    const freq0 = new Float64Array(d0);
    for (let i = 0; i < n; i++) freq0[codes0[j][i]]++;
    const perLevel: Float64Array[] = [];
    const sums = new Float64Array(levels[j]);
    for (let lv = 0; lv < levels[j]; lv++) {
      const m = gen[j][lv];
      const freqL = new Float64Array(card[j][lv]);
      const leaves = new Float64Array(card[j][lv]);
      for (let c = 0; c < d0; c++) { freqL[m[c]] += freq0[c]; leaves[m[c]]++; }
      const lv0 = new Float64Array(d0);
      for (let c = 0; c < d0; c++) {
        lv0[c] = metric === 'entropy' ? Math.log2(freqL[m[c]] / freq0[c])
          : metric === 'loss' ? (d0 > 1 ? (leaves[m[c]] - 1) / (d0 - 1) : 0)
            : lv / (levels[j] - 1);
        sums[lv] += lv0[c] * freq0[c];
      }
      perLevel.push(lv0);
    }
    lossVal.push(perLevel);
    lossQ.push(sums);
  }
  const lossTop = new Float64Array(tuples);
  let maxLoss = 0;
  for (let t = 0; t < tuples; t++) {
    let s = 0;
    for (let j = 0; j < q; j++) s += lossVal[j][levels[j] - 1][tup[t * q + j]];
    lossTop[t] = s;
    maxLoss += s * cnt[t];
  }
  return { n, q, fields: qis.map((x) => x.field), levels, hierarchies, gen, labels, card, tuples, tup, cols, cnt,
    sens: sensTuple, sensCard: sensDict.size, recTuple, lossVal, lossQ, lossTop, maxLoss, metric };
}

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
  /** Per tuple its class (only when evaluated from the raw tuples, see `ClassCounter.evaluate`). */
  tupleClass?: Int32Array;
  classSize: Int32Array;
  classOk: Uint8Array;
}

/** A partition to roll up from: items (a class, or a class × sensitive value) with a representative tuple. */
interface Source { levels: number[]; rep: Int32Array; w: Int32Array; s: Int32Array; count: number; used: number }

const TWO53 = 9007199254740992;
const DIRECT_MAX = 1 << 22;
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);

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
  private direct: Int32Array = EMPTY_I32;
  private readonly key: Float64Array;
  private readonly cls: Int32Array;
  private readonly pair: Int32Array;
  private readonly size: Int32Array;
  private readonly distinct: Int32Array;
  private readonly seen: Uint8Array;
  private readonly bottom: Source;
  private cache: Source[] = [];
  private clock = 0;
  /** Extra loss of one suppressed record per QI, level and generalised code (top loss − loss at that level). */
  private readonly extra: Float64Array[][];
  // per-node scratch: the splitting QIs, their code maps and radices
  private readonly qj: Int32Array;
  private readonly qcard: Float64Array;

  constructor(private readonly e: Encoded, private readonly cacheSize = 64) {
    let cap = 16;
    while (cap < e.tuples * 2) cap <<= 1;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap);
    this.stamp = new Int32Array(cap);
    this.cls = new Int32Array(e.tuples);
    this.key = new Float64Array(e.tuples);
    this.pair = new Int32Array(e.tuples);
    this.size = new Int32Array(e.tuples + 1);
    this.distinct = new Int32Array(e.tuples + 1);
    this.seen = new Uint8Array(e.tuples + 1);
    const rep = new Int32Array(e.tuples);
    for (let t = 0; t < e.tuples; t++) rep[t] = t;
    this.bottom = { levels: e.levels.map(() => 0), rep, w: e.cnt, s: e.sens, count: e.tuples, used: 0 };
    this.extra = e.gen.map((g, j) => g.map((m, lv) => {
      const out = new Float64Array(e.card[j][lv]);
      const top = e.lossVal[j][e.levels[j] - 1];
      const here = e.lossVal[j][lv];
      for (let c = 0; c < m.length; c++) out[m[c]] = top[c] - here[c];
      return out;
    }));
    this.qj = new Int32Array(e.q);
    this.qcard = new Float64Array(e.q);
  }

  private nextGen(): number {
    if (this.gen >= 0x7ffffffe) { this.gen = 0; this.stamp.fill(0); this.direct.fill(0); }
    return ++this.gen;
  }

  /** Dense ids for pairs (a[i], b[i]) over `count` items; returns the number of distinct pairs. */
  private pairPass(count: number, a: Int32Array, b: Int32Array, bCard: number, out: Int32Array): number {
    const gen = this.nextGen();
    const { keys, vals, stamp, mask } = this;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const key = a[i] * bCard + b[i];
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
   * Numbers the classes of the items of `src` under `levels` in `this.cls` (dense, in order of first appearance);
   * returns how many, or -1 as soon as more than `limit` appear.
   */
  private classify(src: Source, levels: number[], limit: number): number {
    const e = this.e;
    const { rep, count } = src;
    const identity = src === this.bottom;
    const cls = this.cls;
    const key = this.key;
    const { qj, qcard } = this;
    let parts = 0;
    for (let j = 0; j < e.q; j++) {
      const c = e.card[j][levels[j]];
      if (c <= 1) continue;
      qj[parts] = j;
      qcard[parts] = c;
      parts++;
    }
    if (parts === 0) {
      cls.fill(0, 0, count);
      return count > 0 ? 1 : 0;
    }
    let from = 0;
    let prevCard = 0; // 0: no ids from an earlier chunk
    for (;;) {
      // the next chunk of QIs whose radix product stays exact, one column at a time into `key`
      let radix = prevCard || 1;
      let to = from;
      while (to < parts && (to === from || radix * qcard[to] <= TWO53)) radix *= qcard[to++];
      for (let s = from; s < to; s++) {
        const j = qj[s];
        const m = e.gen[j][levels[j]];
        const col = e.cols[j];
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
      let next = 0;
      if (radix <= DIRECT_MAX && radix <= 4 * (this.mask + 1)) {
        // direct addressing: [stamp, id] pairs side by side
        if (this.direct.length < 2 * radix) {
          let size = 2048;
          while (size < 2 * radix) size <<= 1;
          this.direct = new Int32Array(size);
        }
        const gen = this.nextGen();
        const direct = this.direct;
        for (let i = 0; i < count; i++) {
          const at = 2 * key[i];
          if (direct[at] !== gen) {
            if (next >= limit) return -1;
            direct[at] = gen;
            direct[at + 1] = next;
            cls[i] = next++;
          } else cls[i] = direct[at + 1];
        }
      } else {
        const gen = this.nextGen();
        const { keys, vals, stamp, mask } = this;
        for (let i = 0; i < count; i++) {
          const k = key[i];
          const lo = k >>> 0;
          const hi = (k / 4294967296) | 0;
          let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
          h = (h ^ (h >>> 13)) & mask;
          for (;;) {
            if (stamp[h] !== gen) {
              if (next >= limit) return -1;
              stamp[h] = gen; keys[h] = k; vals[h] = next; cls[i] = next++;
              break;
            }
            if (keys[h] === k) { cls[i] = vals[h]; break; }
            h = (h + 1) & mask;
          }
        }
      }
      if (to === parts) return next;
      prevCard = next;
      from = to;
    }
  }

  private sourceFor(levels: number[]): Source {
    let best = this.bottom;
    for (const c of this.cache) {
      if (c.count >= best.count) continue;
      let ok = true;
      for (let j = 0; j < levels.length; j++) if (c.levels[j] > levels[j]) { ok = false; break; }
      if (ok) best = c;
    }
    best.used = ++this.clock;
    return best;
  }

  /**
   * Checks the transformation `levels` against k (and distinct l), with at most `maxSuppressed` records suppressed.
   * `perTuple` asks for every tuple's class (for writing the output, and always a complete check); otherwise the
   * partition is rolled up from the smallest kept partition below `levels`, and the check may stop early (`partial`)
   * once it is certain to fail.
   */
  evaluate(levels: number[], k: number, l: number, maxSuppressed: number, perTuple = false): Evaluation {
    const e = this.e;
    const { q, tup } = e;
    const src = perTuple ? this.bottom : this.sourceFor(levels);
    const { rep, w, s, count } = src;
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
    size.fill(0, 0, classes);
    for (let i = 0; i < count; i++) size[cls[i]] += w[i];
    const ok = new Uint8Array(classes);
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
    let suppressed = 0;
    for (let i = 0; i < count; i++) if (!ok[cls[i]]) suppressed += w[i];
    let loss = 0;
    for (let j = 0; j < q; j++) loss += e.lossQ[j][levels[j]];
    const failed = suppressed > maxSuppressed;
    // the loss of a failing node is of no use to the search (a complete check computes it all the same)
    if (failed && !perTuple) loss = Infinity;
    else for (let i = 0; i < count; i++) {
      if (ok[cls[i]]) continue;
      let x = 0;
      const base = rep[i] * q;
      for (let j = 0; j < q; j++) x += this.extra[j][levels[j]][e.gen[j][levels[j]][tup[base + j]]];
      loss += x * w[i];
    }
    // keep this partition to roll up from (one item per class, or per class × sensitive value)
    const items = l > 1 ? pairs : classes;
    if (!perTuple && this.cacheSize > 0 && items < count && items > 0) {
      const nrep = new Int32Array(items).fill(-1);
      const nw = new Int32Array(items);
      const ns = new Int32Array(l > 1 ? items : 0);
      for (let i = 0; i < count; i++) {
        const id = l > 1 ? this.pair[i] : cls[i];
        if (nrep[id] === -1) { nrep[id] = rep[i]; if (l > 1) ns[id] = s[i]; }
        nw[id] += w[i];
      }
      const entry: Source = { levels: [...levels], rep: nrep, w: nw, s: ns, count: items, used: ++this.clock };
      if (this.cache.length < this.cacheSize) this.cache.push(entry);
      else {
        // replace the least recently used partition
        let lru = 0;
        for (let c = 1; c < this.cache.length; c++) if (this.cache[c].used < this.cache[lru].used) lru = c;
        this.cache[lru] = entry;
      }
    }
    return { levels: [...levels], anonymous: suppressed <= maxSuppressed, suppressed, classes, loss,
      tupleClass: perTuple ? cls.slice(0, count) : undefined, classSize: size.slice(0, classes), classOk: ok };
  }
}

export interface SearchResult { best?: Evaluation; nodes: number; evaluated: number; durationMs: number }

function latticeShape(e: Encoded, maxNodes: number): { strides: number[]; total: number } {
  const strides: number[] = [];
  let total = 1;
  for (const h of e.levels) { strides.push(total); total *= h; }
  if (total > maxNodes) {
    throw new CivicError('civic-k-anonymize.errors.latticeTooLarge', { nodes: total, max: maxNodes },
      `the lattice has ${total} transformations (limit ${maxNodes}); use fewer quasi-identifiers or levels`);
  }
  return { strides, total };
}

function decode(idx: number, e: Encoded, out: number[]): number[] {
  for (let j = 0; j < e.q; j++) { out[j] = idx % e.levels[j]; idx = Math.floor(idx / e.levels[j]); }
  return out;
}

function maxSuppressedOf(e: Encoded, config: KAnonymityConfig): number {
  return Math.floor(Math.max(0, Math.min(1, config.suppressionLimit ?? 0)) * e.n + 1e-9);
}

function better(a: Evaluation, b: Evaluation | undefined, eps: number): boolean {
  if (!b) return true;
  if (a.loss < b.loss - eps) return true;
  if (a.loss > b.loss + eps) return false;
  const sa = a.levels.reduce((x, y) => x + y, 0);
  const sb = b.levels.reduce((x, y) => x + y, 0);
  if (sa !== sb) return sa < sb;
  for (let j = a.levels.length - 1; j >= 0; j--) if (a.levels[j] !== b.levels[j]) return a.levels[j] < b.levels[j];
  return false;
}

/**
 * Finds the transformation with the least information loss that satisfies k (and l) with at most the allowed
 * suppression. Nodes are visited by increasing lower bound (the loss without suppression: additive over the QIs
 * and monotone), taken lazily from a heap; the anonymity of a node not yet known is settled Flash-style by a
 * binary search on a path from it to the top of the lattice, run to the border, and from the highest failing node
 * of the path a climb to a maximal failing node; every answer is propagated (anonymous → all generalisations, not
 * anonymous → all specialisations: with suppression too, since a coarser partition only merges classes, so the
 * records it suppresses are a subset). The scan stops once the bound exceeds the best loss found, so the result is
 * the optimum. Checks roll up from kept partitions and stop early when they are certain to fail (`ClassCounter`).
 */
export function search(e: Encoded, config: KAnonymityConfig, now: () => number = Date.now): SearchResult {
  const started = now();
  const { strides, total } = latticeShape(e, config.maxNodes ?? 2_000_000);
  const k = Math.max(1, Math.floor(config.k));
  const l = Math.max(0, Math.floor(config.l ?? 0));
  const maxSup = maxSuppressedOf(e, config);
  // lower bound (the loss without suppression, additive over the QIs) and level sum of every node, by odometer
  const lb = new Float64Array(total);
  const levelSum = new Int32Array(total);
  const lv = new Array<number>(e.q).fill(0);
  for (let idx = 0; idx < total; idx++) {
    let s = 0;
    let ls = 0;
    for (let j = 0; j < e.q; j++) { s += e.lossQ[j][lv[j]]; ls += lv[j]; }
    lb[idx] = s;
    levelSum[idx] = ls;
    for (let j = 0; j < e.q; j++) { if (++lv[j] < e.levels[j]) break; lv[j] = 0; }
  }
  // nodes by increasing bound (ties: fewer levels, then index), taken lazily from a binary heap: the scan usually
  // stops long before the end
  const before = (a: number, b: number): boolean => lb[a] < lb[b] || (lb[a] === lb[b] && (levelSum[a] < levelSum[b]
    || (levelSum[a] === levelSum[b] && a < b)));
  const heap = new Uint32Array(total);
  for (let i = 0; i < total; i++) heap[i] = i;
  let heapSize = total;
  const siftDown = (start: number): void => {
    let i = start;
    const x = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heapSize) break;
      if (c + 1 < heapSize && before(heap[c + 1], heap[c])) c++;
      if (!before(heap[c], x)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  };
  for (let i = (total >> 1) - 1; i >= 0; i--) siftDown(i);
  const pop = (): number => {
    const top = heap[0];
    heap[0] = heap[--heapSize];
    if (heapSize > 0) siftDown(0);
    return top;
  };
  const status = new Uint8Array(total); // 1 anonymous, 2 not anonymous
  const lossKnown = new Uint8Array(total);
  const stack: number[] = [];
  const tag = (start: number, value: 1 | 2) => {
    stack.push(start);
    status[start] = value;
    while (stack.length) {
      const idx = stack.pop()!;
      let rest = idx;
      for (let j = 0; j < e.q; j++) {
        const level = rest % e.levels[j];
        rest = Math.floor(rest / e.levels[j]);
        const canMove = value === 1 ? level < e.levels[j] - 1 : level > 0;
        if (!canMove) continue;
        const nb = value === 1 ? idx + strides[j] : idx - strides[j];
        if (status[nb] !== value) { status[nb] = value; stack.push(nb); }
      }
    }
  };
  const counter = new ClassCounter(e);
  let best: Evaluation | undefined;
  let evaluated = 0;
  const eps = 1e-9 * Math.max(1, e.maxLoss);
  // records in values rarer than k for one QI alone: a lower bound of the records any node with that level suppresses
  const alone = e.gen.map((g, j) => {
    const freq0 = new Float64Array(e.card[j][0]);
    const col = e.cols[j];
    for (let t = 0; t < e.tuples; t++) freq0[col[t]] += e.cnt[t];
    return g.map((m, level) => {
      const freq = new Float64Array(e.card[j][level]);
      for (let c = 0; c < m.length; c++) freq[m[c]] += freq0[c];
      let sup = 0;
      for (const f of freq) if (f < k) sup += f;
      return sup;
    });
  });
  const check = (idx: number): boolean => {
    decode(idx, e, lv);
    for (let j = 0; j < e.q; j++) {
      if (alone[j][lv[j]] > maxSup) { tag(idx, 2); return false; }
    }
    const ev = counter.evaluate(lv, k, l, maxSup);
    evaluated++;
    lossKnown[idx] = 1;
    if (ev.anonymous) {
      tag(idx, 1);
      if (better(ev, best, eps)) best = ev;
    } else tag(idx, 2);
    return ev.anonymous;
  };
  const topIdx = total - 1;
  if (!check(topIdx)) return { best: undefined, nodes: total, evaluated, durationMs: now() - started };
  const path: number[] = [];
  while (heapSize > 0) {
    const idx = pop();
    if (best && lb[idx] > best.loss + eps) break;
    if (status[idx] === 0) {
      // a path to the top through the cheapest successors, and a binary search for the anonymity border on it
      // (run to the end: the highest non-anonymous node on the path tags the most specialisations)
      path.length = 0;
      let cur = idx;
      path.push(cur);
      while (cur !== topIdx) {
        let rest = cur;
        let next = -1;
        for (let j = 0; j < e.q; j++) {
          const level = rest % e.levels[j];
          rest = Math.floor(rest / e.levels[j]);
          if (level < e.levels[j] - 1) {
            const nb = cur + strides[j];
            if (next < 0 || lb[nb] < lb[next]) next = nb;
          }
        }
        cur = next;
        path.push(cur);
      }
      let lo = 0;
      let hi = path.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const node = path[mid];
        const anon = status[node] === 0 ? check(node) : status[node] === 1;
        if (anon) hi = mid; else lo = mid + 1;
      }
      if (lo > 0) {
        // climb from the highest non-anonymous node of the path to a maximal non-anonymous node, whose
        // specialisations are then all known
        let top = path[lo - 1];
        for (let moved = true; moved;) {
          moved = false;
          let rest = top;
          for (let j = 0; j < e.q; j++) {
            const level = rest % e.levels[j];
            rest = Math.floor(rest / e.levels[j]);
            if (level < e.levels[j] - 1) {
              const nb = top + strides[j];
              if (status[nb] === 0 && !check(nb)) { top = nb; moved = true; break; }
            }
          }
        }
      }
    }
    if (status[idx] === 2) continue;
    if (!lossKnown[idx]) check(idx);
    if (maxSup === 0 && best) break; // nodes come in bound order and loss equals the bound
  }
  return { best, nodes: total, evaluated, durationMs: now() - started };
}

/** Checks every transformation (for tests and small lattices): the optimum by exhaustive enumeration. */
export function bruteForce(e: Encoded, config: KAnonymityConfig): Evaluation | undefined {
  const { total } = latticeShape(e, config.maxNodes ?? 2_000_000);
  const counter = new ClassCounter(e, 0);
  const maxSup = maxSuppressedOf(e, config);
  const lv = new Array<number>(e.q).fill(0);
  let best: Evaluation | undefined;
  for (let idx = 0; idx < total; idx++) {
    const ev = counter.evaluate(decode(idx, e, lv), Math.max(1, config.k), config.l ?? 0, maxSup, true);
    if (ev.anonymous && better(ev, best, 1e-9 * Math.max(1, e.maxLoss))) best = ev;
  }
  return best;
}

export interface KAnonymityReport {
  kind: 'k-anonymize-report';
  k: number;
  l: number;
  sensitive?: string;
  suppressionLimit: number;
  records: number;
  released: number;
  suppressed: number;
  levels: Array<{ field: string; hierarchy: string; level: number; levels: number; name: string }>;
  informationLoss: { metric: LossMetric; value: number; relative: number };
  classes: number;
  classSizes: { min: number; max: number; mean: number; distribution: Array<{ size: number; classes: number }> };
  risk: {
    prosecutor: { highest: number; average: number; recordsAtHighest: number };
    journalist: { highest: number; average: number; note: string };
    marketer: number;
  };
  search: { nodes: number; evaluated: number; durationMs: number; optimal: true };
}

export interface KAnonymityResult { records: Array<Record<string, unknown>>; report: KAnonymityReport }

/** Anonymises a dataset: search the optimum, generalise the QIs, suppress the rest, and report. */
export function kAnonymize(records: ReadonlyArray<Record<string, unknown>>, config: KAnonymityConfig,
  now: () => number = Date.now): KAnonymityResult {
  if (!Number.isFinite(config.k) || config.k < 1) throw new CivicError('civic-k-anonymize.errors.k', {}, 'k must be ≥ 1');
  const e = encode(records, config);
  const result = search(e, config, now);
  const found = result.best;
  if (!found) {
    throw new CivicError('civic-k-anonymize.errors.noSolution', { k: config.k, records: e.n },
      `no transformation reaches k=${config.k} within the suppression limit (${e.n} records)`);
  }
  // the chosen transformation once more from the raw tuples, to know every record's class
  const best = new ClassCounter(e, 0).evaluate(found.levels, Math.max(1, config.k), config.l ?? 0, maxSuppressedOf(e, config), true);
  const mask = config.suppressedRecords === 'mask';
  // per QI the output label of every level-0 code at the chosen level, and per tuple whether it is released
  const outLabel = e.fields.map((_, j) => {
    const m = e.gen[j][best.levels[j]];
    const names = e.labels[j][best.levels[j]];
    return Array.from(m, (c) => names[c]);
  });
  const tupleOk = new Uint8Array(e.tuples);
  for (let t = 0; t < e.tuples; t++) tupleOk[t] = best.classOk[best.tupleClass![t]];
  const out: Array<Record<string, unknown>> = new Array(mask ? e.n : e.n - best.suppressed);
  let o = 0;
  for (let i = 0; i < e.n; i++) {
    const t = e.recTuple[i];
    const ok = tupleOk[t] === 1;
    if (!ok && !mask) continue;
    const rec = { ...records[i] };
    const base = t * e.q;
    for (let j = 0; j < e.q; j++) rec[e.fields[j]] = ok ? outLabel[j][e.tup[base + j]] : '*';
    out[o++] = rec;
  }
  const sizes: number[] = [];
  for (let c = 0; c < best.classes; c++) if (best.classOk[c]) sizes.push(best.classSize[c]);
  const released = e.n - best.suppressed;
  const dist = new Map<number, number>();
  for (const s of sizes) dist.set(s, (dist.get(s) ?? 0) + 1);
  const min = sizes.length ? Math.min(...sizes) : 0;
  const max = sizes.length ? Math.max(...sizes) : 0;
  const highest = min ? 1 / min : 0;
  const average = released ? sizes.length / released : 0;
  const report: KAnonymityReport = {
    kind: 'k-anonymize-report',
    k: config.k,
    l: config.l ?? 0,
    sensitive: (config.l ?? 0) > 1 ? config.sensitive : undefined,
    suppressionLimit: config.suppressionLimit ?? 0,
    records: e.n,
    released,
    suppressed: best.suppressed,
    levels: e.fields.map((field, j) => ({ field, hierarchy: config.quasiIdentifiers[j].hierarchy, level: best.levels[j],
      levels: e.levels[j], name: e.hierarchies[j].names[best.levels[j]] })),
    informationLoss: { metric: e.metric, value: best.loss, relative: e.maxLoss > 0 ? best.loss / e.maxLoss : 0 },
    classes: sizes.length,
    classSizes: { min, max, mean: sizes.length ? released / sizes.length : 0,
      distribution: [...dist.entries()].sort((a, b) => a[0] - b[0]).map(([size, classes]) => ({ size, classes })) },
    risk: {
      prosecutor: { highest, average, recordsAtHighest: sizes.filter((s) => s === min).length * min },
      journalist: { highest, average, note: 'no population table: the dataset is taken as the population (equals prosecutor risk)' },
      marketer: average,
    },
    search: { nodes: result.nodes, evaluated: result.evaluated, durationMs: result.durationMs, optimal: true },
  };
  return { records: out, report };
}
