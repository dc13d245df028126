// Opening a segment after a crash or a disk fault: every intact record stays; damaged or half-written stretches are
// copied to `quarantine/` (fsync'd) before the segment is cut back or rewritten without them. Bytes before the
// acknowledged position are left exactly as they are, so the saved position keeps pointing at the same record.
import fsp from 'fs/promises';
import path from 'path';
import type { Position } from './position';
import { scanRecords, type Range } from './records';
import { syncDirSync } from './atomic-file';

/** What went to quarantine when the queue was opened: stretches, bytes, and the last file written. */
export interface Quarantine { regions: number; bytes: number; file?: string }

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const fh = await fsp.open(file, 'w');
  try {
    await fh.write(data, 0, data.length, 0);
    await fh.sync();
  } finally { await fh.close(); }
}

/** Copies the damaged stretches of a segment into one quarantine file; returns its path. */
async function quarantine(dir: string, segment: string, buf: Buffer, damaged: Range[]): Promise<string> {
  const folder = path.join(dir, 'quarantine');
  await fsp.mkdir(folder, { recursive: true });
  const file = path.join(folder, `${path.basename(segment, '.log')}-${new Date().toISOString().replace(/[:.]/g, '-')}.bin`);
  await writeDurably(file, Buffer.concat(damaged.map((r) => buf.subarray(r.start, r.end))));
  syncDirSync(folder);
  return file;
}

/**
 * Recovers one segment file from `from` (the acknowledged position when it lies in this segment, else its start):
 * returns its size and record count after moving damaged stretches to quarantine (counted into `q`).
 */
export async function recoverSegment(file: string, from: Position, dir: string, q: Quarantine): Promise<{ size: number; records: number }> {
  const buf = await fsp.readFile(file);
  const start = Math.min(from.offset, buf.length);
  const scan = scanRecords(buf, start);
  const records = from.index + scan.records.length;
  if (!scan.damaged.length) return { size: buf.length, records };
  q.file = await quarantine(dir, file, buf, scan.damaged);
  q.regions += scan.damaged.length;
  q.bytes += scan.damaged.reduce((n, r) => n + r.end - r.start, 0);
  const tailOnly = scan.damaged.length === 1 && scan.damaged[0].end === buf.length;
  if (tailOnly) {
    // the common case after a crash: a record cut short at the end
    await fsp.truncate(file, scan.damaged[0].start);
    return { size: scan.damaged[0].start, records };
  }
  const kept = Buffer.concat([buf.subarray(0, start), ...scan.records.map((r) => buf.subarray(r.start, r.end))]);
  const tmp = `${file}.rewrite`;
  await writeDurably(tmp, kept);
  await fsp.rename(tmp, file);
  syncDirSync(dir);
  return { size: kept.length, records };
}
