// Vendor codecs: a pasted TTN `decodeUplink(input)` (also `Decoder(bytes, port)` and ChirpStack v3
// `Decode(fPort, bytes)`) run in QuickJS compiled to WebAssembly — what ChirpStack does — inside worker threads
// (sandbox/pool.ts), never on Node-RED's event loop. The codec has no require, no process, no network, no host
// objects; each device gets its own sandbox (own globals, frozen built-ins, own memory limit) in which the codec's
// top-level code runs once; each call has a wall-clock limit that holds even inside built-ins written in C.
import { decodeError } from './errors';
import { sharedSandboxPool, type SandboxPool } from './sandbox/pool';
import type { CallResult, SandboxLimits } from './sandbox/protocol';

/** Limits of a codec's sandboxes. */
export interface CodecOptions {
  /** per-call time limit, ms (default 100, what the network servers allow) */
  timeoutMs?: number;
  /** memory limit of each device's sandbox, bytes (default 16 MiB) */
  memoryLimitBytes?: number;
  /** largest accepted result (JSON characters), default 1 MiB */
  maxResultChars?: number;
  /** the worker pool (default: the one the whole process shares) */
  pool?: SandboxPool;
}

/** What a codec returned: its data object and its warning and error lists (TTN's decodeUplink contract). */
export interface CodecResult { data: Record<string, unknown>; warnings: string[]; errors: string[] }

function failure(r: Exclude<CallResult, string>): Error {
  return decodeError(r[0], r[1], r[2]);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.slice(0, 50).map((x) => String(x).slice(0, 200)) : []);

/** Reads a codec's output (JSON text): `{ data, warnings, errors }`; anything else is a clear error. */
export function readCodecOutput(json: string): CodecResult {
  const out = JSON.parse(json) as unknown;
  const r = out && typeof out === 'object' && !Array.isArray(out) ? out as Record<string, unknown> : {};
  const errors = strings(r.errors);
  const data = r.data && typeof r.data === 'object' && !Array.isArray(r.data) ? r.data as Record<string, unknown> : undefined;
  if (!data && errors.length === 0) throw decodeError('codecResult', { offset: 0, reason: 'no data object' }, 'the codec returned no data object');
  return { data: data ?? {}, warnings: strings(r.warnings), errors };
}

/** A vendor codec compiled in the worker pool. */
export class Codec {
  private closed = false;

  constructor(private readonly pool: SandboxPool, private readonly id: number, readonly entry: string, readonly limits: SandboxLimits) {}

  /**
   * Runs the codec on one device's uplink, in that device's sandbox; rejects with a CivicError on time limit,
   * memory limit, a codec exception or an unusable result. The codec's own `errors` are returned, not thrown.
   */
  async decode(device: string, bytes: ArrayLike<number>, fPort = 1, recvTime = Date.now()): Promise<CodecResult> {
    if (this.closed) throw decodeError('codecNotReady', { offset: 0 }, 'the codec is closed');
    const r = await this.pool.call(this.id, device || 'unknown', bytes, fPort, recvTime);
    if (typeof r !== 'string') throw failure(r);
    return readCodecOutput(r);
  }

  /** Frees the codec's sandboxes (call on node close). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.unregister(this.id);
  }
}

/** Compiles `source` in the worker pool and runs its top-level code once to check it (entry point, syntax). */
export async function createCodec(source: string, options: CodecOptions = {}): Promise<Codec> {
  const pool = options.pool ?? sharedSandboxPool();
  const limits: SandboxLimits = {
    timeoutMs: options.timeoutMs ?? 100,
    memoryLimitBytes: options.memoryLimitBytes ?? 16 * 1024 * 1024,
    maxResultChars: options.maxResultChars ?? 1024 * 1024,
  };
  const id = pool.register(source, limits);
  const r = await pool.check(id);
  if (typeof r !== 'string') {
    pool.unregister(id);
    throw failure(r);
  }
  return new Codec(pool, id, r, limits);
}
