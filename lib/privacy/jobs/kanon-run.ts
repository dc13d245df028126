// A k-anonymity run without holding the event loop: the quasi-identifier columns are encoded a slice at a time
// (the loop turns between slices), the search runs in the node's worker thread with the time limit as its
// deadline, and the records are generalised in place a slice at a time. At the deadline the worker returns the best
// transformation found so far, marked not optimal; the caller decides whether to release it.
import { CivicError } from '../../errors';
import { ColumnEncoder, outputLength, writeRecords, type EncodedColumns, type KAnonymityConfig, type KAnonymityReport, type SearchProgress, type Solution } from '../kanon';
import { isRecord, ShapeCache, typeName } from '../shape';
import type { PrivacyWorker } from './runner';

const SLICE = 10_000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The outcome of a run. `optimal` is false when the time limit stopped the search. */
export interface KAnonymityRun { records: Array<Record<string, unknown>>; report: KAnonymityReport; optimal: boolean }

/** Options of a run: the time limit, progress reports (encoding, searching, writing). */
export interface KRunOptions {
  timeLimitMs: number;
  onProgress?: (p: { phase: 'encoding' | 'searching' | 'writing'; done?: number; total?: number; search?: SearchProgress }) => void;
}

/** The translatable error of a run the time limit ended. */
export function kTimeLimitError(ms: number): CivicError {
  return new CivicError('civic-k-anonymize.errors.timeLimit', { seconds: Math.round(ms / 1000) }, `the time limit of ${Math.round(ms / 1000)} s ended the search`);
}

/**
 * Checks that every record has the quasi-identifiers (and the sensitive field) and no key that looks like data;
 * throws the translatable error of the first record that does not.
 */
export function checkRecords(records: unknown[], config: KAnonymityConfig): void {
  const declared = [...config.quasiIdentifiers.map((q) => q.field), ...((config.l ?? 0) > 1 && config.sensitive ? [config.sensitive] : [])];
  const shape = new ShapeCache({ declared, unknown: 'allow', missing: 'refuse' }, 'civic-k-anonymize');
  for (const r of records) {
    if (!isRecord(r)) throw new CivicError('civic-k-anonymize.errors.payload', { type: typeName(r) }, 'msg.payload must be a record or an array of records');
    const err = shape.errorFor(Object.keys(r));
    if (err) throw err;
  }
}

/** The columns of codes, a slice per turn of the event loop (the encoder and its caches are garbage afterwards). */
async function encodeInSlices(records: Array<Record<string, unknown>>, config: KAnonymityConfig, o: KRunOptions): Promise<EncodedColumns> {
  const enc = new ColumnEncoder(config, records.length);
  for (let from = 0; from < records.length; from += SLICE) {
    enc.add(records, from, Math.min(records.length, from + SLICE));
    o.onProgress?.({ phase: 'encoding', done: Math.min(records.length, from + SLICE), total: records.length });
    await turn();
  }
  return enc.columns();
}

/** Anonymises `records` (generalised in place; suppressed ones left out or masked) with the search in `worker`. */
export async function kAnonymizeRun(records: Array<Record<string, unknown>>, config: KAnonymityConfig, worker: PrivacyWorker,
  o: KRunOptions): Promise<KAnonymityRun> {
  const started = Date.now();
  const columns = await encodeInSlices(records, config, o);
  const remaining = Math.max(0, o.timeLimitMs - (Date.now() - started));
  // the codes are moved to the worker (not copied) and come back with the solution
  const sol = await worker.call<Solution & { codes: EncodedColumns['codes'] }>('kanon.solve', { columns, config }, {
    timeLimitMs: remaining, timeLimitError: () => kTimeLimitError(o.timeLimitMs),
    onProgress: (p) => o.onProgress?.({ phase: 'searching', search: p as unknown as SearchProgress }),
  }, columns.codes.map((c) => c.buffer as ArrayBuffer));
  columns.codes = sol.codes;
  const mask = config.suppressedRecords === 'mask';
  // made at its final length: growing by push would leave each outgrown copy behind until the next collection
  const out = new Array<Record<string, unknown>>(outputLength(sol, mask));
  for (let from = 0, at = 0; from < records.length; from += SLICE) {
    const to = Math.min(records.length, from + SLICE);
    at += writeRecords(records, columns, sol, { mask, inPlace: true, from, to, at }, out);
    o.onProgress?.({ phase: 'writing', done: to, total: records.length });
    if (to < records.length) await turn();
  }
  return { records: out, report: sol.report, optimal: sol.report.search.optimal };
}
