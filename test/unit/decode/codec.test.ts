// Vendor codecs in the worker pool: the three entry-point forms, errors and warnings, the time and memory limits,
// no way out of the sandbox. Each test uses its own pool so a worker it replaces never affects another test.
import assert from 'assert';
import { createCodec, createDecoder, SandboxPool, type Codec } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const TTN = `function decodeUplink(input) {
  var t = ((input.bytes[0] << 8 | input.bytes[1]) << 16 >> 16) / 10;
  var warnings = t < -40 ? ['implausible temperature'] : [];
  if (input.bytes.length < 2) return { errors: ['frame too short'] };
  return { data: { temperature: t, port: input.fPort, year: input.recvTime.getUTCFullYear() }, warnings: warnings };
}`;

async function rejectsKey(p: () => Promise<unknown>, key: string | string[]): Promise<void> {
  const keys = (Array.isArray(key) ? key : [key]).map((k) => `civic-sensor-decode.errors.${k}`);
  try {
    await p();
  } catch (err) {
    assert.ok(isCivicError(err), String(err));
    assert.ok(keys.includes(err.key), err.key);
    return;
  }
  assert.fail(`expected ${keys.join(' or ')}`);
}

describe('sandboxed vendor codecs (QuickJS in worker threads)', function () {
  this.timeout(30000);
  let pool: SandboxPool;
  const codecs: Codec[] = [];
  // a generous limit unless a test is about the limit: a loaded CI machine must not turn a plain call into a timeout
  const make = async (source: string, options = {}) => {
    const c = await createCodec(source, { pool, timeoutMs: 5000, ...options });
    codecs.push(c);
    return c;
  };
  beforeEach(() => { pool = new SandboxPool(1); });
  afterEach(() => { codecs.splice(0).forEach((c) => c.close()); pool.stop(); });

  it('runs a TTN decodeUplink codec with bytes, fPort and recvTime', async () => {
    const r = await make(TTN);
    assert.strictEqual(r.entry, 'decodeUplink');
    assert.deepStrictEqual(await r.decode('d1', [0x01, 0x10], 2, Date.UTC(2026, 0, 1)),
      { data: { temperature: 27.2, port: 2, year: 2026 }, warnings: [], errors: [] });
    assert.deepStrictEqual((await r.decode('d1', [0xfe, 0x00], 2)).warnings, ['implausible temperature']);
  });

  it("returns a codec's errors list instead of data", async () => {
    const r = await make(TTN);
    assert.deepStrictEqual(await r.decode('d1', [1], 2), { data: {}, warnings: [], errors: ['frame too short'] });
  });

  it('runs the older Decoder(bytes, port) and ChirpStack v3 Decode(fPort, bytes) forms', async () => {
    const a = await make('function Decoder(bytes, port) { return { t: bytes[0], p: port }; }');
    assert.deepStrictEqual((await a.decode('d', [5], 3)).data, { t: 5, p: 3 });
    const b = await make('function Decode(fPort, bytes) { console.log("hi"); return { t: bytes[0] * 2, p: fPort }; }');
    assert.deepStrictEqual((await b.decode('d', [5], 4)).data, { t: 10, p: 4 });
  });

  it('stops an endless loop at the time limit, reports it, and keeps working', async () => {
    const r = await make('function decodeUplink(i) { if (i.bytes[0] === 1) { for (;;) {} } return { data: { v: i.bytes[0] } }; }', { timeoutMs: 300 });
    await rejectsKey(() => r.decode('d', [1], 1), 'codecTimeout');
    assert.deepStrictEqual((await r.decode('d', [2], 1)).data, { v: 2 });
  });

  it('stops a codec spinning inside a C built-in (no interrupt reaches it) at the limit; other calls run again', async () => {
    const r = await make(`function decodeUplink(i) {
      if (i.bytes[0] === 1) { var a = []; a.length = 4294967295; return { data: { v: a.indexOf(7) } }; }
      return { data: { v: i.bytes[0] } };
    }`, { timeoutMs: 1000 });
    const before = r.decode('other', [5], 1);
    const stuck = r.decode('d', [1], 1);
    const after = r.decode('other', [6], 1);
    await rejectsKey(() => stuck, 'codecTimeout');
    assert.deepStrictEqual((await before).data, { v: 5 });
    assert.deepStrictEqual((await after).data, { v: 6 }, 'a call queued behind the stuck one is run by the new worker');
    assert.deepStrictEqual((await r.decode('d', [3], 1)).data, { v: 3 });
  });

  it('stops unbounded allocation (memory limit) and keeps working', async () => {
    const r = await make('function decodeUplink(i) { if (i.bytes[0] === 1) { var a = []; for (;;) a.push(new Array(100000).fill(7)); } return { data: { v: 1 } }; }',
      { memoryLimitBytes: 4 * 1024 * 1024, timeoutMs: 2000 });
    await rejectsKey(() => r.decode('d', [1], 1), ['codecMemory', 'codecTimeout']);
    assert.deepStrictEqual((await r.decode('d', [2], 1)).data, { v: 1 });
  });

  it('has no way out: constructor escape, require, process, network are absent', async () => {
    const r = await make(`function decodeUplink(i) {
      var probes = {
        process: typeof process, require: typeof require, fetch: typeof fetch, XMLHttpRequest: typeof XMLHttpRequest,
        globalThisProcess: typeof globalThis.process, std: typeof std, os: typeof os,
        escaped: typeof this.constructor.constructor('return this')().process,
      };
      if (i.bytes[0] === 1) return { data: { p: this.constructor.constructor('return process')().pid } };
      return { data: { undefinedCount: Object.keys(probes).filter(function (k) { return probes[k] === 'undefined'; }).length } };
    }`);
    assert.deepStrictEqual((await r.decode('d', [0], 1)).data, { undefinedCount: 8 });
    await rejectsKey(() => r.decode('d', [1], 1), 'codecThrew');
  });

  it('reports compile errors and a missing entry point at creation', async () => {
    await rejectsKey(() => make('function decodeUplink( {'), 'codecCompile');
    await rejectsKey(() => make('var x = 1;'), 'codecNoEntry');
  });

  it('a slow top-level runs once per device, never again for later uplinks after a timeout', async () => {
    // top-level code that takes a while, then a call that always times out: only the first uplink pays for both.
    // A JavaScript loop is stopped inside QuickJS (the sandbox stays); the pool's grace is long here so that a
    // starved worker on a loaded machine is never terminated instead, which would rebuild the sandbox
    pool.stop();
    pool = new SandboxPool(1, { graceMs: 10000 });
    const r = await make(`var runs = (function () { var n = 0; for (var i = 0; i < 1e5; i++) n += i; return 1; })();
      var calls = 0;
      function decodeUplink(i) { calls++; if (i.bytes[0] === 1) { for (;;) {} } return { data: { runs: runs, calls: calls } }; }`, { timeoutMs: 300 });
    await rejectsKey(() => r.decode('d', [1], 1), 'codecTimeout');
    await rejectsKey(() => r.decode('d', [1], 1), 'codecTimeout');
    assert.deepStrictEqual((await r.decode('d', [0], 1)).data, { runs: 1, calls: 3 }, 'the device kept its sandbox: top-level ran once');
  });

  it('a codec decoder produces a reading with the codec warnings in meta and text values kept apart', async () => {
    const d = createDecoder({ format: 'codec', pool, codecTimeoutMs: 5000, codec: `function decodeUplink(input) {
      return { data: { temperature: -51.2, status: 'OK', ok: true }, warnings: ['implausible temperature'] };
    }`, channelPreset: 'custom', mapping: [{ from: 'temperature', to: 'airTemperature' }], plausibility: 'off' });
    await d.ready;
    const r = await d.decodeAsync([0xfe, 0x00], { topic: 'dev', now: () => 1000 });
    assert.deepStrictEqual(r.payload, { airTemperature: -51.2, ok: 1 });
    assert.deepStrictEqual(r.meta.text, { status: 'OK' });
    assert.deepStrictEqual(r.meta.warnings, ['implausible temperature']);
    assert.strictEqual(r.meta.source, 'codec');
    d.close();
  });
});
