// An append-only on-disk queue of text records (line protocol lines), safe against a crash at any moment:
//  - records go to segment files `seg-<16 digits>.log` as [u32 length][u32 CRC-32][UTF-8 bytes], appended in groups
//    and fdatasync'd before `append()` resolves (group commit: every append waiting at that moment shares one sync);
//  - the position of the first unacknowledged record lives in `ack.json`, replaced atomically (write a temp file,
//    fsync it, rename, fsync the folder);
//  - on open, a torn tail (a record cut short by a crash) is cut off; nothing before it is lost;
//  - segments entirely before the acknowledged position are deleted (compaction);
//  - a size limit on the unacknowledged bytes with a policy: `drop-oldest` (whole oldest segments give way, counted
//    in `dropped`) or `reject-new` (`append()` rejects with `civic-influx-buffer.errors.full`);
//  - records the server refuses for good can be moved to `dead-letter.lp` (line protocol with `#` comment lines).
import fs from 'fs';
import fsp from 'fs/promises';
import path from 'path';
import { CivicError } from '../errors';

export type FullPolicy = 'drop-oldest' | 'reject-new';

export interface QueueOptions {
  dir: string;
  /** limit on unacknowledged bytes on disk (records and their 8-byte headers) */
  maxBytes: number;
  policy: FullPolicy;
  /** a new segment starts once the current one reaches this size (default: min(4 MiB, maxBytes / 4)) */
  segmentBytes?: number;
  /** fdatasync appends and the ack file (default true; off only for benchmarks of the rest) */
  sync?: boolean;
  /** called when drop-oldest discarded records, with how many */
  onDrop?: (count: number) => void;
}

/** A place in the queue: segment number, byte offset in it, and how many records of that segment precede it. */
export interface Position { segment: number; offset: number; index: number }

/** Records read from the queue, and where the queue stands once they are acknowledged. */
export interface Batch { lines: string[]; end: Position }

interface Segment { size: number; records: number }

const HEADER = 8;
const MAX_RECORD = 16 * 1024 * 1024;
const SEGMENT_RE = /^seg-(\d{16})\.log$/;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib and PNG use it) of a byte range. */
export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Frames one record: [u32 LE length][u32 LE CRC-32 of the bytes][bytes]. */
export function frameRecord(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

/** Parses framed records from `buf`; stops at the first incomplete or damaged one. */
export function parseRecords(buf: Buffer, max = Infinity): { lines: string[]; bytes: number; damaged: boolean } {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < max && at + HEADER <= buf.length) {
    const len = buf.readUInt32LE(at);
    if (len > MAX_RECORD) return { lines, bytes: at, damaged: true };
    if (at + HEADER + len > buf.length) break;
    if (buf.readUInt32LE(at + 4) !== crc32(buf, at + HEADER, at + HEADER + len)) return { lines, bytes: at, damaged: true };
    lines.push(buf.toString('utf8', at + HEADER, at + HEADER + len));
    at += HEADER + len;
  }
  return { lines, bytes: at, damaged: false };
}

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
  /** records found damaged (and cut off) when the queue was opened */
  damaged = 0;

  private readonly options: Required<Omit<QueueOptions, 'onDrop'>> & Pick<QueueOptions, 'onDrop'>;
  private readonly segments = new Map<number, Segment>();
  private ackPos: Position = { segment: 0, offset: 0, index: 0 };
  private active = 0;
  private fd: fsp.FileHandle | undefined;
  private pending: Group = { buffers: [], bytes: 0, records: 0, waiters: [] };
  private pumping: Promise<void> | undefined;
  private ackChain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(options: QueueOptions) {
    this.dir = options.dir;
    this.options = {
      sync: true,
      segmentBytes: Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(options.maxBytes / 4))),
      ...options,
    };
  }

  /** Opens (or creates) the queue folder, recovers from a crash and returns the queue. */
  static async open(options: QueueOptions): Promise<DiskQueue> {
    const q = new DiskQueue(options);
    await q.recover();
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
   * Appends records; resolves once they are on disk (fdatasync'd), rejects with `civic-influx-buffer.errors.full` under
   * the reject-new policy when they would pass the limit.
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
        const length = Math.min(seg.size - offset, Math.max(1024 * 1024, max * 256));
        const buf = Buffer.allocUnsafe(length);
        const fh = await fsp.open(this.segmentPath(segment), 'r');
        let got: number;
        try { ({ bytesRead: got } = await fh.read(buf, 0, length, offset)); } finally { await fh.close(); }
        let parsed = parseRecords(buf.subarray(0, got), max);
        if (!parsed.lines.length && !parsed.damaged && got >= HEADER) {          // one record larger than the chunk
          const big = Buffer.allocUnsafe(HEADER + buf.readUInt32LE(0));
          const fh2 = await fsp.open(this.segmentPath(segment), 'r');
          try { await fh2.read(big, 0, big.length, offset); } finally { await fh2.close(); }
          parsed = parseRecords(big, 1);
        }
        if (!parsed.lines.length) return undefined;
        return { lines: parsed.lines, end: { segment, offset: offset + parsed.bytes, index: index + parsed.lines.length } };
      }
      const next = [...this.segments.keys()].filter((s) => s > segment).sort((a, b) => a - b)[0];
      if (next === undefined) return undefined;
      segment = next; offset = 0; index = 0;
    }
  }

  /** Marks everything before `batch.end` as written: persists the position, then deletes finished segments. */
  ack(batch: Batch | Position): Promise<void> {
    const end = 'end' in batch ? batch.end : batch;
    this.ackChain = this.ackChain.then(async () => {
      if (comparePositions(end, this.ackPos) <= 0) return;                     // already past it (drop-oldest)
      this.ackPos = { ...end };
      await this.persistAck();
      await this.compact();
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

  /** Waits for pending appends and acknowledgements, then closes the files. Data stays on disk. */
  async close(): Promise<void> {
    while (this.pumping) await this.pumping;
    this.closed = true;
    await this.ackChain.catch(() => undefined);
    await this.fd?.close();
    this.fd = undefined;
  }

  private segmentPath(seq: number): string {
    return path.join(this.dir, `seg-${String(seq).padStart(16, '0')}.log`);
  }

  private async recover(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    try {
      const saved = JSON.parse(await fsp.readFile(path.join(this.dir, 'ack.json'), 'utf8')) as Position;
      if ([saved.segment, saved.offset, saved.index].every((v) => Number.isSafeInteger(v) && v >= 0)) this.ackPos = saved;
    } catch { /* no ack yet: start at the first record */ }
    const seqs = (await fsp.readdir(this.dir)).map((f) => SEGMENT_RE.exec(f)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1])).sort((a, b) => a - b);
    for (const seq of seqs) {
      const file = this.segmentPath(seq);
      if (seq < this.ackPos.segment) { await fsp.rm(file, { force: true }); continue; }  // compaction cut short
      const buf = await fsp.readFile(file);
      const parsed = parseRecords(buf);
      if (parsed.bytes < buf.length) {                                         // torn tail or damage: cut it off
        if (parsed.damaged) this.damaged += 1;
        await fsp.truncate(file, parsed.bytes);
      }
      this.segments.set(seq, { size: parsed.bytes, records: parsed.lines.length });
    }
    if (!this.segments.has(this.ackPos.segment) && this.segments.size) {
      // the acknowledged segment is gone (all written): start at the next one
      const first = Math.min(...this.segments.keys());
      if (first > this.ackPos.segment) this.ackPos = { segment: first, offset: 0, index: 0 };
    }
    if (!this.segments.size && this.ackPos.offset > 0) this.ackPos = { segment: this.ackPos.segment + 1, offset: 0, index: 0 };
    const ackSeg = this.segments.get(this.ackPos.segment);
    if (ackSeg && this.ackPos.offset > ackSeg.size) this.ackPos = { ...this.ackPos, offset: ackSeg.size, index: ackSeg.records };
    this.active = this.segments.size ? Math.max(...this.segments.keys()) : this.ackPos.segment;
    if (!this.segments.has(this.active)) this.segments.set(this.active, { size: 0, records: 0 });
    this.fd = await fsp.open(this.segmentPath(this.active), 'a');
    await this.syncDir();
  }

  private async pump(): Promise<void> {
    while (this.pending.waiters.length) {
      const group = this.pending;
      this.pending = { buffers: [], bytes: 0, records: 0, waiters: [] };
      try {
        if (this.options.policy === 'drop-oldest') await this.makeRoom(group.bytes);
        const current = this.segments.get(this.active)!;
        if (current.size > 0 && current.size + group.bytes > this.options.segmentBytes) await this.roll();
        const data = group.buffers.length === 1 ? group.buffers[0] : Buffer.concat(group.buffers, group.bytes);
        await this.fd!.write(data, 0, data.length);
        if (this.options.sync) await this.fd!.datasync();
        const seg = this.segments.get(this.active)!;
        seg.size += group.bytes;
        seg.records += group.records;
        for (const w of group.waiters) w.resolve();
      } catch (err) {
        for (const w of group.waiters) w.reject(err);
      }
    }
    this.pumping = undefined;
  }

  private async roll(): Promise<void> {
    await this.fd?.close();
    this.active += 1;
    this.segments.set(this.active, { size: 0, records: 0 });
    this.fd = await fsp.open(this.segmentPath(this.active), 'a');
    await this.syncDir();
  }

  /** drop-oldest: whole oldest segments give way until `incoming` more bytes fit under the limit. */
  private async makeRoom(incoming: number): Promise<void> {
    let droppedNow = 0;
    while (this.queuedBytes > 0 && this.queuedBytes + incoming > this.options.maxBytes) {
      if (this.ackPos.segment === this.active) await this.roll();
      const seg = this.segments.get(this.ackPos.segment);
      const lost = seg ? seg.records - this.ackPos.index : 0;
      const next = [...this.segments.keys()].filter((s) => s > this.ackPos.segment).sort((a, b) => a - b)[0];
      await this.ack({ segment: next, offset: 0, index: 0 });
      droppedNow += lost;
    }
    if (droppedNow) {
      this.dropped += droppedNow;
      this.options.onDrop?.(droppedNow);
    }
  }

  private async persistAck(): Promise<void> {
    const tmp = path.join(this.dir, 'ack.json.tmp');
    const fh = await fsp.open(tmp, 'w');
    try {
      await fh.write(JSON.stringify(this.ackPos));
      if (this.options.sync) await fh.datasync();
    } finally { await fh.close(); }
    await fsp.rename(tmp, path.join(this.dir, 'ack.json'));
    await this.syncDir();
  }

  private async compact(): Promise<void> {
    for (const seq of [...this.segments.keys()]) {
      if (seq < this.ackPos.segment && seq !== this.active) {
        this.segments.delete(seq);
        await fsp.rm(this.segmentPath(seq), { force: true });
      }
    }
  }

  private async syncDir(): Promise<void> {
    if (!this.options.sync) return;
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.dir, 'r');
      fs.fsyncSync(fd);
    } catch { /* some filesystems cannot fsync a folder */ } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}
