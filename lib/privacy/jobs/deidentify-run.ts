// De-identification runs without holding the event loop: a batch is processed in slices, inline for small batches
// without free text, in the node's worker thread otherwise (free text needs the Japanese analyser, which is heavy;
// large batches would hold the loop). Between slices the loop turns; each slice sent to the worker is bounded in
// size, so copying it across costs little. The run-wide step (rare values, top/bottom coding) happens where the
// records were processed.
import { CivicError } from '../../errors';
import { Deidentifier, isShapeError, type DeidentifyReport } from '../deidentify';
import type { DeidentifyPolicy } from '../policy';
import { CancelledError, fromWire, type PrivacyWorker } from './runner';

/** Batches up to this size without free text run inline (in slices), bigger ones in the worker. */
export const INLINE_MAX = 2000;
// a slice is copied to the worker and back on the event loop: small enough to take a few milliseconds
const SLICE_RECORDS = 500;
const SLICE_CHARS = 64 * 1024;

/** A record that failed, by row number, with its translatable error (never its content). */
export interface Failure { row: number; error: Error }

/** The outcome of a batch. */
export interface BatchResult { records: Array<Record<string, unknown>>; failures: Failure[]; report: DeidentifyReport }

export interface RunOptions {
  key?: string;
  timeLimitMs: number;
  onProgress?: (done: number, total: number) => void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The next slice [from, to): at most SLICE_RECORDS records and about SLICE_CHARS characters of text. */
function sliceEnd(records: unknown[], from: number): number {
  let chars = 0;
  let to = from;
  while (to < records.length && to - from < SLICE_RECORDS && chars < SLICE_CHARS) {
    const r = records[to++];
    if (r && typeof r === 'object') for (const v of Object.values(r)) if (typeof v === 'string') chars += v.length;
  }
  return to;
}

function timeLimitError(ms: number): CivicError {
  return new CivicError('civic-deidentify.errors.timeLimit', { seconds: Math.round(ms / 1000) }, `the time limit of ${Math.round(ms / 1000)} s ended the run`);
}

/** Runs a batch inline, a slice per turn of the event loop. */
async function inline(records: unknown[], rows: number[], policy: DeidentifyPolicy, o: RunOptions): Promise<BatchResult> {
  const d = new Deidentifier(policy, { key: o.key });
  const out: Array<Record<string, unknown> | null> = [];
  const failures: Failure[] = [];
  const deadline = Date.now() + o.timeLimitMs;
  for (let from = 0; from < records.length;) {
    const to = sliceEnd(records, from);
    if (Date.now() > deadline) throw timeLimitError(o.timeLimitMs);
    const s = d.applyMany(records.slice(from, to) as Array<Record<string, unknown>>, rows.slice(from, to));
    out.push(...s.out);
    failures.push(...s.errors);
    o.onProgress?.(to, records.length);
    from = to;
    if (from < records.length) await turn();
  }
  d.finishBatch(out);
  return { records: out.filter((r): r is Record<string, unknown> => r !== null), failures, report: d.report() };
}

/** Runs a batch in the worker, slice by slice, with the time limit over the whole run. */
async function inWorker(records: unknown[], rows: number[], policy: DeidentifyPolicy, worker: PrivacyWorker, o: RunOptions): Promise<BatchResult> {
  const deadline = Date.now() + o.timeLimitMs;
  const left = () => Math.max(0, deadline - Date.now());
  const call = <T>(method: string, args: unknown) => worker.call<T>(method, args, { timeLimitMs: left(), timeLimitError: () => timeLimitError(o.timeLimitMs) });
  const retain = Deidentifier.needsBatch(policy);
  const run = await call<number>('deid.open', { policy, key: o.key, retain });
  try {
    const out: Array<Record<string, unknown> | null> = [];
    const failures: Failure[] = [];
    for (let from = 0; from < records.length;) {
      const to = sliceEnd(records, from);
      const s = await call<{ out?: Array<Record<string, unknown> | null>; errors: Array<{ row: number; error: never }> }>('deid.apply',
        { run, records: records.slice(from, to), rows: rows.slice(from, to) });
      if (s.out) out.push(...s.out);
      failures.push(...s.errors.map((e) => ({ row: e.row, error: fromWire(e.error) })));
      o.onProgress?.(to, records.length);
      from = to;
    }
    if (retain) {
      const n = await call<number>('deid.finish', { run });
      for (let from = 0; from < n; from += SLICE_RECORDS) out.push(...await call<Array<Record<string, unknown> | null>>('deid.take', { run, from, to: from + SLICE_RECORDS }));
    }
    const report = await call<DeidentifyReport>('deid.report', { run });
    return { records: out.filter((r): r is Record<string, unknown> => r !== null), failures, report };
  } finally {
    void worker.call('deid.close', { run }).catch(() => undefined);
  }
}

/**
 * De-identifies a batch of records (`rows`: their row numbers in the source, 1-based). Shape errors (keys refused)
 * reject the whole batch; other failures are listed by row. Runs in `worker` when the policy scrubs free text or
 * the batch is large.
 */
export async function deidentifyBatch(records: unknown[], rows: number[] | undefined, policy: DeidentifyPolicy,
  worker: PrivacyWorker, o: RunOptions): Promise<BatchResult> {
  const rowNumbers = rows ?? records.map((_, i) => i + 1);
  const viaWorker = Deidentifier.scrubs(policy) || records.length > INLINE_MAX;
  return viaWorker ? inWorker(records, rowNumbers, policy, worker, o) : inline(records, rowNumbers, policy, o);
}

/**
 * Records streamed one by one (a run ends with msg.complete): processed as they come, inline or — when free text
 * is scrubbed — in the worker, with one report for the run. Not for policies that need the whole run (those
 * buffer the records and use deidentifyBatch).
 */
export class DeidentifyStream {
  private local?: Deidentifier;
  private run?: Promise<number>;

  constructor(private readonly policy: DeidentifyPolicy, private readonly worker: PrivacyWorker, private readonly o: RunOptions) {}

  /** The de-identified record, or the error of a record that failed (never its content). */
  async apply(record: unknown, row: number): Promise<{ record?: Record<string, unknown>; error?: Error }> {
    if (!Deidentifier.scrubs(this.policy)) {
      this.local ??= new Deidentifier(this.policy, { key: this.o.key });
      try { return { record: this.local.apply(record as Record<string, unknown>, row) }; } catch (err) { return { error: err as Error }; }
    }
    this.run ??= this.call<number>('deid.open', { policy: this.policy, key: this.o.key, retain: false });
    try {
      const run = await this.run;
      const s = await this.call<{ out: Array<Record<string, unknown> | null>; errors: Array<{ row: number; error: never }> }>('deid.apply',
        { run, records: [record], rows: [row] });
      return s.out[0] ? { record: s.out[0] } : { error: fromWire(s.errors[0].error) };
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      // a refused record is that record's error; anything else (the time limit, a stopped worker) ends the run
      if (!isShapeError(err)) this.run = undefined;
      return { error: err as Error };
    }
  }

  /** Ends the run: its report (the next record starts a new run). */
  async finish(): Promise<DeidentifyReport> {
    if (this.run) {
      const run = await this.run;
      this.run = undefined;
      const report = await this.call<DeidentifyReport>('deid.report', { run });
      void this.worker.call('deid.close', { run }).catch(() => undefined);
      return report;
    }
    const d = this.local ?? new Deidentifier(this.policy, { key: this.o.key });
    this.local = undefined;
    return d.report();
  }

  private call<T>(method: string, args: unknown): Promise<T> {
    return this.worker.call<T>(method, args, { timeLimitMs: this.o.timeLimitMs, timeLimitError: () => timeLimitError(this.o.timeLimitMs) });
  }
}
