// An append-only on-disk queue of text records (line protocol lines) that never loses a record it accepted:
//  - records go to segment files `rec-<16 digits>.log` as [u32 length][u32 CRC-32][UTF-8 bytes] (records.ts),
//    appended in groups and fdatasync'd before `append()` resolves (group commit);
//  - a failed append (disk full, I/O error) is undone — the segment is cut back to its last complete record — and
//    refused with a translatable error; the next append tries again, so the queue resumes by itself when space returns;
//  - the position of the first unacknowledged record lives in `position.bin` (position.ts), overwritten in place;
//  - on open, every intact record is kept; damaged or half-written stretches go to `quarantine/` (counted), never
//    silently cut off;
//  - written segments are deleted as they drain; a drained active segment is replaced by a new one;
//  - a size limit on the unacknowledged bytes with a policy: `reject-new` (the default: `append()` refuses with
//    `civic-influx-buffer.errors.full`) or `drop-oldest` (whole oldest segments give way, counted);
//  - one owner at a time: the folder is locked (lock.ts) until `close()`;
//  - records the server refuses for good can be moved to `dead-letter.lp`.
// Queues written by 0.1.0 (`seg-*.log` segments, `ack.json`) are read on: their records keep their old precision.
import fsp from 'fs/promises';
import path from 'path';
import { CivicError } from '../errors';
import type { Precision } from './line-protocol';
import { lockDirectory, type DirLock } from './lock';
import { PositionFile, type Position } from './position';
import { frameRecord, HEADER, parseRecords } from './records';
import { recoverSegment, type Quarantine } from './recovery';
import { syncDirSync } from './atomic-file';

export type FullPolicy = 'drop-oldest' | 'reject-new';

export interface QueueOptions {
  dir: string;
  /** limit on unacknowledged bytes on disk (records and their 8-byte headers) */
  maxBytes: number;
  policy: FullPolicy;
  /** a new segment starts once the current one reaches this size (default: min(4 MiB, maxBytes / 4), ≥ 64 KiB) */
  segmentBytes?: number;
  /** once the queue has drained, an active segment at least this big is replaced and deleted (default 16 KiB) */
  drainRollBytes?: number;
  /** fdatasync appends and the position (default true; off only for benchmarks of the rest) */
  sync?: boolean;
  /** called when drop-oldest discarded records, with how many */
  onDrop?: (count: number) => void;
  /** who holds the folder's lock, named in the error another node gets (e.g. the node id) */
  owner?: string;
  /** precision of the lines in segments written by 0.1.0 (`seg-*.log`): the node's configured precision */
  legacyPrecision?: Precision;
}

/** Records read from the queue, their timestamp precision, and where the queue stands once they are acknowledged. */
export interface Batch { lines: string[]; end: Position; precision: Precision }

interface Segment { size: number; records: number; legacy: boolean }

const SEGMENT_RE = /^(rec|seg)-(\d{16})\.log$/;
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

function comparePositions(a: Position, b: Position): number {
  return a.segment - b.segment || a.offset - b.offset;
}

interface Waiter { resolve: () => void; reject: (err: unknown) => void }
interface Group { buffers: Buffer[]; bytes: number; records: number; waiters: Waiter[] }

/** The durable queue; open it with `DiskQueue.open(options)`. */
export class DiskQueue {
  readonly dir: string;
  /** records discarded by the drop-oldest policy since open */
  dropped = 0;
  /** records moved to the dead-letter file since open */
  deadLettered = 0;
  /** damaged stretches found when the queue was opened, moved to `quarantine/<file>` */
  quarantined: Quarantine = { regions: 0, bytes: 0 };
  /** the error code of the last failed append (ENOSPC…), cleared by the next successful one */
  writeError: string | undefined;

  private readonly options: Required<Omit<QueueOptions, 'onDrop' | 'owner'>> & Pick<QueueOptions, 'onDrop' | 'owner'>;
  private readonly segments = new Map<number, Segment>();
  private ackPos: Position = { segment: 1, offset: 0, index: 0 };
  private active = 1;
  private fd: fsp.FileHandle | undefined;
  private positionFile: PositionFile | undefined;
  private lock: DirLock | undefined;
  /** the active segment may hold bytes past its last complete record (an undo failed): append to a new one */
  private tainted = false;
  private pending: Group = { buffers: [], bytes: 0, records: 0, waiters: [] };
  private pumping: Promise<void> | undefined;
  private ackChain: Promise<void> = Promise.resolve();
  private fdChain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(options: QueueOptions) {
    this.dir = options.dir;
    this.options = {
      sync: true,
      segmentBytes: Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(options.maxBytes / 4))),
      drainRollBytes: 16 * 1024,
      legacyPrecision: 'ms',
      ...options,
    };
  }

  /** Locks the queue folder (created if missing), recovers from a crash and returns the queue. */
  static async open(options: QueueOptions): Promise<DiskQueue> {
    const q = new DiskQueue(options);
    q.lock = await lockDirectory(options.dir, options.owner);
    try {
      await q.recover();
    } catch (err) {
      await q.positionFile?.close().catch(() => undefined);
      await q.lock.release();
      throw err;
    }
    return q;
  }

  /** Unacknowledged records. */
  get queued(): number {
    let n = -this.ackPos.index;
    for (const [seq, s] of this.segments) if (seq >= this.ackPos.segment) n += s.records;
    return Math.max(0, n);
  }

  /** Unacknowledged bytes (what the size limit counts). */
  get queuedBytes(): number {
    let n = -this.ackPos.offset;
    for (const [seq, s] of this.segments) if (seq >= this.ackPos.segment) n += s.size;
    return Math.max(0, n);
  }

  /** True when no append is waiting for the disk. */
  get idle(): boolean { return !this.pumping; }

  /** Where the first unacknowledged record is. */
  get acknowledged(): Position { return { ...this.ackPos }; }

  /**
   * Appends records; resolves once they are on disk (fdatasync'd). Rejects with `civic-influx-buffer.errors.full`
   * under the reject-new policy when they would pass the limit, and with `…errors.diskFull` / `…errors.diskWrite`
   * when the disk refuses them (nothing of them stays in the queue then).
   */
  append(lines: string[]): Promise<void> {
    if (this.closed) return Promise.reject(new CivicError('civic-influx-buffer.errors.closed', {}, 'queue is closed'));
    if (!lines.length) return Promise.resolve();
    const buffers = lines.map(frameRecord);
    const bytes = buffers.reduce((n, b) => n + b.length, 0);
    if (this.options.policy === 'reject-new' && this.queuedBytes + this.pending.bytes + bytes > this.options.maxBytes) {
      return Promise.reject(new CivicError('civic-influx-buffer.errors.full',
        { limit: Math.round(this.options.maxBytes / 1048576 * 10) / 10, queued: this.queued },
        `queue full (${this.options.maxBytes} bytes): new points refused`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.buffers.push(...buffers);
      this.pending.bytes += bytes;
      this.pending.records += lines.length;
      this.pending.waiters.push({ resolve, reject });
      if (!this.pumping) this.pumping = new Promise<void>((r) => setImmediate(r)).then(() => this.pump());
    });
  }

  /** Reads up to `max` records from the first unacknowledged one, within one segment; undefined when empty. */
  async readBatch(max: number): Promise<Batch | undefined> {
    let { segment, offset, index } = this.ackPos;
    for (;;) {
      const seg = this.segments.get(segment);
      if (!seg) return undefined;
      if (offset < seg.size) {
        const parsed = await this.readRecords(segment, offset, Math.min(seg.size - offset, Math.max(1024 * 1024, max * 256)), max);
        if (!parsed.lines.length) return undefined;
        return { lines: parsed.lines, end: { segment, offset: offset + parsed.bytes, index: index + parsed.lines.length },
          precision: seg.legacy ? this.options.legacyPrecision : 'ns' };
      }
      const next = this.nextSegment(segment);
      if (next === undefined) return undefined;
      segment = next; offset = 0; index = 0;
    }
  }

  /** Marks everything before `batch.end` as written: saves the position, then deletes what has drained. */
  ack(batch: Batch | Position): Promise<void> {
    return this.advance('end' in batch ? batch.end : batch, true);
  }

  /** Moves the acknowledged position (in order with other moves); drop-oldest moves it without a roll. */
  private advance(end: Position, rollWhenDrained: boolean): Promise<void> {
    this.ackChain = this.ackChain.then(async () => {
      if (comparePositions(end, this.ackPos) <= 0) return;                     // already past it (drop-oldest)
      this.ackPos = this.normalise({ ...end });
      await this.positionFile!.write(this.ackPos);
      await this.compact();
      if (rollWhenDrained) await this.rollIfDrained();
    });
    return this.ackChain;
  }

  /** Appends refused records to `dead-letter.lp` with a comment saying when and why; fsync'd. */
  async deadLetter(lines: string[], reason: string): Promise<void> {
    const header = `# ${new Date().toISOString()} ${lines.length} point(s) refused: ${reason.replace(/[\r\n]+/g, ' ').slice(0, 500)}\n`;
    const fh = await fsp.open(path.join(this.dir, 'dead-letter.lp'), 'a');
    try {
      await fh.write(`${header}${lines.join('\n')}\n`);
      if (this.options.sync) await fh.datasync();
    } finally { await fh.close(); }
    this.deadLettered += lines.length;
  }

  /** Waits for pending appends and acknowledgements, closes the files and releases the folder. Data stays. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.pumping) await this.pumping;
    this.closed = true;
    await this.ackChain.catch(() => undefined);
    await this.fdChain.catch(() => undefined);
    await this.fd?.close().catch(() => undefined);
    this.fd = undefined;
    await this.positionFile?.close().catch(() => undefined);
    await this.lock?.release();
  }

  private segmentPath(seq: number, legacy = this.segments.get(seq)?.legacy ?? false): string {
    return path.join(this.dir, `${legacy ? 'seg' : 'rec'}-${String(seq).padStart(16, '0')}.log`);
  }

  private nextSegment(after: number): number | undefined {
    let next: number | undefined;
    for (const s of this.segments.keys()) if (s > after && (next === undefined || s < next)) next = s;
    return next;
  }

  /** At the end of a sealed segment is the same place as the start of the next one: say it that way. */
  private normalise(p: Position): Position {
    let pos = p;
    for (;;) {
      const seg = this.segments.get(pos.segment);
      const next = this.nextSegment(pos.segment);
      if (pos.segment === this.active || next === undefined || (seg && pos.offset < seg.size)) return pos;
      pos = { segment: next, offset: 0, index: 0 };
    }
  }

  private async readRecords(seq: number, offset: number, length: number, max: number) {
    const fh = await fsp.open(this.segmentPath(seq), 'r');
    try {
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      const parsed = parseRecords(buf.subarray(0, bytesRead), max);
      if (parsed.lines.length || parsed.damaged || bytesRead < HEADER) return parsed;
      const big = Buffer.allocUnsafe(HEADER + buf.readUInt32LE(0));             // one record larger than the chunk
      await fh.read(big, 0, big.length, offset);
      return parseRecords(big, 1);
    } finally { await fh.close(); }
  }

  private async recover(): Promise<void> {
    const found = (await fsp.readdir(this.dir)).map((f) => SEGMENT_RE.exec(f)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ seq: Number(m[2]), legacy: m[1] === 'seg' })).sort((a, b) => a.seq - b.seq);
    const legacyAck = await this.readLegacyAck();
    // without a saved position every segment found is unwritten: start at the first one
    const initial = legacyAck ?? (found.length ? { segment: found[0].seq, offset: 0, index: 0 } : this.ackPos);
    const { file, saved } = await PositionFile.open(path.join(this.dir, 'position.bin'), initial, this.options.sync);
    this.positionFile = file;
    this.ackPos = saved ?? initial;
    for (const { seq, legacy } of found) {
      const segFile = this.segmentPath(seq, legacy);
      if (seq < this.ackPos.segment) { await fsp.rm(segFile, { force: true }); continue; }  // compaction cut short
      const from = seq === this.ackPos.segment ? this.ackPos : { segment: seq, offset: 0, index: 0 };
      const seg = await recoverSegment(segFile, from, this.dir, this.quarantined);
      if (seq === this.ackPos.segment && this.ackPos.offset > seg.size) this.ackPos = { segment: seq, offset: seg.size, index: seg.records };
      this.segments.set(seq, { ...seg, legacy });
    }
    const last = found.length ? found[found.length - 1].seq : 0;
    // new appends always go to a fresh segment of the current format, after everything found
    this.active = Math.max(last + 1, this.ackPos.segment);
    this.segments.set(this.active, { size: 0, records: 0, legacy: false });
    this.fd = await fsp.open(this.segmentPath(this.active), 'a');
    this.ackPos = this.normalise(this.ackPos);
    await this.positionFile.write(this.ackPos);
    await this.syncDir();
    if (legacyAck) await fsp.rm(path.join(this.dir, 'ack.json'), { force: true });
    await this.compact();
  }

  /** The position a 0.1.0 queue saved in ack.json, when there is one. */
  private async readLegacyAck(): Promise<Position | undefined> {
    try {
      const saved = JSON.parse(await fsp.readFile(path.join(this.dir, 'ack.json'), 'utf8')) as Position;
      return [saved.segment, saved.offset, saved.index].every((v) => Number.isSafeInteger(v) && v >= 0) ? saved : undefined;
    } catch { return undefined; }
  }

  /** Runs `fn` alone on the active segment's file handle (appends, rolls). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.fdChain.then(fn, fn);
    this.fdChain = run.catch(() => undefined);
    return run;
  }

  private async pump(): Promise<void> {
    while (this.pending.waiters.length) {
      const group = this.pending;
      this.pending = { buffers: [], bytes: 0, records: 0, waiters: [] };
      try {
        await this.exclusive(() => this.writeGroup(group));
        this.writeError = undefined;
        for (const w of group.waiters) w.resolve();
      } catch (err) {
        for (const w of group.waiters) w.reject(err);
      }
    }
    this.pumping = undefined;
  }

  private async writeGroup(group: Group): Promise<void> {
    if (this.options.policy === 'drop-oldest') await this.makeRoom(group.bytes);
    const current = this.segments.get(this.active)!;
    if (this.tainted || (current.size > 0 && current.size + group.bytes > this.options.segmentBytes)) {
      await this.roll().catch((err) => { throw this.diskError(err); });
      this.tainted = false;
    }
    const seg = this.segments.get(this.active)!;
    const data = group.buffers.length === 1 ? group.buffers[0] : Buffer.concat(group.buffers, group.bytes);
    try {
      // a write may store only part of the data (the disk filled up in the middle): go on until all or an error
      for (let done = 0; done < data.length;) done += (await this.fd!.write(data, done, data.length - done)).bytesWritten;
      if (this.options.sync) await this.fd!.datasync();
    } catch (err) {
      // undo: cut the segment back to its last complete record, so nothing half-written stays before later appends
      await this.fd!.truncate(seg.size).catch(() => { this.tainted = true; });
      throw this.diskError(err);
    }
    seg.size += group.bytes;
    seg.records += group.records;
  }

  private diskError(err: unknown): Error {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    this.writeError = code;
    const key = DISK_FULL.has(code) ? 'civic-influx-buffer.errors.diskFull' : 'civic-influx-buffer.errors.diskWrite';
    return new CivicError(key, { queued: this.queued, code }, `cannot write to the queue (${code}); ${this.queued} points kept`);
  }

  /** Starts a new active segment; the old one is kept until it has drained. Opens the new file before letting go. */
  private async roll(): Promise<void> {
    const next = this.active + 1;
    const fd = await fsp.open(this.segmentPath(next, false), 'a');
    const old = this.fd;
    this.fd = fd;
    this.active = next;
    this.segments.set(next, { size: 0, records: 0, legacy: false });
    await old?.close().catch(() => undefined);
    await this.syncDir();
  }

  /** Once everything is written, an active segment of some size is replaced, so that its space is freed too. */
  private async rollIfDrained(): Promise<void> {
    const drained = () => this.ackPos.segment === this.active && this.ackPos.offset >= this.segments.get(this.active)!.size;
    if (!drained() || this.segments.get(this.active)!.size < this.options.drainRollBytes || this.closed) return;
    const rolled = await this.exclusive(async () => {
      if (!drained() || this.closed) return false;                             // an append came in meanwhile
      await this.roll();
      return true;
    }).catch(() => false);
    if (!rolled) return;
    this.ackPos = { segment: this.active, offset: 0, index: 0 };
    await this.positionFile!.write(this.ackPos);
    await this.compact();
  }

  /** drop-oldest: whole oldest segments give way until `incoming` more bytes fit under the limit. */
  private async makeRoom(incoming: number): Promise<void> {
    let droppedNow = 0;
    while (this.queuedBytes > 0 && this.queuedBytes + incoming > this.options.maxBytes) {
      if (this.ackPos.segment === this.active) await this.roll();
      const seg = this.segments.get(this.ackPos.segment);
      const lost = seg ? seg.records - this.ackPos.index : 0;
      await this.advance({ segment: this.nextSegment(this.ackPos.segment)!, offset: 0, index: 0 }, false);
      droppedNow += lost;
    }
    if (droppedNow) {
      this.dropped += droppedNow;
      this.options.onDrop?.(droppedNow);
    }
  }

  private async compact(): Promise<void> {
    for (const seq of [...this.segments.keys()]) {
      if (seq < this.ackPos.segment && seq !== this.active) {
        const file = this.segmentPath(seq);
        this.segments.delete(seq);
        await fsp.rm(file, { force: true });
      }
    }
  }

  private async syncDir(): Promise<void> {
    if (this.options.sync) syncDirSync(this.dir);
  }
}

