// The open alerts of an engine as an intrusive doubly linked list, in the order they opened. Removing an alert only
// marks it; the list unlinks marked entries when it is walked (or when they outnumber the live ones), so the
// thousands of devices going in and out of "pending" every minute cost a flag each, not a visit to two neighbours.
import type { AlertRow, Track } from './engine-types';

/** An open track and where it lives: rule index, per site or per device, the device or site key, its cached row. */
export interface Entry {
  i: number; site: boolean; key: string; track: Track; row?: AlertRow;
  /** the list the entry is open in (an entry of an engine that was replaced is not open in the new one) */
  list?: ActiveList;
  /** the list the entry is linked into, open or only marked as removed */
  linked?: ActiveList;
  prev?: Entry; next?: Entry;
}

/** Insertion-ordered set of entries with O(1) add and delete. */
export class ActiveList implements Iterable<Entry> {
  private head: Entry | undefined;
  private tail: Entry | undefined;
  private removed = 0;
  size = 0;

  /** Adds `e` (nothing when it is already open here; one removed but not yet unlinked keeps its place). */
  add(e: Entry): void {
    if (e.list === this) return;
    e.list?.delete(e);
    e.list = this;
    this.size++;
    if (e.linked === this) { this.removed--; return; }
    e.linked?.unlink(e);
    e.linked = this;
    e.prev = this.tail;
    e.next = undefined;
    if (this.tail) this.tail.next = e; else this.head = e;
    this.tail = e;
  }

  /** Removes `e` (nothing when it is not open here). */
  delete(e: Entry): void {
    if (e.list !== this) return;
    e.list = undefined;
    this.size--;
    if (++this.removed > 1024 && this.removed > this.size) this.sweep();
  }

  /** The open entries in order, as an array (safe to change the list while going through it). */
  toArray(): Entry[] {
    this.sweep();
    const out = new Array<Entry>(this.size);
    let k = 0;
    for (let e = this.head; e; e = e.next) out[k++] = e;
    return out;
  }

  [Symbol.iterator](): Iterator<Entry> {
    return this.toArray()[Symbol.iterator]();
  }

  /** Unlinks every entry marked as removed. */
  private sweep(): void {
    if (this.removed === 0) return;
    for (let e = this.head; e;) {
      const next = e.next;
      if (e.list !== this) this.unlink(e);
      e = next;
    }
    this.removed = 0;
  }

  private unlink(e: Entry): void {
    if (e.prev) e.prev.next = e.next; else this.head = e.next;
    if (e.next) e.next.prev = e.prev; else this.tail = e.prev;
    e.prev = undefined;
    e.next = undefined;
    e.linked = undefined;
  }
}
