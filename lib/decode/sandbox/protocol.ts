// What the main thread and the codec workers say to each other. Kept in one place so both sides agree on the
// shape of a batch, its results and the shared progress record the main thread's watchdog reads.

/** Limits of one codec's sandboxes. */
export interface SandboxLimits {
  /** per-call wall-clock limit, ms */
  timeoutMs: number;
  /** memory limit of one device's sandbox, bytes */
  memoryLimitBytes: number;
  /** largest accepted result, JSON characters */
  maxResultChars: number;
}

/** One call: codec id, device key ('' = the compile check), payload bytes, fPort, receive time (epoch ms). */
export interface CallRequest { codec: number; device: string; bytes: ArrayLike<number>; fPort: number; recvTime: number }

/**
 * A batch as it crosses to the worker: flat typed arrays (transferred, not copied) and the device keys. Call i has
 * bytes [ends[i-1], ends[i]) and numbers[3i..3i+2] = codec id, fPort, receive time.
 */
export interface BatchMessage { type: 'batch'; seq: number; devices: string[]; bytes: Uint8Array; ends: Uint32Array; numbers: Float64Array }

/** Packs calls into a batch message and the list of buffers to transfer with it. */
export function packBatch(seq: number, calls: CallRequest[]): [BatchMessage, ArrayBuffer[]] {
  let total = 0;
  for (const c of calls) total += c.bytes.length;
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(calls.length);
  const numbers = new Float64Array(calls.length * 3);
  const devices = new Array<string>(calls.length);
  let at = 0;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i];
    bytes.set(c.bytes, at);
    at += c.bytes.length;
    ends[i] = at;
    numbers[3 * i] = c.codec;
    numbers[3 * i + 1] = c.fPort;
    numbers[3 * i + 2] = c.recvTime;
    devices[i] = c.device;
  }
  return [{ type: 'batch', seq, devices, bytes, ends, numbers }, [bytes.buffer, ends.buffer, numbers.buffer]];
}

/** A call's outcome: the codec's JSON output (text), or a failure [catalog key suffix, params, English text]. */
export type CallResult = string | [string, Record<string, string | number>, string];

export type ToWorker =
  | { type: 'codec'; id: number; source: string; limits: SandboxLimits }
  | { type: 'drop'; id: number }
  | BatchMessage;

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; seq: number; results: CallResult[]; recycle: boolean };

/** The shared progress record: which call of the current batch runs (-1 when idle) and that call's deadline (epoch ms). */
export interface Progress { running: Int32Array; deadline: Float64Array }

/** A progress record in fresh shared memory (main thread), or the views over one received from it (worker). */
export function progressViews(buffer: SharedArrayBuffer = new SharedArrayBuffer(16)): Progress & { buffer: SharedArrayBuffer } {
  return { buffer, running: new Int32Array(buffer, 0, 1), deadline: new Float64Array(buffer, 8, 1) };
}

/** Time allowed for a codec's top-level code (vendor codecs build lookup tables there) before the first call. */
export function compileAllowanceMs(limits: SandboxLimits): number {
  return Math.max(limits.timeoutMs, 1000);
}
