// The main thread's side of the codec sandbox: a small pool of worker threads (worker.ts) that run vendor codecs
// off Node-RED's event loop. Calls queue per worker and leave in batches (one batch in flight per worker, so the
// batch size follows the load). A watchdog reads each busy worker's shared progress record and terminates a worker
// whose call ran past its deadline — the only way to stop a codec spinning inside a built-in written in C, which
// QuickJS's interrupt handler never reaches. That call fails with the time-limit error; the other calls of the
// batch run again in the replacement worker, so nothing accepted is lost.
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import { compileAllowanceMs, packBatch, progressViews, type CallRequest, type CallResult, type FromWorker, type Progress, type SandboxLimits } from './protocol';

/** Calls per batch, at most. */
const MAX_BATCH = 512;
/** Calls waiting per worker before new ones are refused (a flood must not grow memory without end). */
const MAX_QUEUED = 50_000;
/** How often a busy worker's progress is checked, ms. */
const WATCH_MS = 10;
/** A call is terminated this long after its deadline; JavaScript loops are normally interrupted inside QuickJS first. */
const GRACE_MS = 20;

/** Options of a pool: `graceMs` after a call's deadline before its worker is terminated (default 20). */
export interface PoolOptions { graceMs?: number }

interface Pending { req: CallRequest; resolve(result: CallResult): void }
interface Slot {
  worker?: Worker;
  progress: Progress & { buffer: SharedArrayBuffer };
  ready: boolean;
  queue: Pending[];
  batch?: { seq: number; calls: Pending[] };
}

/**
 * Workers the pool starts by default: one per core beyond Node-RED's own, 2 to 4. At least two, so that while one
 * worker is held by a codec running into its limit, the devices on the other keep decoding.
 */
export function defaultPoolSize(): number {
  return Math.max(2, Math.min(4, os.availableParallelism() - 1));
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A pool of codec worker threads; codecs are registered once and called per device. */
export class SandboxPool {
  private readonly slots: Slot[];
  private readonly codecs = new Map<number, { source: string; limits: SandboxLimits }>();
  private nextId = 1;
  private seq = 0;
  private watchdog?: NodeJS.Timeout;
  private readonly graceMs: number;

  constructor(size = defaultPoolSize(), options: PoolOptions = {}) {
    this.graceMs = options.graceMs ?? GRACE_MS;
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ progress: progressViews(), ready: false, queue: [] }));
  }

  /** Registers a codec in every worker (started on first use); returns its id. */
  register(source: string, limits: SandboxLimits): number {
    const id = this.nextId++;
    this.codecs.set(id, { source, limits });
    for (const slot of this.slots) {
      if (slot.worker) slot.worker.postMessage({ type: 'codec', id, source, limits });
      else this.start(slot);
    }
    return id;
  }

  /** Forgets a codec and its device sandboxes; the workers stop when no codec is left. */
  unregister(id: number): void {
    if (!this.codecs.delete(id)) return;
    for (const slot of this.slots) slot.worker?.postMessage({ type: 'drop', id });
    if (this.codecs.size === 0) this.stop();
  }

  /** Runs a codec for one device's uplink; resolves with the codec's JSON output or a failure (never rejects). */
  call(codec: number, device: string, bytes: ArrayLike<number>, fPort: number, recvTime: number): Promise<CallResult> {
    return this.enqueue(this.slots[hash(device) % this.slots.length], { codec, device, bytes, fPort, recvTime });
  }

  /** Compiles a codec and runs its top-level code once, in a throwaway sandbox: its entry point or the failure. */
  check(codec: number): Promise<CallResult> {
    return this.enqueue(this.slots[0], { codec, device: '', bytes: [], fPort: 0, recvTime: 0 });
  }

  private enqueue(slot: Slot, req: CallRequest): Promise<CallResult> {
    if (slot.queue.length >= MAX_QUEUED) {
      return Promise.resolve(['codecBusy', { offset: 0, count: slot.queue.length }, `${slot.queue.length} uplinks are already waiting for the codec`]);
    }
    return new Promise((resolve) => {
      slot.queue.push({ req, resolve });
      if (!slot.worker) this.start(slot);
      else this.pump(slot);
    });
  }

  private start(slot: Slot): void {
    if (this.codecs.size === 0 && slot.queue.length === 0) return;
    slot.progress = progressViews();
    const worker = new Worker(path.join(__dirname, 'worker.js'), {
      workerData: { progress: slot.progress.buffer },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    });
    worker.unref();
    slot.worker = worker;
    slot.ready = false;
    for (const [id, c] of this.codecs) worker.postMessage({ type: 'codec', id, source: c.source, limits: c.limits });
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, worker, msg));
    worker.on('error', (err: Error & { code?: string }) => this.onCrash(slot, worker, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'codecMemory' : 'codecCrashed'));
    worker.on('exit', () => this.onCrash(slot, worker, 'codecCrashed'));
  }

  private onMessage(slot: Slot, worker: Worker, msg: FromWorker): void {
    if (slot.worker !== worker) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      this.pump(slot);
      return;
    }
    const batch = slot.batch;
    if (!batch || batch.seq !== msg.seq) return;
    slot.batch = undefined;
    msg.results.forEach((r, i) => batch.calls[i].resolve(r));
    if (msg.results.length < batch.calls.length) slot.queue.unshift(...batch.calls.slice(msg.results.length));
    if (msg.recycle) this.replace(slot);
    else this.pump(slot);
  }

  private pump(slot: Slot): void {
    if (!slot.ready || slot.batch || slot.queue.length === 0 || !slot.worker) return;
    const calls = slot.queue.length <= MAX_BATCH ? slot.queue.splice(0) : slot.queue.splice(0, MAX_BATCH);
    slot.batch = { seq: ++this.seq, calls };
    const [message, transfer] = packBatch(slot.batch.seq, calls.map((c) => c.req));
    slot.worker.postMessage(message, transfer);
    this.watchdog ??= setInterval(() => this.watch(), WATCH_MS).unref();
  }

  /** Terminates any worker whose running call is past its deadline. */
  private watch(): void {
    let busy = false;
    for (const slot of this.slots) {
      if (!slot.batch) continue;
      busy = true;
      const running = Atomics.load(slot.progress.running, 0);
      if (running >= 0 && Date.now() > slot.progress.deadline[0] + this.graceMs) this.fail(slot, running, 'codecTimeout');
    }
    if (!busy && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private onCrash(slot: Slot, worker: Worker, key: string): void {
    if (slot.worker !== worker) return;                            // a worker this pool already replaced
    if (!slot.ready) {
      // it died before it could run anything (e.g. QuickJS failed to load): fail what waits, retry on the next call
      slot.worker = undefined;
      slot.queue.splice(0).forEach((p) => p.resolve(['codecCrashed', { offset: 0 }, 'the codec sandbox could not start']));
      return;
    }
    this.fail(slot, Atomics.load(slot.progress.running, 0), key);
  }

  /** The call at `index` of the batch fails with `key`; the others are queued again; the worker is replaced. */
  private fail(slot: Slot, index: number, key: string): void {
    const batch = slot.batch;
    slot.batch = undefined;
    if (batch) {
      const culprit = batch.calls[index];
      if (culprit) culprit.resolve(this.failure(culprit.req, key));
      slot.queue.unshift(...batch.calls.filter((_, i) => i !== index));
    }
    this.replace(slot);
  }

  private failure(req: CallRequest, key: string): CallResult {
    const limits = this.codecs.get(req.codec)?.limits;
    if (key === 'codecTimeout') {
      const ms = limits ? (req.device === '' ? compileAllowanceMs(limits) : limits.timeoutMs) : 0;
      return [key, { offset: 0, ms }, `the codec was stopped after ${ms} ms`];
    }
    if (key === 'codecMemory') {
      const mb = Math.round((limits?.memoryLimitBytes ?? 0) / 1048576);
      return [key, { offset: 0, mb }, `the codec ran out of memory (limit ${mb} MiB) and was stopped`];
    }
    return ['codecCrashed', { offset: 0 }, 'the codec sandbox stopped unexpectedly and was restarted'];
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    if (old) void old.terminate();
    this.start(slot);
  }

  /** Terminates every worker (pending calls fail with the crash error). */
  stop(): void {
    for (const slot of this.slots) {
      const worker = slot.worker;
      slot.worker = undefined;
      slot.ready = false;
      const waiting = [...(slot.batch?.calls ?? []), ...slot.queue.splice(0)];
      slot.batch = undefined;
      waiting.forEach((p) => p.resolve(['codecCrashed', { offset: 0 }, 'the codec sandbox was stopped']));
      if (worker) void worker.terminate();
    }
  }
}

let shared: SandboxPool | undefined;
/** The process-wide pool every sensor-decode node shares (workers start with the first codec, stop after the last). */
export function sharedSandboxPool(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}
