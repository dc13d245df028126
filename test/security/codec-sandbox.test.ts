// The vendor-codec sandbox of sensor-decode (QuickJS in WebAssembly) against escape attempts, run through the real
// runtime: every attempt ends in a translated error or in a result that shows no host object was reached; the host
// process is untouched (no env change, no file written, no prototype polluted); and the node keeps decoding.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { helper, withCatalog, flow, nodeById } from '../helpers/node-red';
import { Probe, checkDelivery } from '../robustness/fuzz';

const marker = path.join(os.tmpdir(), `civic-sandbox-escape-${process.pid}`);
// Whatever a codec reaches, it tries to leave a trace on the host: an env variable and a file.
const HARM = `function harm(p) {
  if (p && p.env) p.env.CIVIC_SANDBOX_ESCAPED = '1';
  if (p && p.mainModule) p.mainModule.require('fs').writeFileSync(${JSON.stringify(marker)}, 'escaped');
  if (p && typeof p.writeFileSync === 'function') p.writeFileSync(${JSON.stringify(marker)}, 'escaped');
  if (p && typeof p.execSync === 'function') p.execSync('touch ' + ${JSON.stringify(marker)});
  return p && (typeof p.pid === 'number' || (p.env && typeof p.env === 'object') || p.mainModule || typeof p.writeFileSync === 'function'
    || typeof p.execSync === 'function' || typeof p.exit === 'function') ? 1 : 0;
}`;
const ATTACKS: Array<[string, string]> = [
  ["this.constructor.constructor('return process')()", "harm(this.constructor.constructor('return process')())"],
  ["Function('return this')().process", "harm(Function('return this')().process)"],
  ['globalThis.process', 'harm(globalThis.process)'],
  ["require('child_process')", "harm(require('child_process'))"],
  ["import('fs')", "(import('fs').then(function (m) { harm(m); }), 0)"],
  ["eval('process')", "harm(eval('process'))"],
  ["eval('require')('fs')", "harm(eval('require')('fs'))"],
  ['bytes.constructor.constructor', "harm(input.bytes.constructor.constructor('return process')())"],
  ['input.constructor.constructor', "harm(input.constructor.constructor('return this')().process)"],
  ['async function constructor', "harm((async function () {}).constructor('return process')())"],
  ['generator function constructor', "harm(Object.getPrototypeOf(function* () {}).constructor('return process')().next().value)"],
  ['Reflect.construct(Function)', "harm(Reflect.construct(Function, ['return process'])())"],
  ['sloppy this', 'harm((function () { return this; })().process)'],
  ['host module objects', 'harm(typeof module !== "undefined" ? module : typeof std !== "undefined" ? std : typeof os !== "undefined" ? os : null)'],
  ['prototype tricks on the bytes array', "(input.bytes.__proto__.__proto__.polluted = 'yes', Object.prototype.polluted = 'yes', Array.prototype.map = null, JSON.parse = null, 0)"],
  ['__proto__ of the result', "(Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return { polluted: 'yes' }; } }), 0)"],
  ['getter on the result', "({ get x() { return harm(globalThis.process); } }).x"],
];
const LIMITS: Array<[string, string, string]> = [
  ['infinite loop', '(function () { while (true) {} })()', 'civic-sensor-decode.errors.codecTimeout'],
  ['unbounded allocation', "(function () { var a = [], s = 'x'; while (true) { s += s; a.push(s + '.'); } })()", 'civic-sensor-decode.errors.codecMemory'],
  ['unbounded recursion', '(function f() { return f() + 1; })()', 'civic-sensor-decode.errors.codecMemory'],
  ['huge string result', "(function () { var s = 'x'; while (s.length < 4e6) s += s; return s.length; })()", ''],
];

function codec(): string {
  const cases = [...ATTACKS, ...LIMITS].map(([, expr], i) => `    case ${i + 1}: v = ${expr}; break;`).join('\n');
  return `${HARM}
function decodeUplink(input) {
  var v = 0;
  switch (input.bytes[0]) {
    case 0: return { data: { temperature: input.bytes[1] / 2 } };
${cases}
  }
  return { data: { escaped: typeof v === 'number' ? v : 1 } };
}`;
}

describe('security: the vendor codec sandbox stops escape attempts', function () {
  this.timeout(60_000);
  let probe: Probe;
  before(async () => {
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode, 'en-US'), flow(
      { id: 'n1', type: 'civic-sensor-decode', format: 'codec', codec: codec(), codecTimeoutMs: 1000, codecMemoryMb: 16,
        channelPreset: 'custom', mapping: [{ from: 'temperature', to: 'airTemperature' }, { from: 'escaped', to: 'co2' }], wires: [['out0']] },
      { id: 'out0', type: 'helper' },
    ));
    probe = new Probe('n1', ['out0']);
    const until = Date.now() + 10_000;                          // QuickJS loads asynchronously on first use
    while (!(probe.node.status?.getCalls?.() ?? []).some((c: { thisValue: unknown; args: Array<Record<string, unknown>> }) =>
      c.thisValue === nodeById('n1') && c.args[0] && Object.keys(c.args[0]).length === 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  });
  after(async () => {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    fs.rmSync(marker, { force: true });
  });

  const hostUntouched = (label: string) => {
    assert.strictEqual(process.env.CIVIC_SANDBOX_ESCAPED, undefined, `${label}: the codec changed the host environment`);
    assert.ok(!fs.existsSync(marker), `${label}: the codec wrote a file on the host`);
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined, `${label}: Object.prototype polluted on the host`);
    assert.strictEqual(typeof [].map, 'function', `${label}: Array.prototype changed on the host`);
    assert.strictEqual(typeof JSON.parse, 'function', `${label}: JSON changed on the host`);
  };
  const stillDecodes = async (label: string, raw: number) => {
    probe.clearOutputs();
    const d = await probe.deliver({ payload: [0, raw] });
    assert.ok(d.completed && !d.error, `${label}: the next uplink failed: ${d.error?.message}`);
    await probe.waitFor((o) => o[0].length > 0);
    assert.deepStrictEqual((probe.outputs[0][0] as { payload: unknown }).payload, { airTemperature: raw / 2 }, `${label}: wrong reading afterwards`);
  };

  it('decodes a plain uplink (the control case)', async () => {
    await stillDecodes('control', 45);
  });

  ATTACKS.forEach(([label], i) => {
    it(`${label}: no host object reached, the host untouched, the node keeps working`, async () => {
      probe.clearOutputs();
      const d = await probe.deliver({ payload: [i + 1] }, 5000);
      await new Promise((r) => setTimeout(r, 20));                 // let any promise job the codec queued run
      if (d.error) {
        checkDelivery(d, label, 'civic-sensor-decode', 'en-US');
        assert.ok(!d.error.message.includes(process.cwd()), `${label}: the error shows host paths: ${d.error.message}`);
      } else {
        assert.ok(d.completed, `${label}: no done()`);
        const out = probe.outputs[0][0] as { payload: Record<string, number> } | undefined;
        assert.ok(!out || !(out.payload.co2 > 0), `${label}: the codec reached a host object: ${JSON.stringify(out?.payload)}`);
      }
      hostUntouched(label);
      await stillDecodes(label, 2 * (i + 3));
    });
  });

  LIMITS.forEach(([label, , key], i) => {
    it(`${label}: stopped within its limit and reported translated, the node keeps working`, async () => {
      const d = await probe.deliver({ payload: [ATTACKS.length + i + 1] }, 15_000);
      assert.ok(d.completed, `${label}: the codec was not stopped`);
      if (key) {
        assert.ok(d.error, `${label}: no error`);
        checkDelivery(d, label, 'civic-sensor-decode', 'en-US');
        assert.strictEqual((d.error as Error & { code?: string }).code, key);
      } else if (d.error) {
        checkDelivery(d, label, 'civic-sensor-decode', 'en-US');
      }
      hostUntouched(label);
      await stillDecodes(label, 60);
    });
  });
});
