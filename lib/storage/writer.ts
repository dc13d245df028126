// Moves points from the disk queue to the server: batches of at most `maxPoints`, sent at once when a batch is
// full or `maxWaitMs` after the first waiting point; one batch in flight at a time, always from the oldest
// unacknowledged point, so the order is kept through outages and restarts.
//   2xx                 → acknowledged (removed from the queue)
//   4xx except 429      → the batch is poison: moved to the dead-letter file, reported, the queue moves on
//   429, 5xx, network   → retried with exponential backoff and jitter (and at least the server's Retry-After)
// A point the server already had (written, then the process died before the acknowledgement was saved) is written
// again on replay with the same series and timestamp, which InfluxDB treats as the same point: no duplicate.
import type { Batch } from './queue';
import { isMissingDatabase, type Transport, type WriteResult } from './http';

/** Clock and timers, injectable so tests never wait for real. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** uniform in [0, 1) for the jitter */
  random(): number;
}

/** Real time. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  random: () => Math.random(),
};

/** The part of DiskQueue the writer uses. */
export interface QueueLike {
  readonly queued: number;
  readBatch(max: number): Promise<Batch | undefined>;
  ack(batch: Batch): Promise<void>;
  deadLetter(lines: string[], reason: string): Promise<void>;
}

export interface WriterOptions {
  maxPoints: number;
  maxWaitMs: number;
  /** first retry delay (before jitter) */
  retryInitialMs: number;
  /** longest retry delay */
  retryMaxMs: number;
}

/** Why a batch could not be written, in terms a node can translate (no point data in it). */
export type Problem =
  | { kind: 'unreachable'; reason: 'refused' | 'timeout' | 'unknownHost' | 'reset' | 'other'; code: string }
  | { kind: 'noDatabase' }
  | { kind: 'auth'; status: number }
  | { kind: 'http'; status: number; text: string }
  | { kind: 'disk'; code: string };

export type WriterEvent =
  | { type: 'written'; count: number }
  | { type: 'retry'; attempt: number; delayMs: number; error: string; status?: number; problem: Problem }
  | { type: 'deadLetter'; count: number; status: number; error: string }
  | { type: 'failed'; error: string; problem: Problem };

const UNREACHABLE: Record<string, 'refused' | 'timeout' | 'unknownHost' | 'reset'> = {
  ECONNREFUSED: 'refused', ETIMEDOUT: 'timeout', ENOTFOUND: 'unknownHost', EAI_AGAIN: 'unknownHost',
  ECONNRESET: 'reset', EPIPE: 'reset', ECONNABORTED: 'reset', EHOSTUNREACH: 'timeout', ENETUNREACH: 'timeout',
};

/** Classifies a failed write: a network error (no answer) or the server's answer. */
export function problemOf(result: WriteResult | undefined, err?: unknown): Problem {
  if (!result) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? (/hang up/i.test(String((err as Error)?.message)) ? 'ECONNRESET' : 'EUNKNOWN');
    return { kind: 'unreachable', reason: UNREACHABLE[code] ?? 'other', code };
  }
  if (isMissingDatabase(result)) return { kind: 'noDatabase' };
  if (result.status === 401 || result.status === 403) return { kind: 'auth', status: result.status };
  return { kind: 'http', status: result.status, text: describe(result) };
}

export type Outcome = 'ok' | 'retry' | 'poison';

/** How an answer is handled: 2xx written, 429 and 5xx (and anything else) retried, other 4xx poison. */
export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  // 401/403/404 say the server or its settings are wrong (password, token, missing database), not the points:
  // a machine left alone for months must keep them queued until someone fixes the settings. 429 is a rate limit.
  if (status === 401 || status === 403 || status === 404 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'poison';
  return 'retry';
}

/** Delay before retry number `attempt` (1-based): min(max, initial·2^(attempt−1)), then "equal jitter" (½…1×). */
export function backoffDelay(attempt: number, options: Pick<WriterOptions, 'retryInitialMs' | 'retryMaxMs'>, random: number): number {
  const ceiling = Math.min(options.retryMaxMs, options.retryInitialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** One short line about a failed write (status and the server's first line of text, no point data). */
function describe(result: WriteResult): string {
  let text = result.body;
  try { const parsed = JSON.parse(result.body) as { error?: string; message?: string }; text = parsed.error ?? parsed.message ?? text; } catch { /* plain text */ }
  // InfluxDB quotes the offending line in some errors: keep only the part before it
  text = text.split(/\r?\n/)[0].replace(/'[^']*'?/g, "'…'").trim();
  return `HTTP ${result.status}${text ? ` ${text.slice(0, 120)}` : ''}`;
}

export type WriterState = 'idle' | 'waiting' | 'sending' | 'backoff' | 'stopped';

export class BufferedWriter {
  /** points acknowledged by the server since start */
  written = 0;
  /** points moved to the dead-letter file since start */
  deadLettered = 0;
  lastError: string | undefined;
  /** why the last write failed (while retrying), for a translated status */
  lastProblem: Problem | undefined;
  lastErrorAt: number | undefined;
  attempt = 0;
  state: WriterState = 'idle';

  private timer: unknown;
  private waiters: Array<() => void> = [];
  private urgent = false;

  constructor(private readonly queue: QueueLike, private readonly transport: Transport,
    private readonly options: WriterOptions, private readonly timers: Timers = systemTimers,
    private readonly onEvent: (e: WriterEvent) => void = () => undefined) {}

  /** Call after points were appended (and once at start, to replay what an earlier run left). */
  notify(): void {
    if (this.state === 'idle' && this.queue.queued > 0) {
      if (this.urgent || this.queue.queued >= this.options.maxPoints || this.options.maxWaitMs <= 0) this.sendSoon();
      else this.wait(this.options.maxWaitMs);
    } else if (this.state === 'waiting' && this.queue.queued >= this.options.maxPoints) {
      this.sendSoon();
    }
  }

  /**
   * Sends what is queued without waiting for a full batch; resolves true once the queue is empty, or false after
   * `timeoutMs` (the rest stays on disk). A writer in backoff keeps its schedule.
   */
  flush(timeoutMs: number): Promise<boolean> {
    this.urgent = true;
    if (this.state === 'waiting') this.sendSoon();
    else this.notify();
    if (this.queue.queued === 0 && this.state !== 'sending') return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = this.timers.setTimeout(() => { finish(false); }, timeoutMs);
      const finish = (ok: boolean) => {
        this.timers.clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onEmpty);
        resolve(ok);
      };
      const onEmpty = () => finish(true);
      this.waiters.push(onEmpty);
    });
  }

  /** Stops timers; a batch in flight finishes (its result is still recorded). */
  stop(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.state = 'stopped';
  }

  private wait(ms: number): void {
    this.state = 'waiting';
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => { this.timer = undefined; void this.send(); }, ms);
  }

  private sendSoon(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    void this.send();
  }

  private async send(): Promise<void> {
    if (this.state === 'sending' || this.state === 'stopped') return;
    this.state = 'sending';
    let next: 'continue' | 'backoff' | 'idle' = 'idle';
    let delay = 0;
    try {
      const batch = await this.queue.readBatch(this.options.maxPoints);
      if (batch) {
        let result: WriteResult | undefined;
        let networkError: unknown;
        try {
          result = await this.transport(batch.lines.join('\n'), batch.precision);
        } catch (err) {
          networkError = err;
        }
        const outcome = result ? classify(result.status) : 'retry';
        if (outcome === 'ok') {
          await this.queue.ack(batch);
          this.written += batch.lines.length;
          this.attempt = 0;
          this.lastProblem = undefined;
          this.onEvent({ type: 'written', count: batch.lines.length });
          next = 'continue';
        } else if (outcome === 'poison') {
          const error = describe(result!);
          await this.queue.deadLetter(batch.lines, `${error} ${result!.body}`);
          await this.queue.ack(batch);
          this.deadLettered += batch.lines.length;
          this.attempt = 0;
          this.lastProblem = undefined;
          this.recordError(error);
          this.onEvent({ type: 'deadLetter', count: batch.lines.length, status: result!.status, error });
          next = 'continue';
        } else {
          const error = result ? describe(result) : ((networkError as Error)?.message || String(networkError));
          this.attempt += 1;
          delay = backoffDelay(this.attempt, this.options, this.timers.random());
          if (result?.retryAfterMs !== undefined) delay = Math.min(Math.max(delay, result.retryAfterMs), Math.max(this.options.retryMaxMs, delay));
          this.recordError(error);
          this.lastProblem = problemOf(result, networkError);
          this.onEvent({ type: 'retry', attempt: this.attempt, delayMs: delay, error, status: result?.status, problem: this.lastProblem });
          next = 'backoff';
        }
      }
    } catch (err) {
      // the disk failed (full, removed): report and try again later rather than stop for good
      const error = (err as Error).message || String(err);
      this.recordError(error);
      this.attempt += 1;
      delay = backoffDelay(this.attempt, this.options, this.timers.random());
      this.lastProblem = { kind: 'disk', code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
      this.onEvent({ type: 'failed', error, problem: this.lastProblem });
      next = 'backoff';
    }
    if ((this.state as WriterState) === 'stopped') return;
    this.state = 'idle';
    if (next === 'backoff') {
      this.state = 'backoff';
      this.timer = this.timers.setTimeout(() => { this.timer = undefined; this.state = 'idle'; void this.send(); }, delay);
      return;
    }
    if (this.queue.queued === 0) {
      this.urgent = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
      return;
    }
    // more to send: a full batch (or a replay backlog, or a flush) goes at once, a partial one waits
    if (next === 'continue' && (this.urgent || this.queue.queued >= this.options.maxPoints)) this.sendSoon();
    else this.notify();
  }

  private recordError(error: string): void {
    this.lastError = error;
    this.lastErrorAt = this.timers.now();
  }
}
