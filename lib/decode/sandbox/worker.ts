// A codec worker thread: holds the QuickJS WebAssembly module, the codecs the main thread registered and, per codec,
// one sandbox per device (least recently used dropped beyond MAX_DEVICES). Runs batches of calls in order and
// writes which call runs and its deadline into shared memory, so the main thread can terminate this thread when a
// codec spins where QuickJS's interrupt handler cannot reach (a built-in implemented in C).
import { parentPort, workerData } from 'worker_threads';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { DeviceSandbox, SandboxFailure } from './device-sandbox';
import { compileAllowanceMs, progressViews, type BatchMessage, type CallResult, type FromWorker, type SandboxLimits, type ToWorker } from './protocol';

/** Device sandboxes kept per codec (about 150 KB each); the least recently used one is dropped beyond this. */
const MAX_DEVICES = 128;

interface CodecEntry { source: string; limits: SandboxLimits; devices: Map<string, DeviceSandbox> }

const codecs = new Map<number, CodecEntry>();
const progress = progressViews(workerData.progress as SharedArrayBuffer);
let qjs: QuickJSWASMModule;
let recycle = false;

function post(msg: FromWorker): void {
  parentPort?.postMessage(msg);
}

function startDeadline(ms: number): number {
  const deadline = Date.now() + ms;
  progress.deadline[0] = deadline;
  return deadline;
}

/** The device's sandbox, created (top-level code run once) on its first call. */
function sandboxFor(entry: CodecEntry, device: string): DeviceSandbox {
  let box = entry.devices.get(device);
  if (box) {
    entry.devices.delete(device);                                  // re-inserted below: most recently used last
  } else {
    box = new DeviceSandbox(qjs, entry.source, entry.limits, startDeadline(compileAllowanceMs(entry.limits)));
    if (entry.devices.size >= MAX_DEVICES) {
      const [oldest, old] = entry.devices.entries().next().value as [string, DeviceSandbox];
      entry.devices.delete(oldest);
      old.dispose();
    }
  }
  entry.devices.set(device, box);
  return box;
}

function inputJson(bytes: Uint8Array, fPort: number, recvTime: number): string {
  return `{"bytes":[${bytes.join(',')}],"fPort":${fPort},"recvTime":"${new Date(recvTime).toISOString()}","variables":{}}`;
}

function runCall(codec: number, device: string, bytes: Uint8Array, fPort: number, recvTime: number): CallResult {
  const entry = codecs.get(codec);
  if (!entry) return ['codecNotReady', { offset: 0 }, 'the codec is not loaded'];
  try {
    if (device === '') {                                            // compile check at deploy: a throwaway sandbox
      const probe = new DeviceSandbox(qjs, entry.source, entry.limits, startDeadline(compileAllowanceMs(entry.limits)));
      probe.dispose();
      return probe.entry;
    }
    const box = sandboxFor(entry, device);
    const result = box.call(inputJson(bytes, fPort, recvTime), startDeadline(entry.limits.timeoutMs), entry.limits.timeoutMs);
    if (box.hostFailed) recycle = true;
    return result;
  } catch (err) {
    if (!(err instanceof SandboxFailure)) throw err;
    if (err.fatal) recycle = true;
    return err.result();
  }
}

function runBatch({ seq, devices, bytes, ends, numbers }: BatchMessage): void {
  const results: CallResult[] = [];
  for (let i = 0; i < devices.length && !recycle; i++) {
    progress.deadline[0] = Infinity;                               // never a stale deadline beside a new index
    Atomics.store(progress.running, 0, i);
    results.push(runCall(numbers[3 * i], devices[i], bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]), numbers[3 * i + 1], numbers[3 * i + 2]));
  }
  progress.deadline[0] = Infinity;
  Atomics.store(progress.running, 0, -1);
  post({ type: 'done', seq, results, recycle });
}

function handle(msg: ToWorker): void {
  if (msg.type === 'codec') codecs.set(msg.id, { source: msg.source, limits: msg.limits, devices: new Map() });
  else if (msg.type === 'drop') {
    const entry = codecs.get(msg.id);
    codecs.delete(msg.id);
    entry?.devices.forEach((box) => box.dispose());
  } else runBatch(msg);
}

Atomics.store(progress.running, 0, -1);
newQuickJSWASMModuleFromVariant(variant).then((module) => {
  qjs = module;
  parentPort?.on('message', handle);
  post({ type: 'ready' });
}, (err: unknown) => { throw err; });
