// The search for the transformation (a vector of hierarchy levels) with the least information loss that satisfies
// k (and l) within the suppression limit. Transformations are visited by increasing lower bound of the loss (its
// part without suppression, monotone in every level), taken lazily from a binary heap. The anonymity of a
// transformation not yet known is settled Flash-style: a binary search on a path from it to the top of the lattice,
// then a climb from the highest failing node of the path to a maximal failing node; every answer is propagated
// (anonymous → all generalisations; not anonymous → all specialisations — with suppression too, since a coarser
// partition only merges classes). The scan stops once the bound exceeds the best loss found: the result is the
// optimum. With a deadline the search stops there and returns the best transformation found so far (not optimal).
import { CivicError } from '../../errors';
import { ClassCounter, type Evaluation } from './counter';
import type { Encoded } from './encode';
import { aggregate } from './loss';
import type { KAnonymityConfig, SearchControl } from './types';

/** The outcome of a search. `optimal` is false when the deadline stopped it before the optimum was proven. */
export interface SearchResult {
  best?: Evaluation; nodes: number; evaluated: number; durationMs: number; optimal: boolean;
  /** The search's counter, its kept partitions dropped: complete checks after the search reuse its scratch memory. */
  counter: ClassCounter;
}

const PROGRESS_EVERY_MS = 500;

/** The lattice's size and the index strides of each QI (throws a translatable error when it is too large). */
export function latticeShape(e: Encoded, maxNodes: number): { strides: number[]; total: number } {
  const strides: number[] = [];
  let total = 1;
  for (const h of e.levels) { strides.push(total); total *= h; }
  if (total > maxNodes) {
    throw new CivicError('civic-k-anonymize.errors.latticeTooLarge', { nodes: total, max: maxNodes },
      `the lattice has ${total} transformations (limit ${maxNodes}); use fewer quasi-identifiers or levels`);
  }
  return { strides, total };
}

/** Levels of the node with index `idx`. */
export function decodeNode(idx: number, e: Encoded, out: number[]): number[] {
  for (let j = 0; j < e.q; j++) { out[j] = idx % e.levels[j]; idx = Math.floor(idx / e.levels[j]); }
  return out;
}

/** Records that may be suppressed under the configuration. */
export function maxSuppressedOf(e: Encoded, config: KAnonymityConfig): number {
  return Math.floor(Math.max(0, Math.min(1, config.suppressionLimit ?? 0)) * e.n + 1e-9);
}

/** True when `a` is better than `b`: less loss; on a tie fewer levels in all, then lower levels from the last QI. */
export function better(a: Evaluation, b: Evaluation | undefined, eps: number): boolean {
  if (!b) return true;
  if (a.loss < b.loss - eps) return true;
  if (a.loss > b.loss + eps) return false;
  const sa = a.levels.reduce((x, y) => x + y, 0);
  const sb = b.levels.reduce((x, y) => x + y, 0);
  if (sa !== sb) return sa < sb;
  for (let j = a.levels.length - 1; j >= 0; j--) if (a.levels[j] !== b.levels[j]) return a.levels[j] < b.levels[j];
  return false;
}

class LatticeSearch {
  readonly strides: number[];
  readonly total: number;
  readonly lb: Float64Array;
  readonly levelSum: Int32Array;
  readonly heap: Uint32Array;
  heapSize: number;
  readonly status: Uint8Array;          // 1 anonymous, 2 not anonymous
  readonly lossKnown: Uint8Array;
  readonly counter: ClassCounter;
  readonly alone: number[][];
  readonly k: number;
  readonly l: number;
  readonly maxSup: number;
  readonly eps: number;
  best?: Evaluation;
  evaluated = 0;
  stopped = false;
  private readonly lv: number[];
  private readonly boxFrom: number[];
  private readonly boxTo: number[];
  private readonly boxCur: number[];
  private readonly now: () => number;
  private lastProgress: number;

  constructor(readonly e: Encoded, config: KAnonymityConfig, readonly control: SearchControl, readonly started: number) {
    ({ strides: this.strides, total: this.total } = latticeShape(e, config.maxNodes ?? 2_000_000));
    this.k = Math.max(1, Math.floor(config.k));
    this.l = Math.max(0, Math.floor(config.l ?? 0));
    this.maxSup = maxSuppressedOf(e, config);
    this.now = control.now ?? Date.now;
    this.lastProgress = started;
    this.lv = new Array<number>(e.q).fill(0);
    this.boxFrom = new Array<number>(e.q).fill(0);
    this.boxTo = new Array<number>(e.q).fill(0);
    this.boxCur = new Array<number>(e.q).fill(0);
    this.lb = new Float64Array(this.total);
    this.levelSum = new Int32Array(this.total);
    this.bounds();
    this.heap = new Uint32Array(this.total);
    for (let i = 0; i < this.total; i++) this.heap[i] = i;
    this.heapSize = this.total;
    for (let i = (this.total >> 1) - 1; i >= 0; i--) this.siftDown(i);
    this.status = new Uint8Array(this.total);
    this.lossKnown = new Uint8Array(this.total);
    this.counter = new ClassCounter(e);
    this.eps = 1e-9 * Math.max(1, Math.abs(e.top));
    this.alone = this.aloneBounds();
    // no node below the first level at which each QI alone stays within the limit is ever counted (see `check`)
    this.counter.floorAt(this.alone.map((a) => Math.max(0, a.findIndex((sup) => sup <= this.maxSup))), this.l);
  }

  // lower bound and level sum of every node, by odometer
  private bounds(): void {
    const e = this.e;
    const lv = this.lv;
    const v = new Float64Array(e.q);
    for (let idx = 0; idx < this.total; idx++) {
      let ls = 0;
      for (let j = 0; j < e.q; j++) { v[j] = e.lbQ[j][lv[j]]; ls += lv[j]; }
      this.lb[idx] = aggregate(e.metric, v);
      this.levelSum[idx] = ls;
      for (let j = 0; j < e.q; j++) { if (++lv[j] < e.levels[j]) break; lv[j] = 0; }
    }
  }

  // records in values rarer than k for one QI alone: a lower bound of what any node at that level suppresses
  private aloneBounds(): number[][] {
    const e = this.e;
    return e.gen.map((g, j) => {
      const freq0 = e.freq0[j];
      return g.map((m, level) => {
        const freq = new Float64Array(e.card[j][level]);
        for (let c = 0; c < m.length; c++) freq[m[c]] += freq0[c];
        let sup = 0;
        for (const f of freq) if (f < this.k) sup += f;
        return sup;
      });
    });
  }

  private before(a: number, b: number): boolean {
    const { lb, levelSum } = this;
    return lb[a] < lb[b] || (lb[a] === lb[b] && (levelSum[a] < levelSum[b] || (levelSum[a] === levelSum[b] && a < b)));
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    const x = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.heapSize) break;
      if (c + 1 < this.heapSize && this.before(heap[c + 1], heap[c])) c++;
      if (!this.before(heap[c], x)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  }

  pop(): number {
    const top = this.heap[0];
    this.heap[0] = this.heap[--this.heapSize];
    if (this.heapSize > 0) this.siftDown(0);
    return top;
  }

  /**
   * Marks `start` and its generalisations (1) or specialisations (2). In the product order of levels these form a box
   * — every level from the node's up to the top (1), or from 0 up to the node's (2) — so the box is filled a run at
   * a time: the leading QIs it spans whole are contiguous with the next one. (A walk from node to neighbour decoded
   * every node it reached: a third of a second on a lattice of 1.8 M nodes for seven checks.)
   */
  tag(start: number, value: 1 | 2): void {
    const { e, status, strides } = this;
    const from = this.boxFrom;
    const to = this.boxTo;
    const cur = this.boxCur;
    decodeNode(start, e, cur);
    for (let j = 0; j < e.q; j++) {
      from[j] = value === 1 ? cur[j] : 0;
      to[j] = value === 1 ? e.levels[j] - 1 : cur[j];
    }
    let m = 0;
    while (m < e.q && from[m] === 0 && to[m] === e.levels[m] - 1) m++;
    if (m === e.q) { status.fill(value); return; }
    const first = from[m] * strides[m];
    const run = (to[m] - from[m] + 1) * strides[m];
    for (let j = m + 1; j < e.q; j++) cur[j] = from[j];
    for (;;) {
      let base = first;
      for (let j = m + 1; j < e.q; j++) base += cur[j] * strides[j];
      status.fill(value, base, base + run);
      let j = m + 1;
      for (; j < e.q; j++) { if (++cur[j] <= to[j]) break; cur[j] = from[j]; }
      if (j >= e.q) return;
    }
  }

  /** Evaluates a node, tags the lattice with the answer and keeps the best anonymous node. */
  check(idx: number): boolean {
    const lv = decodeNode(idx, this.e, this.lv);
    for (let j = 0; j < this.e.q; j++) {
      if (this.alone[j][lv[j]] > this.maxSup) { this.tag(idx, 2); return false; }
    }
    const ev = this.counter.evaluate(lv, this.k, this.l, this.maxSup);
    this.evaluated++;
    this.lossKnown[idx] = 1;
    if (ev.anonymous) {
      this.tag(idx, 1);
      if (better(ev, this.best, this.eps)) this.best = ev;
    } else this.tag(idx, 2);
    this.watch();
    return ev.anonymous;
  }

  // progress every half second; past the deadline the search stops (the best so far stands)
  private watch(): void {
    const { control } = this;
    if (!control.onProgress && control.deadline === undefined) return;
    const t = this.now();
    if (control.deadline !== undefined && t >= control.deadline) this.stopped = true;
    if (control.onProgress && t - this.lastProgress >= PROGRESS_EVERY_MS) {
      this.lastProgress = t;
      control.onProgress({ evaluated: this.evaluated, nodes: this.total, elapsedMs: t - this.started, found: !!this.best });
    }
  }

  /**
   * Whether a node whose bound reached the best loss could still be better: only by a tie in loss broken by fewer
   * levels in all, then lower levels from the last QI — the order in which the heap hands out nodes of equal bound.
   * (When many nodes share the bound, e.g. columns with one value, this ends the scan at once.)
   */
  mayTie(idx: number): boolean {
    const b = this.best!;
    if (this.lb[idx] > b.loss + this.eps) return false;
    let bestIdx = 0;
    for (let j = this.e.q - 1; j >= 0; j--) bestIdx = bestIdx * this.e.levels[j] + b.levels[j];
    const ls = this.levelSum[idx];
    const bls = this.levelSum[bestIdx];
    return ls < bls || (ls === bls && idx < bestIdx);
  }

  /** A path from `idx` to the top through the cheapest successors. */
  path(idx: number): number[] {
    const { e, strides, lb } = this;
    const path = [idx];
    const topIdx = this.total - 1;
    let cur = idx;
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
    return path;
  }

  /** Settles the anonymity of `idx`: binary search on its path to the top, then a climb to a maximal failing node. */
  settle(idx: number): void {
    const path = this.path(idx);
    let lo = 0;
    let hi = path.length - 1;
    while (lo < hi && !this.stopped) {
      const mid = (lo + hi) >> 1;
      const node = path[mid];
      const anon = this.status[node] === 0 ? this.check(node) : this.status[node] === 1;
      if (anon) hi = mid; else lo = mid + 1;
    }
    if (lo === 0) return;
    let top = path[lo - 1];
    for (let moved = true; moved && !this.stopped;) {
      moved = false;
      let rest = top;
      for (let j = 0; j < this.e.q; j++) {
        const level = rest % this.e.levels[j];
        rest = Math.floor(rest / this.e.levels[j]);
        if (level < this.e.levels[j] - 1) {
          const nb = top + this.strides[j];
          if (this.status[nb] === 0 && !this.check(nb)) { top = nb; moved = true; break; }
        }
      }
    }
  }
}

/**
 * Finds the transformation with the least information loss that satisfies k (and l) with at most the allowed
 * suppression (see the module comment). Checks roll up from kept partitions and stop early when certain to fail.
 */
export function search(e: Encoded, config: KAnonymityConfig, control: SearchControl = {}): SearchResult {
  const now = control.now ?? Date.now;
  const started = now();
  const s = new LatticeSearch(e, config, control, started);
  const done = (optimal: boolean): SearchResult => {
    s.counter.dropCache();
    return { best: s.best, nodes: s.total, evaluated: s.evaluated, durationMs: now() - started, optimal, counter: s.counter };
  };
  if (!s.check(s.total - 1)) return done(true);
  while (s.heapSize > 0) {
    if (s.stopped) return done(false);
    const idx = s.pop();
    if (s.best && s.lb[idx] >= s.best.loss - s.eps && !s.mayTie(idx)) break;
    if (s.status[idx] === 0) s.settle(idx);
    if (s.stopped) return done(false);
    if (s.status[idx] === 2) continue;
    if (!s.lossKnown[idx]) s.check(idx);
    if (s.maxSup === 0 && s.best) break; // nodes come in bound order and then the loss equals the bound
  }
  return done(true);
}

/** Checks every transformation (for tests and small lattices): the optimum by exhaustive enumeration. */
export function bruteForce(e: Encoded, config: KAnonymityConfig): Evaluation | undefined {
  const { total } = latticeShape(e, config.maxNodes ?? 2_000_000);
  const counter = new ClassCounter(e, 0);
  const maxSup = maxSuppressedOf(e, config);
  const lv = new Array<number>(e.q).fill(0);
  let best: Evaluation | undefined;
  for (let idx = 0; idx < total; idx++) {
    const ev = counter.evaluate(decodeNode(idx, e, lv), Math.max(1, config.k), config.l ?? 0, maxSup, true);
    if (ev.anonymous && better(ev, best, 1e-9 * Math.max(1, Math.abs(e.top)))) best = ev;
  }
  return best;
}
