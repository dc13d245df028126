// Where window panes keep their numbers and bins: regions of shared 1 MB slabs, named by a small integer (a "ref":
// slab id and offset in one Smi). A topic's current pane is then found as map → ref → the slab's numbers, with no pane
// object and no typed-array object of its own in between: on 10,000 topics each of those was a cache miss, and they
// came one after another (the address of the next was in the one before).
//
// A slab holds regions of one size (its class, a multiple of 128 bytes: a region starts on a cache line); a closed pane's
// region goes back to its slab's free list for the next pane of that size. A slab still empty at a release after the
// time a release found it empty (the end of the window then open) is dropped, so memory follows the open panes.

/** Offsets within a slab take this many bits of a ref (2¹⁷ doubles = 1 MB); the slab's id takes the rest. */
export const SLAB_BITS = 17;
/** ref & SLAB_MASK: the region's first number in its slab's Float64Array. */
export const SLAB_MASK = (1 << SLAB_BITS) - 1;
const SLAB_NUMBERS = 1 << SLAB_BITS;
/** Ids stay below 2¹³, so every ref is a Smi (V8 keeps it in the map's table, not in a heap number). */
const MAX_SLABS = 1 << 13;
/** A region takes at most 1/8 of a slab; a larger pane gets arrays of its own. */
const MAX_REGION = SLAB_NUMBERS >> 3;

/** One slab: its numbers and the same memory as bytes (the bins), and its regions of one size. */
export class Slab<T> {
  readonly f = new Float64Array(SLAB_NUMBERS);
  readonly b = new Uint8Array(this.f.buffer);
  /** what each region holds, by its index (offset / region) */
  readonly owners: Array<T | undefined> = [];
  /**
   * regions given back, taken first in, first out (from `head`): the next window's panes take them in the order the
   * closing freed them, which is the order of the topics, so topics read one after another use neighbouring memory (a
   * stack gave them back in reverse, and the bench's readings ran 3 % slower than in the fresh slabs it replaced)
   */
  private readonly free: number[] = [];
  private head = 0;
  private top = 0;
  live = 0;
  /** when a release found it empty: the time from which a release drops it (NaN: in use since) */
  idleUntil = NaN;
  /** in its class's list of slabs with room */
  listed = true;
  constructor(readonly id: number, readonly region: number) {}

  /** A zeroed region's offset, or -1 when the slab is full. */
  take(): number {
    let off: number | undefined;
    if (this.head < this.free.length) {
      off = this.free[this.head++];
      // the taken half goes once it is the larger one (regions that stay free would grow the list without end)
      if (this.head > 64 && 2 * this.head > this.free.length) { this.free.copyWithin(0, this.head); this.free.length -= this.head; this.head = 0; }
    } else if (this.head > 0) this.free.length = this.head = 0;
    if (off === undefined) {
      if (this.top + this.region > SLAB_NUMBERS) return -1;
      off = this.top;
      this.top += this.region;
    }
    this.live++;
    this.idleUntil = NaN;
    return off;
  }

  /**
   * Gives the region at `off` back, zeroed: a pane is dropped right after its closing read it, so its lines are still in
   * the processor cache, where the next pane to take the region (an hour later, in the bench) would find them in memory
   */
  give(off: number): void {
    this.f.fill(0, off, off + this.region);
    this.owners[off / this.region] = undefined;
    this.free.push(off);
    this.live--;
  }
}

/** The slabs of one WindowStats; `T`: what a region holds (a pane). */
export class Slabs<T> {
  /** by id (holes where a slab was dropped) */
  readonly list: Array<Slab<T> | undefined> = [];
  /** per region size: the slabs that have room */
  private readonly open = new Map<number, Array<Slab<T>>>();
  private readonly ids: number[] = [];

  /** A zeroed region of at least `numbers` doubles: its ref, or -1 (too large, or too many slabs). */
  alloc(numbers: number): number {
    // sizes rounded to 128 bytes: panes whose bins differ by a few bytes share a class (and its slabs)
    const region = (numbers + 15) & ~15;
    if (region > MAX_REGION) return -1;
    let room = this.open.get(region);
    if (!room) this.open.set(region, (room = []));
    while (room.length) {
      const s = room[room.length - 1];
      const off = s.take();
      if (off >= 0) return (s.id << SLAB_BITS) | off;
      s.listed = false;
      room.pop();
    }
    const id = this.ids.pop() ?? this.list.length;
    if (id >= MAX_SLABS) return -1;
    const s = new Slab<T>(id, region);
    this.list[id] = s;
    room.push(s);
    return (id << SLAB_BITS) | s.take();
  }

  /** The slab of `ref`. */
  slab(ref: number): Slab<T> {
    return this.list[ref >>> SLAB_BITS] as Slab<T>;
  }

  /** What the region of `ref` holds. */
  owner(ref: number): T {
    const s = this.slab(ref);
    return s.owners[(ref & SLAB_MASK) / s.region] as T;
  }

  /** Records what the region of `ref` holds (until it is freed). */
  own(ref: number, owner: T): void {
    const s = this.slab(ref);
    s.owners[(ref & SLAB_MASK) / s.region] = owner;
  }

  /** Gives the region of `ref` back. */
  free(ref: number): void {
    const s = this.slab(ref);
    s.give(ref & SLAB_MASK);
    if (!s.listed) { s.listed = true; (this.open.get(s.region) as Array<Slab<T>>).push(s); }
  }

  /**
   * At time `now`: drops the slabs found empty by an earlier release whose `until` has come, and marks the newly empty
   * ones with `until`. A count of releases would not do: a tick right after a closing (nothing open yet) dropped every
   * slab the closing had emptied, and the next window's panes took new megabytes from the system.
   */
  release(now: number, until: number): void {
    for (const s of this.list) {
      if (!s || s.live > 0) continue;
      if (s.idleUntil !== s.idleUntil) { s.idleUntil = until; continue; }
      if (now < s.idleUntil) continue;
      this.list[s.id] = undefined;
      this.ids.push(s.id);
      const room = this.open.get(s.region) as Array<Slab<T>>;
      room.splice(room.indexOf(s), 1);
      if (!room.length) this.open.delete(s.region);
    }
  }

  /** Forgets every slab (every pane is gone). */
  reset(): void {
    this.list.length = 0;
    this.open.clear();
    this.ids.length = 0;
  }
}
