// One window pane of one topic, laid out for a stream of readings over many topics: the pane's bounds and every
// metric's accumulators in one Float64Array (V8 keeps each double field of an object as a separate heap number, so
// fields would cost an object and a cache miss each), and its metric names as a shared, interned list: topics that
// report the same metrics in the same order share one array, which stays in the processor cache. The numbers a reading
// changes are all in that array, the header included (count, list id, where the bins are), so that a pane in a slab
// (window-slab.ts) takes readings without its Pane object.

import { FIRST_BIN_LIMIT, type BinArray } from './window-sketch';

/**
 * v[START] and v[END]: the pane's bounds (epoch ms); v[COUNT]: its readings; v[SHAPE]: the id of its list of names
 * (-1: not interned); v[QAT]: where its bins start in its slab's bytes (panes in a slab); v[CEND]: v's length (numbers
 * kept at its end are found from there); metric k's numbers start at HEADER + k × stride.
 */
export const START = 0, END = 1, COUNT = 2, SHAPE = 3, QAT = 4, CEND = 5, HEADER = 6;

/**
 * An interned list of metric names; `next` leads to the lists one name longer (like a hidden-class transition);
 * `record`: the names as own keys of an object, made once for the results of windows with these names
 */
export interface Shape { readonly names: readonly string[]; next: Map<string, Shape> | null; readonly id: number; record: Record<string, null> | null }

/** The interned name lists of one WindowStats, at most `limit` of them (beyond, a pane keeps a list of its own). */
export class Shapes {
  readonly root: Shape = { names: [], next: null, id: 0, record: null };
  /** the interned lists by id */
  readonly list: Shape[] = [this.root];
  constructor(private readonly limit = 4096) {}

  /** The list `shape` + `name`. */
  extend(shape: Shape, name: string): Shape {
    const known = shape.next?.get(name);
    if (known) return known;
    const interned = this.list.length < this.limit;
    const longer: Shape = { names: [...shape.names, name], next: null, id: interned ? this.list.length : -1, record: null };
    if (!interned) return longer;
    this.list.push(longer);
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
  private shapeNow: Shape;
  /** [header, metric 0's numbers, metric 1's numbers, ...] */
  v: Float64Array;
  /** the bins of the metrics' sketches (window-sketch.ts) */
  q: BinArray | null;
  /** the largest count a bin of q holds (bytes first) */
  qMax = FIRST_BIN_LIMIT;
  qUsed = 0;
  /** metrics v has room for (window.ts lays them out) */
  room = 0;
  distinct: Set<string> | undefined;
  counts: Map<string, number> | undefined;
  capped = false;

  /**
   * `v`: zeroed numbers, HEADER at least (a slab's region, or an array of its own); `q`: zeroed bins or null; `ref`: the
   * slab region holding v and q (window-slab.ts), or -1
   */
  constructor(start: number, end: number, shape: Shape, v: Float64Array, q: BinArray | null = null, readonly ref = -1) {
    this.v = v;
    this.q = q;
    this.shapeNow = shape;
    v[START] = start;
    v[END] = end;
    v[SHAPE] = shape.id;
    v[CEND] = v.length;
  }

  get start(): number { return this.v[START]; }
  get end(): number { return this.v[END]; }
  get names(): readonly string[] { return this.shapeNow.names; }
  get n(): number { return this.v[COUNT]; }
  set n(count: number) { this.v[COUNT] = count; }
  get shape(): Shape { return this.shapeNow; }
  set shape(s: Shape) { this.shapeNow = s; this.v[SHAPE] = s.id; }
}
