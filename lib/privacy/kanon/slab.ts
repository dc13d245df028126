// The memory of the partitions a class counter keeps to roll up from: one growing Int32Array holding each kept
// partition's arrays side by side, compacted when full. Arrays of their own per partition were garbage as soon as
// the partition left the cache; at a million records the search made ~90 MB of them, and the worker thread (a
// small heap, so few full collections) held tens of megabytes of them at the memory peak.

/** A partition to roll up from: items (a class, or a class × sensitive value) with a representative tuple. */
export interface Source { levels: number[]; rep: Int32Array; w: Int32Array; s: Int32Array; count: number; used: number;
  /** Where its arrays start in the slab, and how many entries they take (2 or 3 per item). */
  off: number; span: number }

const EMPTY = new Int32Array(0);
/** Room made when the slab grows, relative to what it must hold: compaction copies at most 1 / (GROWTH − 1) entries
 * per entry written. */
const GROWTH = 1.25;

/** Kept partitions' arrays (representative, records, sensitive value per item) in one slab. */
export class PartitionSlab {
  private slab = EMPTY;
  private end = 0;
  private readonly live = new Set<Source>();

  /** `bound`: the entries the kept partitions usually hold at most (the slab doubles up to a quarter more). */
  constructor(private readonly bound: number) {}

  /** A new partition of `items` items (its arrays' contents undefined); `pairs`: with sensitive values. */
  make(levels: number[], items: number, pairs: boolean, used: number): Source {
    const entries = items * (pairs ? 3 : 2);
    if (this.end + entries > this.slab.length) this.room(entries);
    const src: Source = { levels, rep: EMPTY, w: EMPTY, s: EMPTY, count: items, used, off: this.end, span: entries };
    this.end += entries;
    this.view(src);
    this.live.add(src);
    return src;
  }

  /** Gives a partition's entries back (reused at the next compaction). */
  free(src: Source): void {
    this.live.delete(src);
  }

  /** Entries the slab can hold (4 bytes each). */
  get capacity(): number {
    return this.slab.length;
  }

  /** Forgets every partition and the slab itself. */
  clear(): void {
    this.live.clear();
    this.slab = EMPTY;
    this.end = 0;
  }

  // the partitions moved to the front (into a larger slab when they and `entries` more would leave too little room);
  // every moved partition's arrays are viewed again, so a caller must read them from the Source after `make`
  private room(entries: number): void {
    const parts = [...this.live].sort((a, b) => a.off - b.off);
    let held = entries;
    for (const p of parts) held += p.span;
    // grown by doubling up to the room for the bound (each step's old slab is garbage): growing just enough each
    // time made a new slab of about the same size at most checks (100 MB of them at a million records)
    const doubled = held <= this.bound ? Math.min(2 * this.slab.length, Math.ceil(GROWTH * this.bound)) : 2 * this.slab.length;
    const target = this.slab.length >= GROWTH * held ? this.slab : new Int32Array(Math.max(1024, Math.ceil(GROWTH * held), doubled));
    let at = 0;
    for (const p of parts) {
      const n = p.span;
      if (target === this.slab) target.copyWithin(at, p.off, p.off + n);
      else target.set(this.slab.subarray(p.off, p.off + n), at);
      p.off = at;
      at += n;
    }
    this.slab = target;
    this.end = at;
    for (const p of parts) this.view(p);
  }

  private view(src: Source): void {
    const { off, count } = src;
    const pairs = src.span > 2 * count;
    src.rep = this.slab.subarray(off, off + count);
    src.w = this.slab.subarray(off + count, off + 2 * count);
    src.s = pairs ? this.slab.subarray(off + 2 * count, off + 3 * count) : EMPTY;
  }
}
