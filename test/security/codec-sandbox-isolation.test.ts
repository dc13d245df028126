// Issue 15 §3, the trials with one vendor codec shared by several devices: a global left by one device's call was
// seen by the next device's call, and one device's uplink changed another device's decoded value (999 instead of
// 24). Each device now decodes in its own sandbox, so neither can happen; the built-ins stay frozen in each.
// Seen failing before the fix (one QuickJS context per node): "seen" was 7 instead of 0, the temperature 999.
import assert from 'assert';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { helper, withCatalog, flow, nodeById, collect } from '../helpers/node-red';

const STATEFUL = `var calibration = { offset: 0 };
function decodeUplink(input) {
  var seen = typeof leftover === 'undefined' ? 0 : leftover;
  leftover = input.bytes[0];
  if (input.bytes[0] === 255) { calibration.offset = 975; return { data: { configured: 1 } }; }
  return { data: { temperature: input.bytes[0] + calibration.offset, seen: seen } };
}`;
const INTRINSICS = `function decodeUplink(input) {
  if (input.bytes[0] === 255) { try { Math.max = function () { return 999; }; } catch (e) {} return { data: { tried: 1 } }; }
  return { data: { temperature: Math.max(input.bytes[0], 0) } };
}`;

async function deliver(id: string, msg: Record<string, unknown>): Promise<void> {
  const node = nodeById(id);
  const done = new Promise<void>((resolve) => {
    const onDone = () => { node.removeListener('call:error', onDone); resolve(); };
    const out = nodeById('out');
    out.once('input', onDone);
    node.once('call:error', onDone);
  });
  node.receive(msg);
  await done;
}

describe('security: a vendor codec shared by several devices keeps each device apart', function () {
  this.timeout(60_000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const load = (codec: string, extra: Record<string, unknown> = {}) => helper.load(withCatalog('civic-sensor-decode', sensorDecode),
    flow({ id: 'dec', type: 'civic-sensor-decode', format: 'codec', codec, codecTimeoutMs: 5000, wires: [['out']], ...extra }, { id: 'out', type: 'helper' }));

  it('a global left by one device is not seen by the next device (devices told apart by msg.topic)', async () => {
    await load(STATEFUL);
    const out = collect<any>('out');
    await deliver('dec', { payload: [7], topic: 'house-1/a' });
    await deliver('dec', { payload: [9], topic: 'house-1/b' });
    assert.strictEqual(out.length, 2);
    assert.strictEqual(out[1].topic, 'house-1/b');
    assert.strictEqual(out[1].payload.seen, 0, 'device b saw the global device a left');
  });

  it("one device's uplink cannot change another device's value (24 stays 24, not 999)", async () => {
    await load(STATEFUL, { deviceId: 'dev', deviceIdType: 'msg' });
    const out = collect<any>('out');
    await deliver('dec', { payload: [255], dev: 'soil-1' });
    await deliver('dec', { payload: [24], dev: 'soil-2' });
    const reading = out.find((m) => m.topic === 'soil-2');
    assert.ok(reading, 'no reading for soil-2');
    assert.strictEqual(reading.payload.temperature, 24);
  });

  it('devices in network-server uplinks are told apart by their device id', async () => {
    await load(STATEFUL);
    const out = collect<any>('out');
    const up = (dev: string, b: number) => ({ payload: { end_device_ids: { device_id: dev }, uplink_message: { f_port: 1, frm_payload: Buffer.from([b]).toString('base64') } } });
    await deliver('dec', up('th-01', 255));
    await deliver('dec', up('th-02', 24));
    assert.strictEqual(out.find((m) => m.topic === 'th-02')?.payload.temperature, 24);
  });

  it('a built-in replaced in one call changes nothing for any device (frozen intrinsics)', async () => {
    await load(INTRINSICS);
    const out = collect<any>('out');
    await deliver('dec', { payload: [255], topic: 'a' });
    await deliver('dec', { payload: [24], topic: 'a' });
    await deliver('dec', { payload: [24], topic: 'b' });
    assert.deepStrictEqual(out.slice(1).map((m) => m.payload.temperature), [24, 24]);
  });
});
