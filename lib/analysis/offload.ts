// Heavy analysis work (model fits, large linkage batches) runs in a worker thread with a time limit, so a node never
// freezes the other flows or the dashboards. A task that runs out of time is stopped (the worker is terminated)
// and reported with the caller's translatable error.
import path from 'path';
import { Worker } from 'worker_threads';
import { CivicError, isCivicError } from '../errors';

/** Tasks the analysis worker runs. */
export type TaskName = 'fitLogistic' | 'link' | 'correlate';

/** Runs `task` with `input` in a new worker; rejects with `timeoutError` after `timeoutMs`. */
export function runTask<T>(task: TaskName, input: unknown, timeoutMs: number, timeoutError: CivicError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { task, input } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(timeoutError)), timeoutMs);
    worker.once('message', (m: { ok: true; value: T } | { ok: false; error: { key?: string; params?: Record<string, string | number>; message: string } }) => {
      finish(() => {
        if (m.ok) resolve(m.value);
        else reject(m.error.key ? new CivicError(m.error.key, m.error.params ?? {}, m.error.message) : new Error(m.error.message));
      });
    });
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`analysis worker stopped (${code})`))));
  });
}

/** What the worker sends back for an error (a CivicError keeps its key and parameters). */
export function serializeError(err: unknown): { key?: string; params?: Record<string, string | number>; message: string } {
  if (isCivicError(err)) return { key: err.key, params: err.params, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}
