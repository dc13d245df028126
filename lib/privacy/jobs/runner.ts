// Heavy privacy work (the k-anonymity search, free-text scrubbing, large de-identification batches) runs in a
// worker thread, so no flow or dashboard of the same Node-RED waits for it. One worker per node, started on first
// use and kept (the Japanese dictionary is loaded once per worker); calls are answered in order. A call may carry a
// time limit, counted from when the worker starts it: past it (plus a grace period for the worker to stop on its own)
// the worker is terminated and the call fails with the translatable time-limit error; close() cancels everything.
import path from 'path';
import { Worker } from 'worker_threads';
import { CivicError, isCivicError } from '../../errors';

/** A call's options: progress reports, a time limit in ms and the error to give when it passes. */
export interface CallOptions {
  onProgress?: (p: Record<string, unknown>) => void;
  timeLimitMs?: number;
  timeLimitError?: () => CivicError;
}

interface Pending { resolve(v: unknown): void; reject(e: unknown): void; options: CallOptions; timer?: NodeJS.Timeout }

/** How long a worker gets, past a call's time limit, to return what it has before it is terminated. */
const GRACE_MS = 3000;

/** Rebuilds an error sent across the thread boundary (a CivicError keeps its key and parameters). */
export function fromWire(e: { name?: string; key?: string; params?: Record<string, string | number>; message?: string }): Error {
  if (e && e.name === 'CivicError' && typeof e.key === 'string') return new CivicError(e.key, e.params ?? {}, e.message);
  return new Error(e?.message ?? String(e));
}

/** An error ready to cross the thread boundary. */
export function toWire(err: unknown): Record<string, unknown> {
  if (isCivicError(err)) return { name: 'CivicError', key: err.key, params: err.params, message: err.message };
  return { name: 'Error', message: err instanceof Error ? err.message : String(err) };
}

/** The error of a call cancelled because its node closed. */
export class CancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'CancelledError'; }
}

/** A worker thread serving the privacy jobs of one node. */
export class PrivacyWorker {
  private worker?: Worker;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script = path.join(__dirname, 'worker.js')) {}

  /** Calls `method` in the worker with `args` (structured-cloned; `transfer` moves typed-array buffers). */
  call<T>(method: string, args: unknown, options: CallOptions = {}, transfer: ArrayBuffer[] = []): Promise<T> {
    const worker = this.start();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, options };
      this.pending.set(id, p);
      // the limit counts from when the worker starts the call (it says so), not from here: a fresh worker's start-up
      // on a busy machine (seconds, after one was stopped at a limit) or an earlier call still running is not the
      // call's own time
      worker.postMessage({ id, method, args, timeLimitMs: options.timeLimitMs }, transfer);
    });
  }

  /** Terminates the worker; every pending call fails with CancelledError. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.failAll(() => new CancelledError());
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // a small young generation keeps the worker's resident memory close to what it holds (its work is typed
    // arrays, not many short-lived objects); the old-generation cap stops a runaway job before it takes the machine
    const w = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 4096 } });
    w.on('message', (m: { id: number; started?: boolean; result?: unknown; error?: Record<string, unknown>; progress?: Record<string, unknown> }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.started) {
        if (p.options.timeLimitMs !== undefined) p.timer = setTimeout(() => this.expire(m.id), p.options.timeLimitMs + GRACE_MS);
        return;
      }
      if (m.progress) { p.options.onProgress?.(m.progress); return; }
      this.pending.delete(m.id);
      if (p.timer) clearTimeout(p.timer);
      if (m.error) p.reject(fromWire(m.error as never));
      else p.resolve(m.result);
    });
    w.on('error', (err) => { if (this.worker === w) this.worker = undefined; this.failAll(() => err); });
    w.on('exit', () => { if (this.worker === w) { this.worker = undefined; this.failAll(() => new Error('the privacy worker stopped')); } });
    this.worker = w;
    return w;
  }

  // a call outlived its limit and grace: stop the worker (nothing else can interrupt running code) and fail the call
  private expire(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(p.options.timeLimitError?.() ?? new CivicError('shared.errors.timeLimit', {}, 'time limit reached'));
    const w = this.worker;
    this.worker = undefined;
    this.failAll(() => new CancelledError());
    if (w) void w.terminate();
  }

  private failAll(make: () => unknown): void {
    for (const [id, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(make());
    }
  }
}
