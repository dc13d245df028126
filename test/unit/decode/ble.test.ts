// Bluetooth SIG health characteristics (GATT Specification Supplement: Blood Pressure Measurement 0x2A35 §3.31,
// Weight Measurement 0x2A9D §3.256; SFLOAT after IEEE 11073-20601). Blood pressure vectors: Nordic Semiconductor's
// Android-BLE-Common-Library, ble-common/src/test/.../bps/BloodPressureMeasurementDataCallbackTest.java ("full",
// "some", "minimal", "toShort", "noTimestamp"). Weight vectors are built from the GSS layout (no published example).
import assert from 'assert';
import { PROFILES, sfloat } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const bp = (s: string) => PROFILES['ble-blood-pressure'].decode(hex(s));
const weight = (s: string) => PROFILES['ble-weight'].decode(hex(s));
const keys = (d: { warnings: Array<{ key: string }> }) => d.warnings.map((w) => w.key.split('.').pop());
function rejects(fn: () => unknown, key: string): void {
  assert.throws(fn, (err: unknown) => isCivicError(err) && err.key === `civic-sensor-decode.errors.${key}`);
}

describe('Bluetooth blood pressure (0x2A35) and weight (0x2A9D)', () => {
  it('SFLOAT: exponent and mantissa, and the special values NaN, NRes, ±INFINITY, reserved', () => {
    assert.strictEqual(sfloat(0x008a), 138);
    assert.strictEqual(sfloat(0xf0bd), 18.9);
    assert.strictEqual(sfloat(0x2001), 100);
    assert.strictEqual(sfloat(0x0fff), -1);
    for (const special of [0x07ff, 0x0800, 0x07fe, 0x0802, 0x0801]) assert.strictEqual(sfloat(special), undefined, special.toString(16));
  });

  it('[NORDIC "full"] 1E 8A00 5800 7800 0000 04 11 14 29 3B 3C00 01 2700: mmHg, pulse, user, status, time stamp without a year', () => {
    const d = bp('1E 8A00 5800 7800 0000 04 11 14 29 3B 3C00 01 2700');
    assert.deepStrictEqual(d.values, { systolicPressure: 138, diastolicPressure: 88, meanArterialPressure: 120, pulseRate: 60 });
    assert.deepStrictEqual(d.units, { systolicPressure: 'mmHg', diastolicPressure: 'mmHg', meanArterialPressure: 'mmHg', pulseRate: 'bpm' });
    assert.deepStrictEqual(d.info, { userId: 1, bodyMovement: 1, cuffTooLoose: 1, irregularPulse: 1, pulseRateRange: 'within range', improperPosition: 1 });
    assert.deepStrictEqual(keys(d), ['clockUnknown'], 'year 0 means the clock is not set');
  });

  it('[NORDIC "some"] 15 BDF0 0B00 9FF0 3C00 1200: kPa converted to mmHg, pulse rate below the lower limit', () => {
    const d = bp('15 BDF0 0B00 9FF0 3C00 1200');
    // 18.9 kPa × 760 / 101.325 = 141.76 mmHg; 11 kPa = 82.51; 15.9 kPa = 119.26
    assert.deepStrictEqual(d.values, { systolicPressure: 141.8, diastolicPressure: 82.5, meanArterialPressure: 119.3, pulseRate: 60 });
    assert.deepStrictEqual(d.info, { reportedUnit: 'kPa', bodyMovement: 0, cuffTooLoose: 1, irregularPulse: 0,
      pulseRateRange: 'below lower limit', improperPosition: 0 });
  });

  it('[NORDIC "minimal"] 00 BDF0 0B00 9FF0: the three pressures only', () => {
    assert.deepStrictEqual(bp('00 BDF0 0B00 9FF0').values, { systolicPressure: 18.9, diastolicPressure: 11, meanArterialPressure: 15.9 });
  });

  it('[NORDIC "toShort", "noTimestamp"] fewer bytes than the flags announce are refused', () => {
    rejects(() => bp('010203040506'), 'truncated');
    rejects(() => bp('03020304050607'), 'truncated');
  });

  it('a device time stamp becomes device information (local time, no zone on the wire); NaN values are warnings', () => {
    const d = bp('06 8A00 5800 FF07 E907 05 0A 08 1E 00 4800');
    assert.deepStrictEqual(d.values, { systolicPressure: 138, diastolicPressure: 88, pulseRate: 72 });
    assert.deepStrictEqual(d.info, { deviceTime: '2025-05-10T08:30:00' });
    assert.deepStrictEqual(keys(d), ['notAvailable']);
  });

  it('weight in SI units (0.005 kg) with time stamp, user id, BMI and height (0.001 m)', () => {
    // flags 0x0E; 64.5 kg = 12900 × 0.005 → 0x3264; 2025-05-10 07:00:00; user 2; BMI 22.9 → 229; height 1.678 m → 1678
    const d = weight('0E 6432 E907 05 0A 07 00 00 02 E500 8E06');
    assert.deepStrictEqual(d.values, { bodyWeight: 64.5, bmi: 22.9, bodyHeight: 1.678 });
    assert.deepStrictEqual(d.units, { bodyWeight: 'kg', bmi: 'kg/m²', bodyHeight: 'm' });
    assert.deepStrictEqual(d.info, { deviceTime: '2025-05-10T07:00:00', userId: 2 });
  });

  it('weight in imperial units (0.01 lb) is given in kg; 0xFFFF "measurement unsuccessful" is an error', () => {
    const d = weight('01 3E36');                                       // 13886 × 0.01 lb = 138.86 lb = 62.986 kg
    assert.deepStrictEqual(d.values, { bodyWeight: 62.986 });
    assert.deepStrictEqual(d.info, { reportedUnit: 'lb' });
    rejects(() => weight('00 FFFF'), 'measurementFailed');
  });
});
