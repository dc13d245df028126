// Write-ahead for store writes: accepted rows go to an on-disk queue first (fsync'd, so a crash or a database
// outage loses nothing accepted), then a pump writes them to the store in transactions and acknowledges each batch
// only after its commit. A failed batch stays queued and is tried again with growing pauses; record ids make the
// repeat of a batch that did commit harmless.
import type { DiskQueue } from '../storage/queue';
import type { RecordKind } from './kinds';
import type { PreparedRow, RecordStore } from './store';

/** What the pump reports: a batch written, the queue drained, or a failure it will retry. */
export type StoreWriterEvent =
  | { type: 'written'; count: number; pending: number }
  | { type: 'drained'; written: number }
  | { type: 'failed'; error: unknown; pending: number };

/** The queue, kind, store and batch size of a StoreWriter. */
export interface StoreWriterOptions {
  queue: DiskQueue;
  kind: RecordKind;
  /** the open store, or throws why it is not open */
  store: () => RecordStore;
  batchSize: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  onEvent?: (e: StoreWriterEvent) => void;
}

/** Serialises a prepared row for the queue (no clear value: cells are already pseudonymised). */
export function encodeRow(r: PreparedRow): string {
  return JSON.stringify([r.rid, r.source, r.cells]);
}

/** The inverse of encodeRow. */
export function decodeRow(line: string): PreparedRow {
  const [rid, source, cells] = JSON.parse(line) as [string, string, PreparedRow['cells']];
  return { rid, source, cells };
}

/** Write-ahead store writes: disk queue first, database commits after (see the file comment). */
export class StoreWriter {
  private readonly o: Required<Omit<StoreWriterOptions, 'onEvent'>> & Pick<StoreWriterOptions, 'onEvent'>;
  private pumping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private declared = false;
  private sinceDrain = 0;
  private closed = false;

  constructor(options: StoreWriterOptions) {
    this.o = { retryInitialMs: 500, retryMaxMs: 30000, ...options };
  }

  /** Rows not yet committed to the store. */
  get pending(): number { return this.o.queue.queued; }

  /** Puts rows on the disk queue (resolves once they are safe on disk) and starts writing them. */
  async accept(rows: PreparedRow[]): Promise<void> {
    await this.o.queue.append(rows.map(encodeRow));
    this.kick();
  }

  /** Starts the pump unless it runs or waits for a retry (call when the store has just opened). */
  kick(now = false): void {
    if (this.closed || this.pumping) return;
    if (this.timer && !now) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pumping = this.pump().finally(() => { this.pumping = undefined; });
  }

  /** Stops the pump after the batch in flight and closes the queue; queued rows stay on disk for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
    await this.o.queue.close();
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        const store = this.o.store();
        if (!this.declared) {
          await store.declareKind(this.o.kind);
          this.declared = true;
        }
        const batch = await this.o.queue.readBatch(this.o.batchSize);
        if (!batch) break;
        const rows = batch.lines.map(decodeRow);
        await store.insert(this.o.kind, rows);
        await this.o.queue.ack(batch);
        this.attempt = 0;
        this.sinceDrain += rows.length;
        this.o.onEvent?.({ type: 'written', count: rows.length, pending: this.pending });
      }
      if (!this.closed && this.sinceDrain > 0 && this.pending === 0) {
        const written = this.sinceDrain;
        this.sinceDrain = 0;
        this.o.onEvent?.({ type: 'drained', written });
      }
    } catch (err) {
      if (this.closed) return;
      this.declared = false;
      const delay = Math.min(this.o.retryMaxMs, this.o.retryInitialMs * 2 ** this.attempt++);
      this.o.onEvent?.({ type: 'failed', error: err, pending: this.pending });
      this.timer = setTimeout(() => { this.timer = undefined; this.kick(); }, delay);
    }
  }
}
