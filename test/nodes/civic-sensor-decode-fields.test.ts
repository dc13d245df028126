// Issue 17 (decoders) through the real runtime: what a new device needs. Each case was seen failing on the code
// before this change (noted per test), with vectors from the vendors' published examples:
//  [TTN]   github.com/TheThingsNetwork/lorawan-devices, vendor/<vendor>/*-codec.yaml examples
//  [MS]    github.com/Milesight-IoT/SensorDecoders, README examples
//  [SIMPLY] simplymodbus.ca, "Function Code 03" example (request 11 03 006B 0003 7687, response below)
//  [NORDIC] NordicSemiconductor/Android-BLE-Common-Library, BloodPressureMeasurementDataCallbackTest
import assert from 'assert';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { helper, withCatalog, flow, nodeById, collect } from '../helpers/node-red';

type Outcome = { out: any[]; info: any[]; error?: string; msg?: any };

/** Sends one message and waits until the node answered (a message on either output or an error). */
async function run(msg: Record<string, unknown>): Promise<Outcome> {
  const node = nodeById('dec');
  const out = collect<any>('out');
  const info = collect<any>('info');
  const result: Outcome = { out, info };
  await new Promise<void>((resolve) => {
    const stop = () => { clearInterval(timer); resolve(); };
    node.once('call:error', (c: { args: unknown[] }) => {
      result.error = c.args[0] instanceof Error ? c.args[0].message : String(c.args[0]);
      result.msg = c.args[1];
      stop();
    });
    const timer = setInterval(() => { if (out.length || info.length) stop(); }, 5);
    node.receive(msg);
  });
  return result;
}

describe('sensor-decode: the fields new devices need (issue 17)', function () {
  this.timeout(30000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const load = (config: Record<string, unknown>, lang = 'en-US') => helper.load(withCatalog('civic-sensor-decode', sensorDecode, lang),
    flow({ id: 'dec', type: 'civic-sensor-decode', wires: [['out'], ['info']], ...config }, { id: 'out', type: 'helper' }, { id: 'info', type: 'helper' }));

  it('raw hex: msg.fPort (or msg.port) reaches a vendor codec (before: always 1)', async () => {
    await load({ format: 'codec', codecTimeoutMs: 5000, codec: 'function decodeUplink(i) { return { data: { port: i.fPort } }; }' });
    assert.strictEqual((await run({ payload: '01', fPort: 5 })).out[0].payload.port, 5);
    assert.strictEqual((await run({ payload: '01', port: 7 })).out[0].payload.port, 7);
  });

  it('raw hex: a profile checks msg.fPort (before: the check was skipped) [TTN dragino/lse01-codec.yaml, fPort 42]', async () => {
    await load({ format: 'dragino-lse01' }, 'ja');
    const r = await run({ payload: 'CE2900F107A5099B6E2890', fPort: 42 });
    assert.strictEqual(r.error, 'fPort 42 は Dragino LSE01 のデータではありません (fPort 2, 5 のはずです)');
    const ok = await run({ payload: 'CE2900F107A5099B6E2890', fPort: 2 });
    assert.deepStrictEqual(ok.out[0].payload, { batteryVoltage: 3.625, probeTemperature: 24.1, soilMoisture: 19.57, soilTemperature: 24.59, soilEC: 28.2 });
  });

  it('text values from a codec go to msg.meta.text, never a fake reading (before: dropped)', async () => {
    await load({ format: 'codec', codecTimeoutMs: 5000, codec: "function decodeUplink(i) { return { data: { t: 21.5, door: 'open' } }; }" });
    const r = (await run({ payload: '01' })).out[0];
    assert.deepStrictEqual(r.payload, { t: 21.5 });
    assert.deepStrictEqual(r.meta.text, { door: 'open' });
  });

  it("a codec's error and warning lists reach the Catch node in msg.meta (before: only the joined text)", async () => {
    await load({ format: 'codec', codecTimeoutMs: 5000, codec: "function decodeUplink(i) { return { errors: ['unknown frame type'], warnings: ['low battery'] }; }" }, 'ja');
    const r = await run({ payload: '01' });
    assert.strictEqual(r.error, 'コーデックがエラーを返しました: unknown frame type');
    assert.deepStrictEqual(r.msg.meta, { source: 'codec', errors: ['unknown frame type'], warnings: ['low battery'] });
  });

  it('numbers a codec quotes in its error texts (perhaps from the uplink) never reach the log; meta keeps the lists', async () => {
    await load({ format: 'codec', codecTimeoutMs: 5000, codec: `function decodeUplink(i) {
      if (i.bytes[0] === 1) throw new Error('bad systolic value 182.5 at byte 3');
      return { errors: ['pulse 131 above limit'] }; }` });
    const thrown = await run({ payload: '01' });
    assert.strictEqual(thrown.error, 'the codec failed: Error: bad systolic value # at byte #');
    const listed = await run({ payload: '02' });
    assert.strictEqual(listed.error, 'the codec reported an error: pulse # above limit');
    assert.deepStrictEqual(listed.msg.meta.errors, ['pulse 131 above limit']);
  });

  it("SenseCAP's messages list from the network server gives the measurements (before: valid/err as readings) [TTN sensecap210x-codec.yaml]", async () => {
    await load({ format: 'auto', serverDecoded: true });
    const decoded = { valid: true, err: 0, payload: '01011098530000010210A87A0000AF51', messages: [
      { type: 'report_telemetry', measurementId: 4097, measurementValue: 21.4 },
      { type: 'report_telemetry', measurementId: 4098, measurementValue: 31.4 }] };
    const up = { end_device_ids: { device_id: 's2101-1' }, uplink_message: { f_port: 1, frm_payload: 'AQEQmFMAAAECEKh6AACvUQ==', decoded_payload: decoded } };
    const r = (await run({ payload: up })).out[0];
    assert.deepStrictEqual(r.payload, { airTemperature: 21.4, airHumidity: 31.4 });
    assert.deepStrictEqual(r.units, { airTemperature: '°C', airHumidity: '%' });
  });

  it('an information frame leaves on the second output with the device information (before: a red error) [TTN sensecap210x-codec.yaml]', async () => {
    await load({ format: 'sensecap-s210x' });
    const r = await run({ payload: '010100010100010102006A01001501030030F1F72C010400090C13140105007F4D0000010600000000004CBE', topic: 's2104-7' });
    assert.strictEqual(r.error, undefined);
    assert.strictEqual(r.out.length, 0);
    assert.strictEqual(r.info[0].meta.frame, 'info');
    assert.strictEqual(r.info[0].meta.info.sensorId, '2CF7F1301500016A');
    assert.deepStrictEqual(r.info[0].payload, {});
  });

  it('Modbus rows by absolute register address, the read start taken from msg.modbusRequest (before: relative only)', async () => {
    await load({ version: 2, format: 'modbus', modbusMap: [{ name: 'airTemperature', register: 100, type: 'int16', scale: 0.1 },
      { name: 'airHumidity', register: 101, type: 'uint16', scale: 0.1 }] });
    const r = await run({ payload: [241, 715], modbusRequest: { unitid: 1, fc: 3, address: 100, quantity: 2 } });
    assert.deepStrictEqual(r.out[0].payload, { airTemperature: 24.1, airHumidity: 71.5 });
    const fromRead = await run({ payload: [0, 241, 715], input: { payload: { address: '99', quantity: 3 } } });
    assert.deepStrictEqual(fromRead.out[0].payload, { airTemperature: 24.1, airHumidity: 71.5 }, 'modbus-read keeps the request in msg.input');
  });

  it('a flow saved before config version 2 keeps counting Modbus rows from the first register read (migration)', async () => {
    await load({ format: 'modbus', modbusMap: [{ name: 'airTemperature', register: 0, type: 'int16', scale: 0.1 }] });
    const r = await run({ payload: [241, 715], modbusRequest: { address: 100 } });
    assert.deepStrictEqual(r.out[0].payload, { airTemperature: 24.1 });
  });

  it('a whole Modbus RTU frame with its CRC checked (before: odd length refused) [SIMPLY 11 03 06 AE41 5652 4340 49AD]', async () => {
    await load({ version: 2, format: 'modbus', modbusStart: 107, modbusMap: [{ name: 'r107', register: 107, type: 'uint16' },
      { name: 'r108', register: 108, type: 'uint16' }, { name: 'r109', register: 109, type: 'uint16' }] }, 'ja');
    const r = await run({ payload: Buffer.from('110306AE415652434049AD', 'hex') });
    assert.deepStrictEqual(r.out[0].payload, { r107: 0xae41, r108: 0x5652, r109: 0x4340 });
    const bad = await run({ payload: '110306AE415652434049AE' });
    assert.strictEqual(bad.error, '9バイト目: CRCが一致しません (計算値 0xAD49、受信値 0xAE49)');
  });

  it('an unknown Milesight channel is skipped with a warning while the rest decodes (before: the frame was refused) [MS em300-th]', async () => {
    await load({ format: 'milesight-em300-th' }, 'ja');
    const r = (await run({ payload: '01755C0B67100103673401046865' })).out[0];
    assert.deepStrictEqual(r.payload, { batteryPercent: 92, airTemperature: 30.8, airHumidity: 50.5 });
    assert.deepStrictEqual(r.meta.warnings, ['3バイト目: EM300-TH の不明なチャンネルを飛ばしました']);
  });

  it('Elsys sound (type 0x15) is decoded (before: skipped) [TTN elsys/ers-sound-codec.yaml]', async () => {
    await load({ format: 'elsys-ers' });
    const r = (await run({ payload: '0100E2022904002705061501 01'.replace(/ /g, '') })).out[0];
    assert.strictEqual(r.payload.soundPeak, 1);
    assert.strictEqual(r.payload.soundAverage, 1);
  });

  it('a naming row derives a value without code: water level = 4.2 − distance (before: no formula on LPP rows)', async () => {
    await load({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: [
      { from: '5', to: 'distance', unit: 'm' },
      { from: '5', to: 'waterLevel', unit: 'm', formula: 'minus', scale: 1, offset: 4.2 },
      { from: '1', to: 'airTemperature', formula: 'linear', scale: 1, offset: -0.5 }] });
    // ch5 distance (type 130, 4 bytes, /1000 m): 1370 mm; ch1 temperature 24.1 °C
    const r = (await run({ payload: '0582 0000055A 0167 00F1'.replace(/ /g, '') })).out[0];
    assert.deepStrictEqual(r.payload, { distance: 1.37, waterLevel: 2.83, airTemperature: 23.6 });
    assert.deepStrictEqual(r.units, { distance: 'm', waterLevel: 'm', airTemperature: '°C' });
  });

  it('implausible values are flagged with a translated warning, or dropped (before: 45,271 ppm CO2 and −1,587 °C passed)', async () => {
    const frame = '0167C200 02670064 037DB0D7'.replace(/ /g, '');          // ch1 −1587.2 °C, ch2 10 °C, ch3 45,271 ppm
    await load({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: [{ from: '1', to: 'airTemperature' },
      { from: '2', to: 'soilTemperature' }, { from: '3', to: 'co2' }] }, 'ja');
    const flagged = (await run({ payload: frame })).out[0];
    assert.deepStrictEqual(flagged.payload, { airTemperature: -1587.2, soilTemperature: 10, co2: 45271 });
    assert.deepStrictEqual(flagged.meta.implausible, ['airTemperature', 'co2']);
    assert.deepStrictEqual(flagged.meta.warnings, ['airTemperature = -1587.2 °C は妥当な範囲 (-40〜70) の外です',
      'co2 = 45271 ppm は妥当な範囲 (0〜10000) の外です']);
    await helper.unload();
    await load({ format: 'cayenne-lpp', plausibility: 'drop', ranges: [{ metric: 'soilTemperature', min: 12, max: 40 }],
      channelPreset: 'custom', mapping: [{ from: '1', to: 'airTemperature' }, { from: '2', to: 'soilTemperature' }, { from: '3', to: 'co2' }] });
    const partly = (await run({ payload: '02670104037DB0D7' })).out[0];         // soil 26 °C kept, CO2 dropped
    assert.deepStrictEqual(partly.payload, { soilTemperature: 26 });
    assert.deepStrictEqual(partly.meta.warnings, ['co2 = 45271 ppm is outside the plausible range 0 to 10000 and was dropped']);
    const dropped = await run({ payload: frame });                            // soil 10 °C is below this node's own 12 °C
    assert.strictEqual(dropped.error, 'every value of the frame was outside its plausible range and was dropped');
  });

  it('a Bluetooth blood pressure measurement forwarded by a gateway (base64) [NORDIC "full" vector]', async () => {
    await load({ format: 'ble-blood-pressure' });
    const r = (await run({ payload: Buffer.from('1E8A0058007800000004111429 3B3C00012700'.replace(/ /g, ''), 'hex').toString('base64') })).out[0];
    assert.deepStrictEqual(r.payload, { systolicPressure: 138, diastolicPressure: 88, meanArterialPressure: 120, pulseRate: 60 });
    assert.deepStrictEqual(r.units, { systolicPressure: 'mmHg', diastolicPressure: 'mmHg', meanArterialPressure: 'mmHg', pulseRate: 'bpm' });
    assert.deepStrictEqual(r.meta.info, { userId: 1, bodyMovement: 1, cuffTooLoose: 1, irregularPulse: 1, pulseRateRange: 'within range', improperPosition: 1 });
  });
});
