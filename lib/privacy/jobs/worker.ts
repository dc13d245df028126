// The worker thread's side of PrivacyWorker (runner.ts): answers calls one at a time. Methods: 'kanon.solve' (the
// k-anonymity search on encoded columns, with a deadline and progress), and de-identification runs: 'deid.open'
// builds a Deidentifier (loading the Japanese analyser when the policy scrubs free text), 'deid.apply' processes a
// slice, 'deid.finish' applies the run-wide step to the kept output of a batch run, 'deid.take' hands it back in
// slices, 'deid.report', 'deid.close'.
import { parentPort } from 'worker_threads';
import { CivicError } from '../../errors';
import { solve, type EncodedColumns, type KAnonymityConfig } from '../kanon';
import { Deidentifier } from '../deidentify';
import type { DeidentifyPolicy } from '../policy';
import { loadTokenizer } from '../text/tokenizer';
import { toWire } from './runner';

interface Call { id: number; method: string; args: Record<string, unknown>; timeLimitMs?: number }

// open de-identification runs; a batch run keeps its output here until the run-wide step (rare values, coding)
const runs = new Map<number, { d: Deidentifier; retain: boolean; kept: Array<Record<string, unknown> | null> }>();
let nextRun = 1;

function runOf(id: unknown) {
  const r = runs.get(id as number);
  if (!r) throw new Error('unknown de-identification run');
  return r;
}

const post = (m: Record<string, unknown>, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

async function handle(call: Call, deadline: number | undefined): Promise<{ result: unknown; transfer?: ArrayBuffer[] }> {
  const a = call.args;
  switch (call.method) {
    case 'kanon.solve': {
      const columns = a.columns as EncodedColumns;
      const sol = solve(columns, a.config as KAnonymityConfig, {
        deadline, onProgress: (p) => post({ id: call.id, progress: { ...p } }),
      });
      // the codes came over by transfer and go back the same way: one copy of them at any time
      return { result: { ...sol, codes: columns.codes }, transfer: [sol.released.buffer as ArrayBuffer, ...columns.codes.map((c) => c.buffer as ArrayBuffer)] };
    }
    case 'deid.open': {
      const policy = a.policy as DeidentifyPolicy;
      const tokenizer = Deidentifier.scrubs(policy) ? await loadTokenizer() : undefined;
      const run = nextRun++;
      runs.set(run, { d: new Deidentifier(policy, { key: a.key as string | undefined, tokenizer }), retain: !!a.retain, kept: [] });
      return { result: run };
    }
    case 'deid.apply': {
      const r = runOf(a.run);
      const slice = r.d.applyMany(a.records as Array<Record<string, unknown>>, a.rows as number[], deadline);
      const errors = slice.errors.map((e) => ({ row: e.row, error: toWire(e.error) }));
      if (r.retain) { r.kept.push(...slice.out); return { result: { errors } }; }
      return { result: { out: slice.out, errors } };
    }
    case 'deid.finish': { const r = runOf(a.run); r.d.finishBatch(r.kept); return { result: r.kept.length }; }
    case 'deid.take': return { result: runOf(a.run).kept.slice(a.from as number, a.to as number) };
    case 'deid.report': return { result: runOf(a.run).d.report() };
    case 'deid.close': runs.delete(a.run as number); return { result: true };
    case 'ping': return { result: true };
    default: throw new CivicError('shared.errors.unknownJob', { method: call.method }, `unknown job ${call.method}`);
  }
}

let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (call: Call) => {
  // one call at a time, in order
  queue = queue.then(async () => {
    // the call's time starts now (the runner arms its own timer on this message)
    const deadline = call.timeLimitMs !== undefined ? Date.now() + call.timeLimitMs : undefined;
    post({ id: call.id, started: true });
    try {
      const { result, transfer } = await handle(call, deadline);
      post({ id: call.id, result }, transfer);
    } catch (err) {
      post({ id: call.id, error: toWire(err) });
    }
  });
});
