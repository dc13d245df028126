// Draining a worker before it stops (takeover, docs/scaling.md). Node-RED drops every message still travelling
// between nodes when it stops, while node context keeps the state those messages came from: an alert whose state
// was saved as firing but whose "firing" event was still on its way to the mqtt out node is lost for good (the
// new owner only ever sends "resolved"). So a worker is drained first: its route stage publishes one marker per
// partition it owns, behind every reading already routed to it; when the filter stage has seen them all, the
// worker stops taking readings of those partitions, and once no message is in flight anywhere in the runtime (each
// sent message completed by its node — mqtt out completes on the broker's PUBACK; nodes whose handlers take no
// done() count once they received it) the state on disk and the events that left agree, and the worker can be
// stopped. No Node-RED import: the node adapter feeds the hooks.

/** The marker a route stage publishes on `<prefix>/<partition>/-/-/drain`. */
export interface DrainMarker { civicDrain: string }

/** The marker payload of drain `token`. */
export function drainMarker(token: string): DrainMarker {
  return { civicDrain: token };
}

/** True when a payload is a drain marker. */
export function isDrainMarker(payload: unknown): payload is DrainMarker {
  return !!payload && typeof payload === 'object' && typeof (payload as DrainMarker).civicDrain === 'string';
}

/** The topic of partition `p`'s marker: inside the partition's subscription filter `<prefix>/<p>/#`. */
export function markerTopic(prefix: string, partition: number): string {
  return `${prefix}/${partition}/-/-/drain`;
}

/** Messages sent and not yet completed, counted per destination node and message id. */
export class InFlight {
  private readonly pending = new Map<string, number>();
  private total = 0;

  /** A message `msgid` was sent to node `to`. */
  sent(to: string, msgid: string): void {
    const key = `${to}\0${msgid}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.total++;
  }

  /** Node `at` completed message `msgid` (completions of messages sent before tracking began are ignored). */
  completed(at: string, msgid: string): void {
    const key = `${at}\0${msgid}`;
    const n = this.pending.get(key);
    if (n === undefined) return;
    if (n <= 1) this.pending.delete(key); else this.pending.set(key, n - 1);
    this.total--;
  }

  /** Messages still travelling or being handled. */
  get size(): number { return this.total; }
}

/** One drain of one worker: which partitions' markers have come back, and how many readings were held back since. */
export class Drain {
  private readonly waiting: Set<number>;
  /** readings of drained partitions not passed on (they arrived after the marker: the new owner's to evaluate) */
  released = 0;

  constructor(readonly token: string, readonly partitions: number[]) {
    this.waiting = new Set(partitions);
  }

  /** A marker came back through the filter stage. */
  see(token: string, partition: number): void {
    if (token === this.token) this.waiting.delete(partition);
  }

  /** Has partition `p`'s marker come back (later readings of `p` are held back)? */
  closed(partition: number): boolean {
    return this.partitions.includes(partition) && !this.waiting.has(partition);
  }

  /** All markers back. */
  get markersBack(): boolean { return this.waiting.size === 0; }

  /** Partitions whose marker has not come back yet. */
  get missing(): number[] { return [...this.waiting]; }
}
