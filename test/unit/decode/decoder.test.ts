import assert from 'assert';
import { createDecoder, classify, type DecoderConfig } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';
import { validate } from '../../../lib/schemas';
import { toCayenneLpp, toTtsUplink, toModbusRegisters, toUecsXml, registersToBuffer } from '../../../lib/sim/encode';

const NOW = Date.UTC(2026, 10, 24, 3, 0, 0);
const now = () => NOW;
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const dec = (config: Partial<DecoderConfig>) => createDecoder({ format: 'auto', ...config });
function throwsKey(fn: () => unknown, key: string, params: Record<string, unknown> = {}): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isCivicError(err), String(err));
    assert.strictEqual(err.key, `civic-sensor-decode.errors.${key}`);
    for (const [k, v] of Object.entries(params)) assert.strictEqual(err.params[k], v, k);
    return true;
  });
}

const GREENHOUSE = { airTemperature: 24.1, airHumidity: 71.5, co2: 612, illuminance: 30250, solarRadiation: 241.5, batteryVoltage: 3.61 };
const SOIL = { soilTemperature: -1.5, soilMoisture: 32.5, soilEC: 1.25, soilPH: 6.48, batteryVoltage: 3.3 };

describe('createDecoder: the reading contract', () => {
  it('a CayenneLPP Buffer becomes a reading with channel-suffixed names, units, device and meta', () => {
    const r = dec({ format: 'cayenne-lpp' }).decode(hex('03 67 01 10 05 67 00 FF'), { topic: 'house-1/th-01', now });
    assert.deepStrictEqual(r, {
      topic: 'house-1/th-01', payload: { temperature_3: 27.2, temperature_5: 25.5 },
      units: { temperature_3: '°C', temperature_5: '°C' }, timestamp: NOW,
      device: { id: 'house-1/th-01' }, meta: { source: 'cayenne-lpp', warnings: [] },
    });
    assert.ok(validate('reading.message', r).ok);
  });

  it('maps channels to canonical names (by channel number or by key)', () => {
    const r = dec({ format: 'cayenne-lpp', channelPreset: 'custom',
      mapping: [{ from: '3', to: 'airTemperature' }, { from: 'temperature_5', to: 'soilTemperature' }] })
      .decode('03670110056700FF', { now });
    assert.deepStrictEqual(r.payload, { airTemperature: 27.2, soilTemperature: 25.5 });
    assert.deepStrictEqual(r.units, { airTemperature: '°C', soilTemperature: '°C' });
  });

  it('accepts hex, base64, byte arrays and a JSON-serialised Buffer alike', () => {
    const d = dec({ format: 'cayenne-lpp' });
    const bytes = hex('01 67 00 F1 02 68 8F');
    const expected = { temperature_1: 24.1, humidity_2: 71.5 };
    for (const input of ['016700F102688F', '01 67 00 f1 02 68 8f', bytes.toString('base64'), [...bytes], bytes.toJSON(), new Uint8Array(bytes)]) {
      assert.deepStrictEqual(d.decode(input, { now }).payload, expected, JSON.stringify(input));
    }
  });

  it('rejects non-JSON text, wrong arrays and oversize payloads with clear errors', () => {
    const d = dec({ format: 'auto', maxBytes: 16 });
    throwsKey(() => d.decode('hello world!', { now }), 'badText');
    throwsKey(() => d.decode('{"a":', { now }), 'badJson');
    throwsKey(() => d.decode([1, 2, 'x'], { now }), 'badArray', { index: 2 });
    throwsKey(() => d.decode([1, -2], { now }), 'badArray', { index: 1 });
    throwsKey(() => d.decode(Buffer.alloc(17), { now }), 'oversize', { size: 17, limit: 16 });
    throwsKey(() => d.decode(42, { now }), 'badInput');
    throwsKey(() => d.decode({ hello: 1 }, { now }), 'badEnvelope');
  });

  it('sensor-sim greenhouse TTS uplink decodes with the civic-sim preset: device, time, fPort, radio', () => {
    const frame = toCayenneLpp(GREENHOUSE);
    const up = toTtsUplink(frame, { deviceId: 'gh-01', devEui: '70B3D57ED0000001', application: 'hakui', fCnt: 7,
      receivedAt: NOW - 5000, rssi: -87, snr: 7.5, model: 'civic-greenhouse' });
    const d = dec({ channelPreset: 'civic-sim' });
    for (const input of [up, JSON.stringify(up), Buffer.from(JSON.stringify(up))]) {
      const r = d.decode(input, { topic: 'v3/hakui@ttn/devices/gh-01/up', site: 'hakui', house: 'H1', now });
      assert.deepStrictEqual(r.payload, { airTemperature: 24.1, airHumidity: 71.5, co2: 612, illuminance: 30250, batteryVoltage: 3.61 });
      assert.deepStrictEqual(r.units, { airTemperature: '°C', airHumidity: '%', co2: 'ppm', illuminance: 'lx', batteryVoltage: 'V' });
      assert.strictEqual(r.topic, 'gh-01');
      assert.deepStrictEqual(r.device, { id: 'gh-01', model: 'civic-greenhouse', site: 'hakui', house: 'H1' });
      assert.strictEqual(r.timestamp, NOW - 5000);
      assert.deepStrictEqual({ ...r.meta }, { source: 'ttn', format: 'cayenne-lpp', fPort: 2, rssi: -87, snr: 7.5,
        devEui: '70B3D57ED0000001', warnings: [] });
      assert.ok(validate('reading.message', r).ok);
    }
  });

  it('sensor-sim soil LPP frame decodes with the civic-sim preset (negative temperature, EC, pH)', () => {
    const r = dec({ format: 'cayenne-lpp', channelPreset: 'civic-sim' }).decode(toCayenneLpp(SOIL), { now, topic: 'soil-1' });
    assert.deepStrictEqual(r.payload, { soilTemperature: -1.5, soilMoisture: 32.5, soilEC: 1.25, soilPH: 6.48, batteryVoltage: 3.3 });
    assert.strictEqual(r.units.soilEC, 'dS/m');
  });

  it('sensor-sim Modbus registers decode with the civic-sim preset, as an array and as response bytes', () => {
    const d = dec({ format: 'modbus', modbusPreset: 'civic-sim' });
    const gh = d.decode(toModbusRegisters(GREENHOUSE), { now, topic: 'gh-modbus' });
    assert.deepStrictEqual(gh.payload, { airTemperature: 24.1, airHumidity: 71.5, co2: 612, solarRadiation: 241.5 });
    assert.strictEqual(gh.meta.source, 'modbus');
    const soil = d.decode(registersToBuffer(toModbusRegisters(SOIL)), { now });
    assert.deepStrictEqual(soil.payload, { soilTemperature: -1.5, soilMoisture: 32.5, soilEC: 1.25, soilPH: 6.48 });
  });

  it('auto-detects a uint16 array with a value above 255 as registers (needs a map)', () => {
    const d = dec({ modbusPreset: 'civic-greenhouse' });
    assert.strictEqual(d.decode([241, 715, 612, 0x4371, 0x8000], { now }).payload.co2, 612);
    assert.deepStrictEqual(dec({}).decode([1, 103, 0, 241], { now }).payload, { temperature_1: 24.1 });
    throwsKey(() => dec({}).decode([241, 715, 612, 300], { now }), 'noModbusMap');
  });

  it('sensor-sim UECS XML decodes; the IP becomes the device id and the room the house', () => {
    const xml = toUecsXml(GREENHOUSE, { room: 2, region: 1, order: 1, priority: 15, ip: '192.168.1.70' });
    const r = dec({}).decode(xml, { now });
    // the simulator sends radiation in kW/m² with three decimals: 0.242 kW/m² → 242 W/m²
    assert.deepStrictEqual(r.payload, { airTemperature: 24.1, airHumidity: 71.5, co2: 612, solarRadiation: 242 });
    assert.deepStrictEqual(r.device, { id: '192.168.1.70', house: '2' });
    assert.strictEqual(r.meta.source, 'uecs');
    assert.strictEqual((r.meta.uecs as unknown[]).length, 4);
  });

  it('ChirpStack v4 uplink: deviceName, fPort, base64 data, time, best gateway', () => {
    const up = {
      deduplicationId: 'x', time: '2026-11-24T02:59:58.123Z',
      deviceInfo: { deviceName: 'em300-07', devEui: '24e124136b000001', deviceProfileName: 'Milesight EM300-TH' },
      fPort: 85, data: hex('01 75 5C 03 67 34 01 04 68 65').toString('base64'),
      rxInfo: [{ rssi: -110, snr: -3 }, { rssi: -95, snr: 4.5 }],
    };
    const r = dec({ format: 'milesight-em300-th' }).decode(up, { now });
    assert.deepStrictEqual(r.payload, { batteryPercent: 92, airTemperature: 30.8, airHumidity: 50.5 });
    assert.strictEqual(r.timestamp, Date.parse('2026-11-24T02:59:58.123Z'));
    assert.deepStrictEqual(r.device, { id: 'em300-07', model: 'Milesight EM300-TH' });
    assert.deepStrictEqual({ ...r.meta }, { source: 'chirpstack', format: 'milesight-em300-th', fPort: 85, rssi: -95, snr: 4.5,
      devEui: '24e124136b000001', warnings: [] });
  });

  it("uses the server's decoded object when asked, flattening and mapping it", () => {
    const up = { end_device_ids: { device_id: 'd1' }, received_at: '2026-11-24T02:00:00Z',
      uplink_message: { f_port: 1, frm_payload: 'AWcBEA==', decoded_payload: { temperature_1: 27.2, gps: { lat: 1.5 }, name: 'x' } } };
    const r = dec({ serverDecoded: true, channelPreset: 'custom', mapping: [{ from: 'temperature_1', to: 'airTemperature' }] }).decode(up, { now });
    assert.deepStrictEqual(r.payload, { airTemperature: 27.2, gps_lat: 1.5 });
    assert.strictEqual(r.meta.format, 'server');
    assert.deepStrictEqual(r.meta.text, { name: 'x' }, 'text values are kept apart, never a reading');
    assert.deepStrictEqual(r.meta.warnings, []);
    assert.deepStrictEqual(dec({}).decode(up, { now }).payload, { temperature_1: 27.2 });
  });

  it('an uplink without payload and without decoded object is an error', () => {
    throwsKey(() => dec({}).decode({ end_device_ids: { device_id: 'd' }, uplink_message: { f_port: 0 } }, { now }), 'noPayload');
  });

  it('a typed device id wins over the envelope and msg.topic', () => {
    const r = dec({ format: 'cayenne-lpp' }).decode('016700F1', { topic: 't', deviceId: 'house-1/th-01', now });
    assert.strictEqual(r.topic, 'house-1/th-01');
  });

  it('a frame of the wrong kind for the chosen format is a clear error', () => {
    throwsKey(() => dec({ format: 'cayenne-lpp' }).decode([300, 1], { now }), 'wrongInput');
    throwsKey(() => dec({ format: 'elsys-ers' }).decode('<UECS ver="1"></UECS>', { now }), 'wrongInput');
  });

  it('a Milesight frame with only device information becomes an information message, not an error or a fake reading', () => {
    const r = dec({ format: 'milesight-am319' }).decode('FF0110FF0A0110', { now, topic: 'am319-1' });
    assert.deepStrictEqual(r.payload, {});
    assert.strictEqual(r.meta.frame, 'info');
    assert.deepStrictEqual(r.meta.info, { ipsoVersion: 'v1.0', firmwareVersion: 'v1.10' });
  });

  it('a frame with no measurement and no device information is still an error', () => {
    throwsKey(() => dec({ format: 'elsys-ers' }).decode('3D00000000', { now }), 'noValues');
  });

  it('classify: a binary frame starting with 0x7B or 0x3C stays binary', () => {
    assert.strictEqual(classify(hex('7B 67 00 F1'), 100).kind, 'bytes');
    assert.strictEqual(classify(hex('3C 67 00 F1'), 100).kind, 'bytes');
  });
});
