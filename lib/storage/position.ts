// Where the queue stands (the first record InfluxDB has not acknowledged), kept in a small file of two fixed slots
// that are overwritten in place, alternately, each with a sequence number and a CRC-32. Overwriting bytes that
// already exist needs no new disk space, so acknowledgements — and with them the deletion of written segments that
// frees space — keep working on a full disk (a temp file + rename, as before, needed a new block and failed there).
// A write torn by a crash spoils at most the slot being written; the other one still holds the previous position.
import fsp from 'fs/promises';
import { crc32 } from './records';

/** A place in the queue: segment number, byte offset in it, and how many records of that segment precede it. */
export interface Position { segment: number; offset: number; index: number }

const SLOT = 64;
const BODY = SLOT - 4;

function encodeSlot(seq: number, p: Position): Buffer {
  const slot = Buffer.alloc(SLOT, 0x20);
  slot.write(JSON.stringify({ n: seq, s: p.segment, o: p.offset, i: p.index }), 0, 'utf8');
  slot.writeUInt32LE(crc32(slot, 0, BODY), BODY);
  return slot;
}

function decodeSlot(buf: Buffer, at: number): { seq: number; position: Position } | undefined {
  if (buf.length < at + SLOT || buf.readUInt32LE(at + BODY) !== crc32(buf, at, at + BODY)) return undefined;
  try {
    const v = JSON.parse(buf.toString('utf8', at, at + BODY)) as { n: number; s: number; o: number; i: number };
    const ok = [v.n, v.s, v.o, v.i].every((x) => Number.isSafeInteger(x) && x >= 0);
    return ok ? { seq: v.n, position: { segment: v.s, offset: v.o, index: v.i } } : undefined;
  } catch { return undefined; }
}

/** The position file of a queue: `read()` the newest intact slot, `write()` the next one in place. */
export class PositionFile {
  private seq = 0;

  private constructor(private readonly fh: fsp.FileHandle, private readonly sync: boolean) {}

  /** Opens the file; creates it (two slots, holding `initial`) when missing. Returns it with the saved position. */
  static async open(file: string, initial: Position, sync = true): Promise<{ file: PositionFile; saved: Position | undefined }> {
    let fh: fsp.FileHandle;
    let created = false;
    try {
      fh = await fsp.open(file, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      fh = await fsp.open(file, 'w+');
      created = true;
    }
    const pf = new PositionFile(fh, sync);
    if (created) {
      await fh.write(Buffer.concat([encodeSlot(0, initial), Buffer.alloc(SLOT)]), 0, 2 * SLOT, 0);
      if (sync) await fh.sync();
      return { file: pf, saved: undefined };
    }
    const buf = Buffer.alloc(2 * SLOT);
    await fh.read(buf, 0, 2 * SLOT, 0);
    const slots = [decodeSlot(buf, 0), decodeSlot(buf, SLOT)].filter((s) => s !== undefined);
    const newest = slots.sort((a, b) => b.seq - a.seq)[0];
    pf.seq = newest?.seq ?? 0;
    return { file: pf, saved: newest?.position };
  }

  /** Saves `p` in the slot not holding the newest position, and waits until it is on disk. */
  async write(p: Position): Promise<void> {
    const seq = this.seq + 1;
    await this.fh.write(encodeSlot(seq, p), 0, SLOT, (seq % 2) * SLOT);
    if (this.sync) await this.fh.datasync();
    this.seq = seq;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.fh.close();
  }
}
