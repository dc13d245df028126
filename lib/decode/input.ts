// Recognises what a message carries: bytes (Buffer, hex, base64, byte array), Modbus registers (uint16 array),
// UECS XML text, or a network-server envelope (object or JSON text). Sizes are checked before any parsing.
import { decodeError } from './errors';

export type RawInput =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'registers'; registers: number[] }
  /** an odd number of bytes where registers are expected: a whole Modbus RTU frame (checked by modbus.rtuRegisters) */
  | { kind: 'rtu'; bytes: Uint8Array }
  | { kind: 'xml'; text: string }
  | { kind: 'object'; value: Record<string, unknown> };

const HEX = /^(?:0x)?(?:[0-9a-fA-F]{2}[\s:-]?)+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

function oversize(size: number, limit: number): never {
  throw decodeError('oversize', { offset: limit, size, limit },
    `payload of ${size} bytes is larger than the limit of ${limit} bytes`);
}

/** Bytes from a hex string ("01 67 00 FF", "0x0167...") or base64 text; anything else is a clear error. */
export function bytesFromText(text: string): Uint8Array {
  const t = text.trim();
  if (t.length > 0 && HEX.test(t)) {
    const digits = t.replace(/^0x/, '').replace(/[\s:-]/g, '');
    return Uint8Array.from(Buffer.from(digits, 'hex'));
  }
  if (t.length > 0 && BASE64.test(t)) return Uint8Array.from(Buffer.from(t, 'base64'));
  throw decodeError('badText', { offset: 0, length: text.length },
    `text of ${text.length} characters is neither hex, base64, JSON nor UECS XML`);
}

/** What kind of value `v` is, never the value itself (payload text must not reach an error or a log). */
function describe(v: unknown): string {
  if (typeof v === 'string') return 'text';
  if (Array.isArray(v)) return 'an array';
  if (v === null || v === undefined) return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** What is wrong with an array element, without its value. */
function describeElement(v: unknown): string {
  if (typeof v !== 'number') return describe(v);
  return Number.isInteger(v) ? 'a number out of range' : 'a fraction';
}

/** Parses JSON text, naming the character position of a syntax error. */
export function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    throw decodeError('badJson', { offset: 0, reason: 'not an object' }, 'JSON text is not an object');
  } catch (err) {
    if ((err as { name?: string }).name === 'CivicError') throw err;
    // V8's message quotes the text around the error: only the position is kept
    const m = /position (\d+)/.exec((err as Error).message);
    const offset = m ? Number(m[1]) : text.length;
    throw decodeError('badJson', { offset, reason: 'syntax error' }, `byte ${offset}: invalid JSON: syntax error`);
  }
}

function checkArray(arr: unknown[], max: number, limit: number): number[] {
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
      throw decodeError('badArray', { offset: i, index: i, got: describeElement(v), max },
        `element ${i} of the array is ${describeElement(v)}, not an integer 0-${max}`);
    }
  }
  if (arr.length * (max > 255 ? 2 : 1) > limit) oversize(arr.length * (max > 255 ? 2 : 1), limit);
  return arr as number[];
}

/**
 * Classifies a payload. `prefer` says what an ambiguous array means ('registers' for a Modbus map); arrays with a
 * value above 255 are always registers. `limit` is the largest accepted size in bytes (text: characters).
 */
export function classify(payload: unknown, limit: number, prefer: 'bytes' | 'registers' = 'bytes'): RawInput {
  if (Buffer.isBuffer(payload) || payload instanceof Uint8Array) {
    if (payload.length > limit) oversize(payload.length, limit);
    const first = payload[0];
    if (prefer === 'bytes' && (first === 0x7b || first === 0x3c)) {             // '{' or '<': text sent as a Buffer
      // A binary frame may start with channel 0x7B or 0x3C too: only whole JSON objects / UECS documents count.
      const text = Buffer.from(payload).toString('utf8');
      if (first === 0x7b && /\}\s*$/.test(text)) {
        try { return { kind: 'object', value: parseJson(text) }; } catch { /* binary after all */ }
      }
      if (/^<(\?xml|UECS)[\s>]/.test(text)) return { kind: 'xml', text };
    }
    if (prefer === 'registers') {
      if (payload.length % 2) return { kind: 'rtu', bytes: payload };
      const regs: number[] = [];
      for (let i = 0; i < payload.length; i += 2) regs.push((payload[i] << 8) | payload[i + 1]);
      return { kind: 'registers', registers: regs };
    }
    return { kind: 'bytes', bytes: payload };
  }
  if (typeof payload === 'string') {
    if (payload.length > limit) oversize(payload.length, limit);
    const t = payload.trimStart();
    if (t.startsWith('{')) return { kind: 'object', value: parseJson(payload) };
    if (t.startsWith('<')) return { kind: 'xml', text: payload };
    const bytes = bytesFromText(payload);
    if (prefer === 'registers') return classify(Buffer.from(bytes), limit, 'registers');
    return { kind: 'bytes', bytes };
  }
  if (Array.isArray(payload)) {
    const max = prefer === 'registers' || payload.some((v) => typeof v === 'number' && v > 255) ? 0xffff : 0xff;
    const values = checkArray(payload, max, limit);
    return max > 255 ? { kind: 'registers', registers: values } : { kind: 'bytes', bytes: Uint8Array.from(values) };
  }
  if (payload && typeof payload === 'object') {
    const o = payload as Record<string, unknown>;
    if (o.type === 'Buffer' && Array.isArray(o.data)) return classify(Uint8Array.from(checkArray(o.data, 255, limit)), limit, prefer);
    return { kind: 'object', value: o };
  }
  throw decodeError('badInput', { offset: 0, got: describe(payload) },
    `payload must be a Buffer, hex or base64 text, a byte or register array, JSON or UECS XML; got ${describe(payload)}`);
}
