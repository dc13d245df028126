// Derived values on naming rows, plausibility ranges, Modbus RTU frames and absolute addresses, and what vendor
// codecs return (text, SenseCAP messages) — the lib side of issue 17.
import assert from 'assert';
import { compilePlausibility, createDecoder, crc16Modbus, keyMapper, lppMapper, decodeLpp, objectValues, rtuRegisters } from '../../../lib/decode';
import { emptyDecoded, put } from '../../../lib/decode/values';
import { isCivicError } from '../../../lib/errors';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const now = () => 0;
function rejects(fn: () => unknown, key: string, params: Record<string, unknown> = {}): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isCivicError(err), String(err));
    assert.strictEqual(err.key, `civic-sensor-decode.errors.${key}`);
    for (const [k, v] of Object.entries(params)) assert.strictEqual(err.params[k], v, k);
    return true;
  });
}

describe('naming rows with derived values', () => {
  it('x × scale + offset and offset − x × scale, without float noise; several rows may read one value', () => {
    const map = keyMapper([{ from: 'distance', to: 'distance' }, { from: 'distance', to: 'waterLevel', formula: 'minus', offset: 4.2, scale: 1 },
      { from: 't', to: 'airTemperature', scale: 0.1 }, { from: 'f', to: 'fahrenheit', scale: 1.8, offset: 32, unit: '°F' }]);
    const d = emptyDecoded();
    put(d, 'distance', 1.37, 'm');
    put(d, 't', 272);
    put(d, 'f', 25);
    const out = map(d);
    assert.deepStrictEqual(out.values, { distance: 1.37, waterLevel: 2.83, airTemperature: 27.2, fahrenheit: 77 });
    assert.deepStrictEqual(out.units, { distance: 'm', waterLevel: 'm', airTemperature: '°C', fahrenheit: '°F' });
  });

  it('CayenneLPP rows by channel apply the formula to every part of a multi-value type', () => {
    const map = lppMapper([{ from: '5', to: 'tilt', scale: 1000 }]);
    assert.deepStrictEqual(map.map(decodeLpp(hex('0571 03E8 0000 FC18'))).values, { tilt_x: 1000, tilt_y: 0, tilt_z: -1000 });
  });

  it('a profile mapping row derives from the canonical value (EM500-SMTC soil EC dS/m → µS/cm)', () => {
    const d = createDecoder({ format: 'milesight-em500-smtc', mapping: [{ from: 'soilEC', to: 'soilECmicro', scale: 1000, unit: 'µS/cm' }] });
    const r = d.decode('017564 03671901 046873 057FF000'.replace(/ /g, ''), { now });
    assert.strictEqual(r.payload.soilECmicro, 240);
    assert.strictEqual(r.units.soilECmicro, 'µS/cm');
  });
});

describe('plausibility ranges', () => {
  const decoded = (values: Record<string, number>) => {
    const d = emptyDecoded();
    for (const [k, v] of Object.entries(values)) put(d, k, v);
    return d;
  };
  it('flags 45,271 ppm CO2 and −1,587 °C by default, keeps plausible values, also for suffixed names', () => {
    const d = decoded({ co2: 45271, airTemperature: -1587.2, airTemperature_2: 24, airHumidity: 70 });
    compilePlausibility('flag')?.(d);
    assert.deepStrictEqual(d.implausible, ['co2', 'airTemperature']);
    assert.deepStrictEqual(d.values, { co2: 45271, airTemperature: -1587.2, airTemperature_2: 24, airHumidity: 70 });
    assert.deepStrictEqual(d.warnings.map((w) => w.params), [{ name: 'co2', value: '45271 ppm', min: 0, max: 10000 },
      { name: 'airTemperature', value: '-1587.2 °C', min: -40, max: 70 }]);
  });
  it('drop removes the value and its unit; a node row replaces the default; off checks nothing', () => {
    const d = decoded({ co2: 45271, soilMoisture: 5 });
    compilePlausibility('drop', [{ metric: 'soilMoisture', min: 10 }])?.(d);
    assert.deepStrictEqual(d.values, {});
    assert.deepStrictEqual(d.units, {});
    assert.strictEqual(compilePlausibility('off'), undefined);
  });
  it('the reading of a frame whose every value was dropped is an error, not an empty message', () => {
    const dec = createDecoder({ format: 'cayenne-lpp', plausibility: 'drop', channelPreset: 'custom', mapping: [{ from: '3', to: 'co2' }] });
    rejects(() => dec.decode('037DB0D7', { now }), 'allImplausible');
  });
});

describe('Modbus RTU frames and absolute addresses', () => {
  it('[simplymodbus.ca FC03] 11 03 06 AE41 5652 4340 49AD: slave 0x11, three registers, CRC-16/MODBUS', () => {
    assert.strictEqual(crc16Modbus(hex('1103006B0003')), 0x8776);            // the request 11 03 006B 0003 7687
    assert.deepStrictEqual(rtuRegisters(hex('110306AE415652434049AD')), { unit: 0x11, fc: 3, registers: [0xae41, 0x5652, 0x4340] });
  });
  it('an exception response, another function, a wrong count and a wrong CRC are translated errors', () => {
    const frame = (body: string) => {
      const b = hex(body);
      const crc = crc16Modbus(b);
      return Uint8Array.from([...b, crc & 0xff, crc >> 8]);
    };
    rejects(() => rtuRegisters(frame('1183 02')), 'modbusException', { code: '0x02', name: 'ILLEGAL DATA ADDRESS' });
    rejects(() => rtuRegisters(frame('1101 02 0000')), 'modbusFunction', { fc: 1 });
    rejects(() => rtuRegisters(frame('1103 04 AE41 56')), 'modbusCount');
    rejects(() => rtuRegisters(hex('110306AE415652434049AE')), 'badCrc', { offset: 9, expected: '0xAD49', got: '0xAE49' });
  });
  it('rows by register address: the start comes from the message, else from the node; outside the read is an error', () => {
    const dec = createDecoder({ format: 'modbus', modbusStart: 40, modbusMap: [{ name: 'airTemperature', register: 41, type: 'int16', scale: 0.1 }] });
    assert.strictEqual(dec.decode([0, 241], { now }).payload.airTemperature, 24.1);
    assert.strictEqual(dec.decode([241], { now, registerStart: 41 }).payload.airTemperature, 24.1);
    rejects(() => dec.decode([241], { now, registerStart: 42 }), 'modbusRange', { register: 41, start: 42, end: 42 });
  });
});

describe('what vendor codecs return', () => {
  it('[TTN sensecap210x-codec.yaml outputs] SenseCAP messages: measurements, battery, device properties; nested lists too', () => {
    const { decoded } = objectValues({ valid: true, err: 0, payload: '00…', messages: [[
      { type: 'upload_version', hardwareVersion: '1.0', softwareVersion: '1.1' }, { type: 'upload_battery', battery: 100 },
      { type: 'upload_interval', interval: 3600 }, { type: 'report_remove_sensor', channel: 1 }],
    [{ type: 'report_telemetry', measurementId: '4097', measurementValue: 21.4 }]] });
    assert.deepStrictEqual(decoded.values, { batteryPercent: 100, airTemperature: 21.4 });
    assert.deepStrictEqual(decoded.info, { hardwareVersion: '1.0', softwareVersion: '1.1', uploadInterval: 3600, sensorRemoved: 1 });
  });
  it('SenseCAP valid: false is a failure, never a reading', () => {
    assert.strictEqual(objectValues({ valid: false, err: -1, payload: '', messages: [] }).failure, 'valid: false, err: -1');
  });
  it('numbers flatten, booleans become 0/1, text is kept apart, arrays are indexed, reserved names are left out', () => {
    const { decoded } = objectValues(JSON.parse('{"a":{"b":1.5},"ok":true,"status":"OK","list":[1,2],"__proto__":5,"n":null}') as Record<string, unknown>);
    assert.deepStrictEqual(decoded.values, { a_b: 1.5, ok: 1, list_0: 1, list_1: 2 });
    assert.deepStrictEqual(decoded.text, { status: 'OK' });
    assert.deepStrictEqual(decoded.warnings.map((w) => w.key), ['civic-sensor-decode.warnings.reservedName']);
  });
});
