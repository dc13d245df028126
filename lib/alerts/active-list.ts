// The open alerts of an engine as an intrusive doubly linked list: adding and removing an alert is a few pointer
// writes (no hashing), which matters when thousands of devices go in and out of "pending" every minute.
import type { AlertRow, Track } from './engine-types';

/** An open track and where it lives: rule index, per site or per device, the device or site key, its cached row. */
export interface Entry {
  i: number; site: boolean; key: string; track: Track; row?: AlertRow;
  prev?: Entry; next?: Entry; list?: ActiveList;
}

/** Insertion-ordered set of entries with O(1) add and delete. */
export class ActiveList implements Iterable<Entry> {
  private head: Entry | undefined;
  private tail: Entry | undefined;
  size = 0;

  /** Adds `e` at the end (nothing when it is already listed). */
  add(e: Entry): void {
    if (e.list === this) return;
    e.list?.delete(e);
    e.list = this;
    e.prev = this.tail;
    e.next = undefined;
    if (this.tail) this.tail.next = e; else this.head = e;
    this.tail = e;
    this.size++;
  }

  /** Removes `e` (nothing when it is not listed). */
  delete(e: Entry): void {
    if (e.list !== this) return;
    e.list = undefined;
    if (e.prev) e.prev.next = e.next; else this.head = e.next;
    if (e.next) e.next.prev = e.prev; else this.tail = e.prev;
    e.prev = undefined;
    e.next = undefined;
    this.size--;
  }

  /** The entries in order, as an array (safe to change the list while going through it). */
  toArray(): Entry[] {
    const out = new Array<Entry>(this.size);
    let k = 0;
    for (let e = this.head; e; e = e.next) out[k++] = e;
    return out;
  }

  *[Symbol.iterator](): Iterator<Entry> {
    for (let e = this.head; e;) { const next = e.next; yield e; e = next; }
  }
}
