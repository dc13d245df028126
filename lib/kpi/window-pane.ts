// One window pane of one topic, laid out for a stream of readings over many topics: the pane's bounds and every
// metric's accumulators in one Float64Array (V8 keeps each double field of an object as a separate heap number, so
// fields would cost an object and a cache miss each), and its metric names as a shared, interned list: topics that
// report the same metrics in the same order share one array, which stays in the processor cache.

import { FIRST_BIN_LIMIT, type BinArray } from './window-sketch';

/** v[START] and v[END]: the pane's bounds (epoch ms); metric k's numbers start at HEADER + k × stride. */
export const START = 0, END = 1, HEADER = 2;

/** An interned list of metric names; `next` leads to the lists one name longer (like a hidden-class transition). */
export interface Shape { readonly names: readonly string[]; next: Map<string, Shape> | null }

/** The interned name lists of one WindowStats, at most `limit` of them (beyond, a pane keeps a list of its own). */
export class Shapes {
  readonly root: Shape = { names: [], next: null };
  private count = 1;
  constructor(private readonly limit = 4096) {}

  /** The list `shape` + `name`. */
  extend(shape: Shape, name: string): Shape {
    const known = shape.next?.get(name);
    if (known) return known;
    const longer: Shape = { names: [...shape.names, name], next: null };
    if (this.count >= this.limit) return longer;
    this.count++;
    (shape.next ??= new Map()).set(name, longer);
    return longer;
  }

  /** The interned list of `names`. */
  of(names: readonly string[]): Shape {
    let s = this.root;
    for (const n of names) s = this.extend(s, n);
    return s;
  }
}

/** One window pane of one topic; metrics in first-seen order (a reading with the same key order skips the search). */
export class Pane {
  n = 0;
  shape: Shape;
  /** [start, end, metric 0's numbers, metric 1's numbers, ...] */
  v: Float64Array;
  /** the bins of the metrics' sketches (window-sketch.ts) */
  q: BinArray | null = null;
  /** the largest count a bin of q holds (bytes first) */
  qMax = FIRST_BIN_LIMIT;
  qUsed = 0;
  distinct: Set<string> | undefined;
  counts: Map<string, number> | undefined;
  capped = false;

  /**
   * `size`: numbers to allocate up front (header and the metrics the topic's panes usually have); `spare`: a closed
   * pane's array to take instead, when it is large enough
   */
  constructor(start: number, end: number, shape: Shape, size: number, spare?: Float64Array) {
    this.shape = shape;
    if (spare && spare.length >= size) this.v = spare.fill(0);
    else this.v = new Float64Array(Math.max(HEADER, size));
    this.v[START] = start;
    this.v[END] = end;
  }

  get start(): number { return this.v[START]; }
  get end(): number { return this.v[END]; }
  get names(): readonly string[] { return this.shape.names; }
}
