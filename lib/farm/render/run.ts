// Runs render jobs in a worker thread with a time limit: one worker, kept while it is useful, one job at a time. A job
// past its limit terminates the worker (the next job starts a fresh one) and fails with a translatable error.
import path from 'path';
import { Worker } from 'worker_threads';
import { CivicError } from '../../errors';
import type { RenderJob, RenderResult } from './jobs';

interface Pending { id: number; job: RenderJob; resolve: (r: RenderResult) => void; reject: (e: unknown) => void }

export class RenderWorker {
  private worker: Worker | undefined;
  private queue: Pending[] = [];
  private current: (Pending & { timer: NodeJS.Timeout }) | undefined;
  private next = 1;
  private idle: NodeJS.Timeout | undefined;
  private closed = false;

  /** `timeoutMs`: limit per job; `idleMs`: the worker is stopped after this long without work. */
  constructor(private readonly timeoutMs = 120000, private readonly idleMs = 60000) {}

  /** Renders a job off the event loop. */
  render(job: RenderJob): Promise<RenderResult> {
    if (this.closed) return Promise.reject(new CivicError('shared.farm.errors.closed', {}, 'the report worker is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.next++, job, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; queued jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    const err = new CivicError('shared.farm.errors.closed', {}, 'the report worker is closed');
    this.queue.splice(0).forEach((p) => p.reject(err));
    if (this.current) { clearTimeout(this.current.timer); this.current.reject(err); this.current = undefined; }
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(path.join(__dirname, 'worker.js'));
    w.on('message', (m: { id: number; result?: RenderResult; error?: { name?: string; message: string; key?: string } }) => {
      const c = this.current;
      if (!c || c.id !== m.id) return;
      clearTimeout(c.timer);
      this.current = undefined;
      if (m.error) c.reject(m.error.key ? new CivicError(m.error.key, {}, m.error.message) : new CivicError('shared.farm.errors.render', {}, m.error.message));
      else c.resolve({ ...m.result!, pdf: Buffer.from(m.result!.pdf) });
      this.pump();
    });
    w.on('error', () => this.fail(new CivicError('shared.farm.errors.render', {}, 'the report worker stopped')));
    w.on('exit', () => { if (this.worker === w) this.worker = undefined; });
    return w;
  }

  private fail(err: unknown): void {
    const c = this.current;
    this.current = undefined;
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
    if (c) { clearTimeout(c.timer); c.reject(err); }
    this.pump();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const p = this.queue.shift();
    if (!p) {
      if (this.idle) clearTimeout(this.idle);
      this.idle = setTimeout(() => { const w = this.worker; this.worker = undefined; if (w && !this.current) void w.terminate(); }, this.idleMs);
      this.idle.unref();
      return;
    }
    if (this.idle) clearTimeout(this.idle);
    this.worker ??= this.spawn();
    const timer = setTimeout(() => this.fail(new CivicError('shared.farm.errors.timeout', { seconds: Math.round(this.timeoutMs / 1000) }, 'the report took too long')), this.timeoutMs);
    this.current = { ...p, timer };
    this.worker.postMessage({ id: p.id, job: p.job });
  }
}
