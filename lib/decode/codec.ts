// Vendor codec runner: a pasted TTN `decodeUplink(input)` (also `Decoder(bytes, port)` and ChirpStack v3
// `Decode(fPort, bytes)`) run inside QuickJS compiled to WebAssembly — what ChirpStack does. The codec has no
// require, no process, no network, no host objects at all; each call has a time limit (interrupt handler) and the
// runtime a memory limit. A codec that loops, allocates without end or tries to escape is stopped and reported;
// its sandbox is rebuilt and the next call works again.
import { getQuickJS, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { decodeError } from './errors';

/** Limits for a codec sandbox. */
export interface CodecOptions {
  /** per-call time limit, ms (default 100, what the network servers allow) */
  timeoutMs?: number;
  /** memory limit of the sandbox, bytes (default 16 MiB) */
  memoryLimitBytes?: number;
  /** largest accepted result (JSON characters), default 1 MiB */
  maxResultChars?: number;
  /** clock for the time limit (tests) */
  now?: () => number;
}

/** What a codec returned: its data object and warnings (errors are thrown as CivicErrors). */
export interface CodecResult { data: Record<string, unknown>; warnings: string[] }

const PRELUDE = 'var console = { log: function () {}, info: function () {}, warn: function () {}, error: function () {}, debug: function () {} };\n';
const RUNNER = `(function () {
  var P = JSON.parse, S = JSON.stringify;
  return function (s) {
    var i = P(s); i.recvTime = new Date(i.recvTime);
    var r;
    if (typeof decodeUplink === 'function') r = decodeUplink(i);
    else if (typeof Decoder === 'function') r = { data: Decoder(i.bytes, i.fPort) };
    else r = { data: Decode(i.fPort, i.bytes, i.variables) };
    return S(r === undefined ? null : r);
  };
})()`;
// After the codec's top-level code ran (polyfills may extend built-ins there), the built-ins are frozen, so a call
// cannot poison the sandbox for the calls after it (e.g. an Object.prototype.toJSON that rewrites every result).
const LOCKDOWN = `['Object', 'Array', 'Function', 'JSON', 'String', 'Number', 'Boolean', 'Math', 'Date', 'RegExp', 'Error',
  'Promise', 'Symbol', 'Reflect', 'Map', 'Set', 'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint16Array',
  'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array'].forEach(function (n) {
  var c = globalThis[n];
  if (!c) return;
  Object.freeze(c);
  if (c.prototype) Object.freeze(c.prototype);
});
Object.freeze(Object.getPrototypeOf(function () {}));
Object.freeze(Object.getPrototypeOf([][Symbol.iterator]()));`;
const ENTRY = "typeof decodeUplink === 'function' ? 'decodeUplink' : typeof Decoder === 'function' ? 'Decoder' : typeof Decode === 'function' ? 'Decode' : ''";

let modulePromise: Promise<QuickJSWASMModule> | undefined;
/** The QuickJS WebAssembly module, loaded once per process. */
export function quickJs(): Promise<QuickJSWASMModule> {
  modulePromise ??= getQuickJS();
  return modulePromise;
}

function describeError(ctx: QuickJSContext, handle: QuickJSHandle): { name: string; message: string } {
  const e = ctx.dump(handle) as unknown;
  handle.dispose();
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown };
    return { name: String(o.name ?? 'Error'), message: String(o.message ?? JSON.stringify(e)).slice(0, 200) };
  }
  return { name: 'Error', message: String(e).slice(0, 200) };
}

/** A compiled codec in its sandbox. */
export class CodecRunner {
  private runtime?: QuickJSRuntime;
  private ctx?: QuickJSContext;
  private fn?: QuickJSHandle;
  private deadline = 0;
  private readonly timeoutMs: number;
  private readonly memoryLimit: number;
  private readonly maxResult: number;
  private readonly now: () => number;
  /** the entry point the codec defines: decodeUplink, Decoder or Decode */
  entry = '';

  constructor(private readonly qjs: QuickJSWASMModule, private readonly source: string, options: CodecOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 100;
    this.memoryLimit = options.memoryLimitBytes ?? 16 * 1024 * 1024;
    this.maxResult = options.maxResultChars ?? 1024 * 1024;
    this.now = options.now ?? Date.now;
    this.build();
  }

  private build(): void {
    this.dispose();
    const runtime = this.qjs.newRuntime({ memoryLimitBytes: this.memoryLimit, maxStackSizeBytes: 512 * 1024 });
    runtime.setInterruptHandler(() => this.now() > this.deadline);
    const ctx = runtime.newContext();
    this.runtime = runtime;
    this.ctx = ctx;
    this.deadline = this.now() + Math.max(this.timeoutMs, 1000);        // compiling a large codec may take longer
    const compiled = ctx.evalCode(PRELUDE + this.source, 'codec.js');
    if (compiled.error) {
      const e = describeError(ctx, compiled.error);
      this.dispose();
      throw decodeError('codecCompile', { offset: 0, reason: `${e.name}: ${e.message}` }, `the codec does not compile: ${e.name}: ${e.message}`);
    }
    compiled.value.dispose();
    const entry = ctx.unwrapResult(ctx.evalCode(ENTRY));
    this.entry = ctx.getString(entry);
    entry.dispose();
    if (!this.entry) {
      this.dispose();
      throw decodeError('codecNoEntry', { offset: 0 }, 'the codec defines none of decodeUplink(input), Decoder(bytes, port), Decode(fPort, bytes)');
    }
    this.fn = ctx.unwrapResult(ctx.evalCode(RUNNER));
    ctx.unwrapResult(ctx.evalCode(LOCKDOWN)).dispose();
  }

  /** Runs the codec on one uplink; throws a CivicError for codec errors, timeouts and memory exhaustion. */
  decode(bytes: ArrayLike<number>, fPort = 1, recvTime: number = this.now(), variables: Record<string, string> = {}): CodecResult {
    if (!this.ctx || !this.fn) this.build();
    const ctx = this.ctx as QuickJSContext;
    const input = JSON.stringify({ bytes: Array.from(bytes), fPort, recvTime: new Date(recvTime).toISOString(), variables });
    const arg = ctx.newString(input);
    const started = this.now();
    this.deadline = started + this.timeoutMs;
    let res;
    try {
      res = ctx.callFunction(this.fn as QuickJSHandle, ctx.undefined, arg);
      arg.dispose();
    } catch {
      // the host itself gave out (deep recursion exhausts the engine's native stack before QuickJS's own limit):
      // the sandbox is in an unknown state, so it is rebuilt, and the codec reported as out of memory
      this.build();
      throw decodeError('codecMemory', { offset: 0, mb: Math.round(this.memoryLimit / 1048576) },
        `the codec ran out of memory or stack (limit ${Math.round(this.memoryLimit / 1048576)} MiB) and was stopped`);
    }
    if (res.error) {
      const e = describeError(ctx, res.error);
      if (e.message === 'interrupted') {
        this.build();
        throw decodeError('codecTimeout', { offset: 0, ms: this.timeoutMs }, `the codec was stopped after ${this.timeoutMs} ms`);
      }
      if (/out of memory|string too long|array too long/i.test(e.message) || (e.name === 'RangeError' && /stack|memory/i.test(e.message))) {
        this.build();
        throw decodeError('codecMemory', { offset: 0, mb: Math.round(this.memoryLimit / 1048576) },
          `the codec ran out of memory (limit ${Math.round(this.memoryLimit / 1048576)} MiB) and was stopped`);
      }
      throw decodeError('codecThrew', { offset: 0, reason: `${e.name}: ${e.message}` }, `the codec failed: ${e.name}: ${e.message}`);
    }
    const text = ctx.getString(res.value);
    res.value.dispose();
    if (text.length > this.maxResult) {
      throw decodeError('codecResult', { offset: 0, reason: `result of ${text.length} characters is too large` }, 'the codec result is too large');
    }
    const result = JSON.parse(text) as unknown;
    const r = result && typeof result === 'object' ? result as Record<string, unknown> : {};
    const errors = Array.isArray(r.errors) ? r.errors.map(String) : [];
    if (errors.length) {
      throw decodeError('codecErrors', { offset: 0, reason: errors.join('; ').slice(0, 200) }, `the codec reported: ${errors.join('; ')}`);
    }
    const data = r.data && typeof r.data === 'object' && !Array.isArray(r.data) ? r.data as Record<string, unknown> : undefined;
    if (!data) throw decodeError('codecResult', { offset: 0, reason: 'no data object' }, 'the codec returned no data object');
    return { data, warnings: Array.isArray(r.warnings) ? r.warnings.map(String) : [] };
  }

  /** Frees the sandbox (call on node close). */
  dispose(): void {
    try {
      this.fn?.dispose();
      this.ctx?.dispose();
      this.runtime?.dispose();
    } catch {
      // a runtime that hit its memory limit may refuse a clean dispose; it is dropped either way
    }
    this.fn = undefined;
    this.ctx = undefined;
    this.runtime = undefined;
  }
}

/** Compiles `source` once in a fresh sandbox (loads QuickJS on first use). */
export async function createCodecRunner(source: string, options: CodecOptions = {}): Promise<CodecRunner> {
  return new CodecRunner(await quickJs(), source, options);
}
