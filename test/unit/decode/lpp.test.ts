import assert from 'assert';
import { decodeLpp, LPP_TYPES } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const asObject = (s: string, signedPower = false) =>
  Object.fromEntries(decodeLpp(hex(s), { signedPower }).map((f) => [f.key, f.value]));

function throwsCivic(fn: () => unknown, key: string, params: Record<string, unknown>): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isCivicError(err), `not a CivicError: ${String(err)}`);
    assert.strictEqual(err.key, key);
    for (const [k, v] of Object.entries(params)) assert.strictEqual(err.params[k], v, `param ${k}`);
    return true;
  });
}

describe('CayenneLPP decoder', () => {
  it('reads the reference two-temperature frame (27.2 °C and 25.5 °C), without float noise', () => {
    assert.deepStrictEqual(asObject('03 67 01 10 05 67 00 FF'), { temperature_3: 27.2, temperature_5: 25.5 });
  });

  it('reads negative temperatures as signed 0.1 °C', () => {
    assert.deepStrictEqual(asObject('01 67 FF D7'), { temperature_1: -4.1 });
    assert.deepStrictEqual(asObject('01 67 80 00'), { temperature_1: -3276.8 });
    assert.deepStrictEqual(asObject('01 67 7F FF'), { temperature_1: 3276.7 });
  });

  it('reads the reference accelerometer frame (1.234, -1.234, 0 G)', () => {
    assert.deepStrictEqual(asObject('06 71 04 D2 FB 2E 00 00'),
      { accelerometer_6_x: 1.234, accelerometer_6_y: -1.234, accelerometer_6_z: 0 });
  });

  it('reads the reference GPS frame (42.3519, -87.9094, 10 m)', () => {
    assert.deepStrictEqual(asObject('01 88 06 76 5F F2 96 0A 00 03 E8'),
      { gps_1_latitude: 42.3519, gps_1_longitude: -87.9094, gps_1_altitude: 10 });
  });

  it('reads every type of the table with its size and resolution', () => {
    const cases: Array<[string, Record<string, number>]> = [
      ['01 00 64', { digital_in_1: 100 }],
      ['01 01 01', { digital_out_1: 1 }],
      ['01 02 FF 9C', { analog_in_1: -1 }],
      ['01 03 04 D2', { analog_out_1: 12.34 }],
      ['01 64 FF FF FF FF', { generic_1: 4294967295 }],
      ['01 65 FF FF', { illuminance_1: 65535 }],
      ['01 66 01', { presence_1: 1 }],
      ['01 68 91', { humidity_1: 72.5 }],
      ['01 70 02 D5', { humidity_prec_1: 72.5 }],
      ['01 73 27 77', { barometer_1: 1010.3 }],
      ['01 74 01 69', { voltage_1: 3.61 }],
      ['01 75 03 E8', { current_1: 1 }],
      ['01 76 00 00 C3 50', { frequency_1: 50000 }],
      ['01 78 64', { percentage_1: 100 }],
      ['01 79 FF 38', { altitude_1: -200 }],
      ['01 7D 02 64', { concentration_1: 612 }],
      ['01 80 01 F4', { power_1: 500 }],
      ['01 82 00 00 30 39', { distance_1: 12.345 }],
      ['01 83 00 01 E2 40', { energy_1: 123.456 }],
      ['01 84 01 0E', { direction_1: 270 }],
      ['01 85 65 5F 2A 80', { time_1: 1700735616 }],
      ['01 86 FF 9C 00 64 00 00', { gyrometer_1_x: -1, gyrometer_1_y: 1, gyrometer_1_z: 0 }],
      ['01 87 FF 80 00', { colour_1_r: 255, colour_1_g: 128, colour_1_b: 0 }],
      ['01 89 02 86 5C 4B F8 C2 6B 95 00 03 E8', { gps_1_latitude: 42.359883, gps_1_longitude: -121.476203, gps_1_altitude: 10 }],
      ['01 8E 01', { switch_1: 1 }],
      ['01 BC 01 C2', { soil_moist_1: 45 }],
      ['01 BE 01 F4', { wind_speed_1: 5 }],
      ['01 BF 00 5A', { wind_direction_1: 90 }],
      ['01 C0 0B B8', { soil_ec_1: 3 }],
      ['01 C1 02 8A', { soil_ph_h_1: 6.5 }],
      ['01 C2 00 41', { soil_ph_l_1: 6.5 }],
      ['01 C3 03 20', { pyranometer_1: 800 }],
      ['01 CB 03', { light_1: 3 }],
    ];
    const seen = new Set<number>();
    for (const [frame, expected] of cases) {
      assert.deepStrictEqual(asObject(frame), expected, frame);
      seen.add(hex(frame)[1]);
    }
    assert.deepStrictEqual([...Object.keys(LPP_TYPES)].map(Number).filter((t) => !seen.has(t) && t !== 113 && t !== 136 && t !== 103), []);
  });

  it('reads voltage and current unsigned by default and signed when asked', () => {
    assert.deepStrictEqual(asObject('01 74 FF 38 02 75 FF 38'), { voltage_1: 653.36, current_2: 65.336 });
    assert.deepStrictEqual(asObject('01 74 FF 38 02 75 FF 38', true), { voltage_1: -2, current_2: -0.2 });
  });

  it('carries units and channel/type with every field', () => {
    const [t, h] = decodeLpp(hex('01 67 00 F1 02 68 8F'));
    assert.deepStrictEqual([t.unit, t.channel, t.type, t.offset], ['°C', 1, 103, 0]);
    assert.deepStrictEqual([h.unit, h.value, h.offset], ['%', 71.5, 4]);
  });

  it('rejects an unknown type naming its byte offset, with no partial result', () => {
    throwsCivic(() => decodeLpp(hex('01 67 00 F1 02 99 00')), 'civic-sensor-decode.errors.unknownLppType',
      { offset: 5, type: '0x99', channel: 2 });
  });

  it('rejects a truncated item naming where it starts and what is missing', () => {
    throwsCivic(() => decodeLpp(hex('01 67 00 F1 02 67 01')), 'civic-sensor-decode.errors.truncated',
      { offset: 6, expected: 2, got: 1 });
    throwsCivic(() => decodeLpp(hex('01 67 00 F1 02')), 'civic-sensor-decode.errors.truncated', { offset: 4, expected: 2, got: 1 });
    throwsCivic(() => decodeLpp(hex('01 88 06 76 5F')), 'civic-sensor-decode.errors.truncated', { offset: 2, expected: 9, got: 3 });
  });

  it('rejects an empty frame', () => {
    throwsCivic(() => decodeLpp(new Uint8Array(0)), 'civic-sensor-decode.errors.empty', { offset: 0 });
  });
});
