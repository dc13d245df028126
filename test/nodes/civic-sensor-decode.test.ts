import assert from 'assert';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import { helper, withCatalog, flow, nextMessage, nodeById, collect, until } from '../helpers/node-red';
import { quiet } from '../helpers/wait';

const NOON_JST = Date.parse('2026-05-10T12:00:00+09:00');

/** Resolves with the text and the message of the next done(err) / node.error of `id`. */
function nextFailure(id: string, ms = 5000): Promise<{ text: string; msg: any }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no error from ${id}`)), ms);
    nodeById(id).once('call:error', (call: { args: unknown[] }) => {
      clearTimeout(timer);
      const [first, msg] = call.args;
      resolve({ text: first instanceof Error ? first.message : String(first), msg });
    });
  });
}

describe('sensor-decode node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const decodeFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'dec', type: 'civic-sensor-decode', wires: [['out']], ...config },
    { id: 'out', type: 'helper' },
  );

  it('turns a CayenneLPP frame into a reading with the names the user mapped and a device id from msg', async () => {
    await helper.load(sensorDecode, decodeFlow({ format: 'cayenne-lpp', channelPreset: 'custom',
      mapping: [{ from: '1', to: 'airTemperature' }, { from: '2', to: 'airHumidity' }],
      deviceId: 'sensor', deviceIdType: 'msg', site: 'hakui', house: 'house-1' }));
    const out = nextMessage<any>('out');
    nodeById('dec').receive({ payload: '01 67 00 F1 02 68 8F', sensor: 'house-1/th-01', keep: 'me' });
    const msg = await out;
    assert.strictEqual(msg.topic, 'house-1/th-01');
    assert.deepStrictEqual(msg.payload, { airTemperature: 24.1, airHumidity: 71.5 });
    assert.deepStrictEqual(msg.units, { airTemperature: '°C', airHumidity: '%' });
    assert.deepStrictEqual(msg.device, { id: 'house-1/th-01', site: 'hakui', house: 'house-1' });
    assert.deepStrictEqual(msg.meta, { source: 'cayenne-lpp', warnings: [] });
    assert.strictEqual(typeof msg.timestamp, 'number');
    assert.strictEqual(msg.keep, 'me');
  });

  it('decodes what sensor-sim sends as The Things Stack uplinks with the simulator preset, no typing needed', async () => {
    await helper.load([sensorSim, sensorDecode], flow(
      { id: 'sim', type: 'civic-sensor-sim', devices: 2, kind: 'mixed', interval: 0, format: 'ttn', houses: 'house-1', wires: [['dec']] },
      { id: 'dec', type: 'civic-sensor-decode', format: 'auto', channelPreset: 'civic-sim', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ));
    const got = collect<any>('out');
    const first = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    await first;
    await until(() => got.length >= 2, 'both devices\' readings', 5000, 50);
    assert.strictEqual(got.length, 2);
    const [gh, soil] = got;
    assert.deepStrictEqual(Object.keys(gh.payload).sort(), ['airHumidity', 'airTemperature', 'batteryVoltage', 'co2', 'illuminance']);
    assert.deepStrictEqual(Object.keys(soil.payload).sort(), ['batteryVoltage', 'soilEC', 'soilMoisture', 'soilPH', 'soilTemperature']);
    assert.strictEqual(gh.meta.source, 'ttn');
    assert.strictEqual(gh.meta.fPort, 2);
    assert.strictEqual(typeof gh.meta.rssi, 'number');
    assert.strictEqual(gh.timestamp, NOON_JST);
    assert.strictEqual(gh.topic, gh.device.id);
    assert.ok(!gh.topic.startsWith('v3/'));
  });

  it('decodes sensor-sim Modbus registers with the simulator register map', async () => {
    await helper.load([sensorSim, sensorDecode], flow(
      { id: 'sim', type: 'civic-sensor-sim', devices: 1, kind: 'greenhouse', interval: 0, format: 'modbus', houses: 'house-1', wires: [['dec']] },
      { id: 'dec', type: 'civic-sensor-decode', format: 'modbus', modbusPreset: 'civic-sim', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ));
    const out = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    const msg = await out;
    assert.deepStrictEqual(Object.keys(msg.payload).sort(), ['airHumidity', 'airTemperature', 'co2', 'solarRadiation']);
    assert.strictEqual(msg.meta.source, 'modbus');
    assert.strictEqual(msg.units.solarRadiation, 'W/m²');
  });

  it('reports an unknown LPP type in Japanese, naming the byte, with the original message, and keeps working', async () => {
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode, 'ja'), decodeFlow({ format: 'cayenne-lpp' }));
    const failure = nextFailure('dec');
    nodeById('dec').receive({ payload: Buffer.from('016700F1029900', 'hex'), topic: 'th-01' });
    const { text, msg } = await failure;
    assert.strictEqual(text, '5バイト目: 不明なCayenneLPPタイプ 0x99 (チャンネル 2)');
    assert.strictEqual(msg.topic, 'th-01');
    assert.ok(Buffer.isBuffer(msg.payload), 'the original payload is attached, not a partial result');
    const out = nextMessage<any>('out');
    nodeById('dec').receive({ payload: '016700F1' });
    assert.deepStrictEqual((await out).payload, { temperature_1: 24.1 });
  });

  it('reports a bad SenseCAP CRC and an oversize payload in English', async () => {
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode), decodeFlow({ format: 'sensecap-s210x', maxBytes: 32 }));
    let failure = nextFailure('dec');
    nodeById('dec').receive({ payload: '010110B068000001021088F400008CFE' });
    assert.strictEqual((await failure).text, 'byte 14: CRC check failed (computed 0xFF8C, frame has 0xFE8C)');
    failure = nextFailure('dec');
    nodeById('dec').receive({ payload: Buffer.alloc(40) });
    assert.strictEqual((await failure).text, 'the payload has 40 bytes, more than the limit of 32');
    failure = nextFailure('dec');
    nodeById('dec').receive({ payload: 'not json, not hex' });
    assert.match((await failure).text, /neither hex, base64, JSON nor UECS XML/);
  });

  it('stops a vendor codec that loops forever, reports it, and decodes the next uplink', async () => {
    const codec = 'function decodeUplink(input) { if (input.bytes[0] === 255) { while (true) {} } return { data: { temperature: input.bytes[0] / 2 }, warnings: ["w1"] }; }';
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode), decodeFlow({ format: 'codec', codec, codecTimeoutMs: 300,
      channelPreset: 'custom', mapping: [{ from: 'temperature', to: 'airTemperature' }] }));
    const failure = nextFailure('dec');
    nodeById('dec').receive({ payload: [255] });
    assert.strictEqual((await failure).text, 'the codec took longer than 300 ms and was stopped');
    const out = nextMessage<any>('out');
    nodeById('dec').receive({ payload: [45] });
    const msg = await out;
    assert.deepStrictEqual(msg.payload, { airTemperature: 22.5 });
    assert.deepStrictEqual(msg.meta.warnings, ['w1']);
  });

  it('a codec that tries to reach process is stopped and reported', async () => {
    const codec = "function decodeUplink(input) { var p = this.constructor.constructor('return process')(); return { data: { pid: p.pid } }; }";
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode), decodeFlow({ format: 'codec', codec, codecTimeoutMs: 5000 }));
    const failure = nextFailure('dec');
    nodeById('dec').receive({ payload: [1] });
    assert.match((await failure).text, /^the codec failed: ReferenceError: .*process/);
  });

  it('an invalid configuration gives a red status and no crash', async () => {
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode), decodeFlow({ format: 'codec', codec: '' }));
    const node = nodeById('dec');
    assert.ok(node);
    const out = collect('out');
    node.receive({ payload: [1] });
    await quiet(50);
    assert.strictEqual(out.length, 0);
    const statuses = node.status.getCalls().map((c: { args: Array<{ fill?: string; text?: string }> }) => c.args[0]);
    assert.deepStrictEqual(statuses[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
  });

  it('a codec that does not compile is reported at deploy', async () => {
    await helper.load(withCatalog('civic-sensor-decode', sensorDecode), decodeFlow({ format: 'codec', codec: 'function decodeUplink( {' }));
    const failure = nextFailure('dec');
    const { text } = await failure;
    assert.match(text, /^the codec does not compile: SyntaxError/);
  });
});
