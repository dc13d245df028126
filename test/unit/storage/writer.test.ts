// The writer batches, retries with backoff on outages, dead-letters poison batches, and replays in order —
// driven by an injected clock, never by real waiting.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { BufferedWriter, DiskQueue, backoffDelay, classify, type Timers, type WriteResult, type WriterEvent } from '../../../lib/storage';

class FakeTimers implements Timers {
  t = 0;
  settle: () => Promise<void> = async () => undefined;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now() { return this.t; }
  random() { return 0.5; }
  setTimeout(fn: () => void, ms: number) { const id = ++this.seq; this.timers.set(id, { at: this.t + ms, fn }); return id; }
  clearTimeout(h: unknown) { this.timers.delete(h as number); }
  pendingDelays() { return [...this.timers.values()].map((x) => x.at - this.t); }
  /** Moves the clock on, running due timers in time order. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      await this.settle();
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
    await this.settle();
  }
}

/** Lets real file I/O finish: polls until the writer is not sending and the queue not syncing (≤ 5 s). */
async function until(quiet: () => boolean) {
  const give = Date.now() + 5000;
  let calm = 0;
  while (Date.now() < give && calm < 3) {
    await new Promise((r) => setImmediate(r));
    calm = quiet() ? calm + 1 : 0;
  }
}

const dirs: string[] = [];
const queues: DiskQueue[] = [];
async function setup(answers: Array<number | Error>, options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-writer-'));
  dirs.push(dir);
  const queue = await DiskQueue.open({ dir, maxBytes: 1 << 20, policy: 'drop-oldest' });
  const timers = new FakeTimers();
  const bodies: string[] = [];
  const events: WriterEvent[] = [];
  const transport = async (body: string): Promise<WriteResult> => {
    bodies.push(body);
    const a = answers.length > 1 ? answers.shift()! : answers[0];
    if (a instanceof Error) throw a;
    return { status: a, body: a >= 400 ? '{"error":"unable to parse \'m v=secret\': bad"}' : '' };
  };
  const writer = new BufferedWriter(queue, transport,
    { maxPoints: 3, maxWaitMs: 1000, retryInitialMs: 1000, retryMaxMs: 8000, ...options }, timers, (e) => events.push(e));
  const settle = () => until(() => writer.state !== 'sending' && queue.idle);
  timers.settle = settle;
  const add = async (...lines: string[]) => { await queue.append(lines); writer.notify(); await settle(); };
  queues.push(queue);
  return { dir, queue, timers, bodies, events, writer, add, settle };
}

describe('storage: buffered writer', () => {
  after(async () => {
    for (const q of queues) await q.close().catch(() => undefined);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('classifies answers: 2xx written, bad points (400, 413) poison, settings errors (401/403/404) and 429 retried', () => {
    assert.deepStrictEqual([204, 200, 400, 401, 403, 404, 413, 429, 500, 503, 0].map(classify),
      ['ok', 'ok', 'poison', 'retry', 'retry', 'retry', 'poison', 'retry', 'retry', 'retry', 'retry']);
  });

  it('backs off exponentially up to the maximum, with jitter between half and the whole delay', () => {
    const o = { retryInitialMs: 1000, retryMaxMs: 8000 };
    assert.deepStrictEqual([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, o, 0)), [500, 1000, 2000, 4000, 4000, 4000]);
    assert.deepStrictEqual([1, 2, 3, 4, 5].map((a) => backoffDelay(a, o, 0.999999)), [1000, 2000, 4000, 8000, 8000]);
  });

  it('sends a full batch at once and a partial one after the wait', async () => {
    const s = await setup([204]);
    await s.add('m v=1', 'm v=2');
    assert.strictEqual(s.bodies.length, 0, 'waits for more');
    await s.add('m v=3');
    assert.deepStrictEqual(s.bodies, ['m v=1\nm v=2\nm v=3'], 'full batch goes at once');
    await s.add('m v=4');
    await s.timers.advance(999);
    assert.strictEqual(s.bodies.length, 1);
    await s.timers.advance(1);
    assert.deepStrictEqual(s.bodies[1], 'm v=4');
    assert.strictEqual(s.writer.written, 4);
    assert.strictEqual(s.queue.queued, 0);
  });

  it('retries through an outage with growing delays, then writes everything once, in order', async () => {
    const s = await setup([new Error('connect ECONNREFUSED'), 503, 500, 204]);
    await s.add('m v=1', 'm v=2', 'm v=3');
    assert.strictEqual(s.writer.state, 'backoff');
    assert.deepStrictEqual(s.timers.pendingDelays(), [750], 'first delay: 1 s with jitter');
    assert.match(s.writer.lastError!, /ECONNREFUSED/);
    await s.add('m v=4', 'm v=5');
    await s.timers.advance(750);
    assert.deepStrictEqual(s.timers.pendingDelays(), [1500], 'second: 2 s with jitter');
    assert.strictEqual(s.writer.lastError, 'HTTP 503 unable to parse \'…\': bad', 'the point data is not repeated');
    await s.timers.advance(1500);
    assert.deepStrictEqual(s.timers.pendingDelays(), [3000]);
    await s.timers.advance(3000);
    await s.timers.advance(1000);
    assert.deepStrictEqual(s.bodies.slice(3), ['m v=1\nm v=2\nm v=3', 'm v=4\nm v=5']);
    assert.strictEqual(s.writer.written, 5);
    assert.strictEqual(s.writer.attempt, 0, 'backoff reset after a success');
    assert.deepStrictEqual(s.events.filter((e) => e.type === 'retry').map((e) => (e as any).attempt), [1, 2, 3]);
  });

  it('moves a poison batch (HTTP 400) to the dead-letter file and goes on with the next', async () => {
    const s = await setup([400, 204]);
    await s.add('m v="text"', 'm v=2', 'm v=3');
    await s.add('m v=4', 'm v=5', 'm v=6');
    await s.timers.advance(10);
    assert.strictEqual(s.writer.deadLettered, 3);
    assert.strictEqual(s.writer.written, 3);
    assert.strictEqual(s.queue.queued, 0, 'the queue is not blocked');
    const dead = fs.readFileSync(path.join(s.dir, 'dead-letter.lp'), 'utf8');
    assert.match(dead, /^# .* 3 point\(s\) refused: HTTP 400/);
    assert.ok(dead.includes('m v="text"\nm v=2\nm v=3\n'));
    assert.deepStrictEqual(s.events.find((e) => e.type === 'deadLetter'), { type: 'deadLetter', count: 3, status: 400, error: "HTTP 400 unable to parse '…': bad" });
  });

  it('retries 429 Too Many Requests instead of dropping the batch', async () => {
    const s = await setup([429, 204]);
    await s.add('m v=1', 'm v=2', 'm v=3');
    assert.strictEqual(s.writer.state, 'backoff');
    await s.timers.advance(750);
    assert.strictEqual(s.writer.written, 3);
    assert.strictEqual(s.writer.deadLettered, 0);
  });

  it('replays what an earlier run left on disk, in order, when started', async () => {
    const s = await setup([204]);
    await s.queue.append(['m v=1', 'm v=2', 'm v=3', 'm v=4']);
    await s.queue.close();
    const queue = await DiskQueue.open({ dir: s.dir, maxBytes: 1 << 20, policy: 'drop-oldest' });
    const bodies: string[] = [];
    queues.push(queue);
    const w = new BufferedWriter(queue, async (b) => { bodies.push(b); return { status: 204, body: '' }; },
      { maxPoints: 3, maxWaitMs: 1000, retryInitialMs: 1000, retryMaxMs: 8000 }, s.timers);
    s.timers.settle = () => until(() => w.state !== 'sending' && queue.idle);
    w.notify();
    await s.timers.advance(1000);
    assert.deepStrictEqual(bodies, ['m v=1\nm v=2\nm v=3', 'm v=4']);
  });

  it('flush sends a partial batch at once and reports whether the queue emptied in time', async () => {
    const s = await setup([204]);
    await s.add('m v=1');
    const flushed = s.writer.flush(2000);
    await s.settle();
    assert.strictEqual(await flushed, true);
    assert.deepStrictEqual(s.bodies, ['m v=1']);
    const down = await setup([503]);
    await down.add('m v=1');
    const pending = down.writer.flush(2000);
    await down.timers.advance(2000);
    assert.strictEqual(await pending, false, 'gives up after the time limit; the point stays queued');
    assert.strictEqual(down.queue.queued, 1);
    down.writer.stop();
  });
});
