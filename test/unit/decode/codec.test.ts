import assert from 'assert';
import { createCodecRunner, createDecoder } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const TTN = `function decodeUplink(input) {
  var t = ((input.bytes[0] << 8 | input.bytes[1]) << 16 >> 16) / 10;
  var warnings = t < -40 ? ['implausible temperature'] : [];
  if (input.bytes.length < 2) return { errors: ['frame too short'] };
  return { data: { temperature: t, port: input.fPort, year: input.recvTime.getUTCFullYear() }, warnings: warnings };
}`;

async function rejectsKey(p: () => unknown, key: string): Promise<void> {
  try {
    await p();
  } catch (err) {
    assert.ok(isCivicError(err), String(err));
    assert.strictEqual(err.key, `civic-sensor-decode.errors.${key}`);
    return;
  }
  assert.fail(`expected ${key}`);
}

describe('sandboxed vendor codecs (QuickJS)', function () {
  this.timeout(20000);

  it('runs a TTN decodeUplink codec with bytes, fPort and recvTime', async () => {
    const r = await createCodecRunner(TTN);
    assert.strictEqual(r.entry, 'decodeUplink');
    assert.deepStrictEqual(r.decode([0x01, 0x10], 2, Date.UTC(2026, 0, 1)), { data: { temperature: 27.2, port: 2, year: 2026 }, warnings: [] });
    assert.deepStrictEqual(r.decode([0xfe, 0x00], 2).warnings, ['implausible temperature']);
    r.dispose();
  });

  it("a codec's errors become an error", async () => {
    const r = await createCodecRunner(TTN);
    await rejectsKey(() => r.decode([1], 2), 'codecErrors');
    r.dispose();
  });

  it('runs the older Decoder(bytes, port) and ChirpStack v3 Decode(fPort, bytes) forms', async () => {
    const a = await createCodecRunner('function Decoder(bytes, port) { return { t: bytes[0], p: port }; }');
    assert.deepStrictEqual(a.decode([5], 3).data, { t: 5, p: 3 });
    const b = await createCodecRunner('function Decode(fPort, bytes) { console.log("hi"); return { t: bytes[0] * 2, p: fPort }; }');
    assert.deepStrictEqual(b.decode([5], 4).data, { t: 10, p: 4 });
    a.dispose();
    b.dispose();
  });

  it('stops an endless loop at the time limit, reports it, and keeps working', async () => {
    const r = await createCodecRunner('function decodeUplink(i) { if (i.bytes[0] === 1) { for (;;) {} } return { data: { v: i.bytes[0] } }; }', { timeoutMs: 50 });
    await rejectsKey(() => r.decode([1], 1), 'codecTimeout');
    assert.deepStrictEqual(r.decode([2], 1).data, { v: 2 });
    r.dispose();
  });

  it('stops unbounded allocation (memory limit) and keeps working', async () => {
    const r = await createCodecRunner('function decodeUplink(i) { if (i.bytes[0] === 1) { var a = []; for (;;) a.push(new Array(100000).fill(7)); } return { data: { v: 1 } }; }',
      { memoryLimitBytes: 4 * 1024 * 1024, timeoutMs: 2000 });
    try {
      r.decode([1], 1);
      assert.fail('no error');
    } catch (err) {
      assert.ok(isCivicError(err));
      assert.ok(['civic-sensor-decode.errors.codecMemory', 'civic-sensor-decode.errors.codecTimeout'].includes(err.key), err.key);
    }
    assert.deepStrictEqual(r.decode([2], 1).data, { v: 1 });
    r.dispose();
  });

  it('has no way out: constructor escape, require, process, network are absent', async () => {
    const r = await createCodecRunner(`function decodeUplink(i) {
      var probes = {
        process: typeof process, require: typeof require, fetch: typeof fetch, XMLHttpRequest: typeof XMLHttpRequest,
        globalThisProcess: typeof globalThis.process, std: typeof std, os: typeof os,
        escaped: typeof this.constructor.constructor('return this')().process,
      };
      if (i.bytes[0] === 1) return { data: { p: this.constructor.constructor('return process')().pid } };
      return { data: { undefinedCount: Object.keys(probes).filter(function (k) { return probes[k] === 'undefined'; }).length } };
    }`);
    assert.deepStrictEqual(r.decode([0], 1).data, { undefinedCount: 8 });
    await rejectsKey(() => r.decode([1], 1), 'codecThrew');
    r.dispose();
  });

  it('reports compile errors and a missing entry point', async () => {
    await rejectsKey(() => createCodecRunner('function decodeUplink( {'), 'codecCompile');
    await rejectsKey(() => createCodecRunner('var x = 1;'), 'codecNoEntry');
  });

  it('a codec decoder produces a reading with warnings in meta and flat numbers', async () => {
    const d = createDecoder({ format: 'codec', codec: TTN, channelPreset: 'custom', mapping: [{ from: 'temperature', to: 'airTemperature' }] });
    await d.ready;
    const r = d.decode([0xfe, 0x00], { topic: 'dev', now: () => 1000 });
    assert.deepStrictEqual(r.payload, { airTemperature: -51.2, port: 1, year: 1970 });
    assert.deepStrictEqual(r.meta.warnings, ['implausible temperature']);
    assert.strictEqual(r.meta.source, 'codec');
    d.close();
  });
});
