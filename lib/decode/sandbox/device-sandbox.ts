// One device's sandbox for a vendor codec: its own QuickJS runtime (so its own memory limit and interrupt handler)
// and context, in which the codec's top-level code runs once; then the built-ins are frozen. A device's calls
// never see another device's globals or state. Runs inside a codec worker (worker.ts); no Node-RED, no threads.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { CallResult, SandboxLimits } from './protocol';

const PRELUDE = 'var console = { log: function () {}, info: function () {}, warn: function () {}, error: function () {}, debug: function () {} };\n';
// The entry point is looked up per call, so a codec that defines it conditionally still works; results leave the
// sandbox as JSON text only, never as handles.
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
// cannot poison them for the calls after it (e.g. an Object.prototype.toJSON that rewrites every result).
const LOCKDOWN = `['Object', 'Array', 'Function', 'JSON', 'String', 'Number', 'Boolean', 'Math', 'Date', 'RegExp', 'Error',
  'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'Promise', 'Symbol', 'Reflect', 'Map', 'Set', 'WeakMap',
  'WeakSet', 'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Uint16Array', 'Int16Array',
  'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt', 'Proxy'].forEach(function (n) {
  var c = globalThis[n];
  if (!c) return;
  Object.freeze(c);
  if (c.prototype) Object.freeze(c.prototype);
});
Object.freeze(Object.getPrototypeOf(function () {}));
Object.freeze(Object.getPrototypeOf(Uint8Array));
Object.freeze(Object.getPrototypeOf(Uint8Array.prototype));
Object.freeze(Object.getPrototypeOf([][Symbol.iterator]()));
Object.freeze(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));`;
const ENTRY = "typeof decodeUplink === 'function' ? 'decodeUplink' : typeof Decoder === 'function' ? 'Decoder' : typeof Decode === 'function' ? 'Decode' : ''";

/** A failure inside the sandbox: a catalog key suffix with params and English text; `fatal` = the WebAssembly host gave out. */
export class SandboxFailure extends Error {
  constructor(readonly key: string, readonly params: Record<string, string | number>, english: string, readonly fatal = false) {
    super(english);
  }

  /** As a worker result. */
  result(): CallResult {
    return [this.key, this.params, this.message];
  }
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

const mib = (bytes: number) => Math.round(bytes / 1048576);

/** Maps a QuickJS exception to the failure a user reads (time limit, memory limit, or the codec's own error). */
function classify(e: { name: string; message: string }, limits: SandboxLimits, timeoutMs: number): SandboxFailure {
  if (e.message === 'interrupted') {
    return new SandboxFailure('codecTimeout', { offset: 0, ms: timeoutMs }, `the codec was stopped after ${timeoutMs} ms`);
  }
  if (/out of memory|string too long|array too long|stack overflow/i.test(e.message) || (e.name === 'RangeError' && /stack|memory/i.test(e.message))) {
    return memoryFailure(limits);
  }
  // a codec's message may quote the uplink (`bad byte 66`, a reading): numbers are masked before it reaches a log
  const reason = `${e.name}: ${maskNumbers(e.message)}`;
  return new SandboxFailure('codecThrew', { offset: 0, reason }, `the codec failed: ${reason}`);
}

/** Replaces every number in a codec's text by "#", so that no value from the data reaches an error or a log. */
export function maskNumbers(text: string): string {
  return text.replace(/-?\d+(?:\.\d+)?/g, '#');
}

function memoryFailure(limits: SandboxLimits, fatal = false): SandboxFailure {
  return new SandboxFailure('codecMemory', { offset: 0, mb: mib(limits.memoryLimitBytes) },
    `the codec ran out of memory or stack (limit ${mib(limits.memoryLimitBytes)} MiB) and was stopped`, fatal);
}

/** A codec compiled and initialised for one device. */
export class DeviceSandbox {
  private deadline = 0;
  private readonly runtime: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private fn?: QuickJSHandle;
  /** set when the WebAssembly host gave out during a call: the whole worker must be replaced */
  hostFailed = false;
  /** the entry point the codec defines: decodeUplink, Decoder or Decode */
  readonly entry: string;

  /** Runs the codec's top-level code until `deadline` (epoch ms); throws a SandboxFailure when it cannot. */
  constructor(qjs: QuickJSWASMModule, source: string, private readonly limits: SandboxLimits, deadline: number) {
    this.runtime = qjs.newRuntime({ memoryLimitBytes: limits.memoryLimitBytes, maxStackSizeBytes: 512 * 1024 });
    this.runtime.setInterruptHandler(() => Date.now() > this.deadline);
    this.ctx = this.runtime.newContext();
    this.deadline = deadline;
    try {
      this.entry = this.init(source, deadline);
    } catch (err) {
      this.dispose();
      if (err instanceof SandboxFailure) throw err;
      throw memoryFailure(limits, true);                          // the host gave out while compiling
    }
  }

  private init(source: string, deadline: number): string {
    const ctx = this.ctx;
    const compiled = ctx.evalCode(PRELUDE + source, 'codec.js');
    if (compiled.error) {
      const e = describeError(ctx, compiled.error);
      if (e.message === 'interrupted' || /out of memory/i.test(e.message)) throw classify(e, this.limits, Math.max(0, deadline - Date.now()));
      throw new SandboxFailure('codecCompile', { offset: 0, reason: `${e.name}: ${e.message}` }, `the codec does not compile: ${e.name}: ${e.message}`);
    }
    compiled.value.dispose();
    const entryHandle = ctx.unwrapResult(ctx.evalCode(ENTRY));
    const entry = ctx.getString(entryHandle);
    entryHandle.dispose();
    if (!entry) {
      throw new SandboxFailure('codecNoEntry', { offset: 0 }, 'the codec defines none of decodeUplink(input), Decoder(bytes, port), Decode(fPort, bytes)');
    }
    this.fn = ctx.unwrapResult(ctx.evalCode(RUNNER));
    ctx.unwrapResult(ctx.evalCode(LOCKDOWN)).dispose();
    return entry;
  }

  /** Runs one uplink (input as JSON text) until `deadline`; the codec's output as JSON text or a SandboxFailure. */
  call(input: string, deadline: number, timeoutMs: number): CallResult {
    const ctx = this.ctx;
    this.deadline = deadline;
    let res;
    const arg = ctx.newString(input);
    try {
      res = ctx.callFunction(this.fn as QuickJSHandle, ctx.undefined, arg);
    } catch {
      // the host itself gave out (deep recursion can exhaust the engine's native stack before QuickJS's own
      // limit): the WebAssembly instance is in an unknown state, so the worker is replaced after this batch
      this.hostFailed = true;
      return memoryFailure(this.limits, true).result();
    } finally {
      if (arg.alive) arg.dispose();
    }
    if (res.error) return classify(describeError(ctx, res.error), this.limits, timeoutMs).result();
    const text = ctx.getString(res.value);
    res.value.dispose();
    if (text.length > this.limits.maxResultChars) {
      return ['codecResult', { offset: 0, reason: `result of ${text.length} characters is too large` }, 'the codec result is too large'];
    }
    return text;
  }

  /** Frees the runtime (a runtime that hit its memory limit may refuse a clean dispose; it is dropped either way). */
  dispose(): void {
    try {
      this.fn?.dispose();
      this.ctx.dispose();
      this.runtime.dispose();
    } catch {
      // nothing more to free
    }
  }
}
