// The record framing of the disk queue: [u32 LE length][u32 LE CRC-32 of the bytes][UTF-8 bytes]. The checksum is
// what lets a restart tell a complete record from a damaged or half-written one; `scanRecords` finds every complete
// record of a segment, also after a damaged stretch (resynchronising on the next record whose checksum holds), and
// reports the damaged stretches so they can be kept aside instead of silently cut off.

export const HEADER = 8;
/** Longest record accepted when reading back (a longer length field is damage, not a record). */
export const MAX_RECORD = 16 * 1024 * 1024;

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

/** Length of the complete, intact record at `at`, or -1 (cut short, damaged or implausible). */
export function recordAt(buf: Buffer, at: number): number {
  if (at + HEADER > buf.length) return -1;
  const len = buf.readUInt32LE(at);
  // an empty record is never written: eight zero bytes (a zero-filled tail) must not pass as one
  if (len === 0 || len > MAX_RECORD || at + HEADER + len > buf.length) return -1;
  return buf.readUInt32LE(at + 4) === crc32(buf, at + HEADER, at + HEADER + len) ? HEADER + len : -1;
}

/** Parses framed records from `buf`; stops at the first incomplete or damaged one. */
export function parseRecords(buf: Buffer, max = Infinity): { lines: string[]; bytes: number; damaged: boolean } {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < max && at + HEADER <= buf.length) {
    const size = recordAt(buf, at);
    if (size < 0) {
      const len = buf.readUInt32LE(at);
      const cutShort = len <= MAX_RECORD && at + HEADER + len > buf.length;
      return { lines, bytes: at, damaged: !cutShort };
    }
    lines.push(buf.toString('utf8', at + HEADER, at + size));
    at += size;
  }
  return { lines, bytes: at, damaged: false };
}

/** A byte range [start, end) of a segment. */
export interface Range { start: number; end: number }

/** What a segment holds: its intact records (ranges, in order) and the damaged stretches between or after them. */
export interface Scan { records: Range[]; damaged: Range[] }

/**
 * Finds every intact record in `buf` from `from` on. After a damaged stretch it looks for the next offset where an
 * intact record starts (a random match needs a plausible length and a matching CRC-32: about 1 in 4·10⁹).
 */
export function scanRecords(buf: Buffer, from = 0): Scan {
  const records: Range[] = [];
  const damaged: Range[] = [];
  // checksumming candidate records inside garbage can cost much more than the segment: bound the search, and
  // count what is left after it as damaged (it is kept in quarantine, not lost)
  let budget = 8 * buf.length + (1 << 20);
  let at = from;
  while (at < buf.length) {
    const size = recordAt(buf, at);
    if (size > 0) {
      records.push({ start: at, end: at + size });
      at += size;
      continue;
    }
    let next = buf.length;
    for (let c = at + 1; c < buf.length && budget > 0; c++) {
      const len = c + HEADER <= buf.length ? buf.readUInt32LE(c) : 0;
      if (len === 0 || len > MAX_RECORD || c + HEADER + len > buf.length) continue;
      budget -= len;
      if (recordAt(buf, c) > 0) { next = c; break; }
    }
    damaged.push({ start: at, end: next });
    at = next;
  }
  return { records, damaged };
}
