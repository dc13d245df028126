import assert from 'assert';
import { PROFILES, crc16Kermit } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
function throwsKey(fn: () => unknown, key: string, offset?: number): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isCivicError(err), String(err));
    assert.strictEqual(err.key, key);
    if (offset !== undefined) assert.strictEqual(err.params.offset, offset);
    return true;
  });
}

describe('device profiles', () => {
  describe('Dragino LSE01', () => {
    it('reads battery, moisture, soil temperature and EC (µS/cm → dS/m)', () => {
      // 0x0CE4 = 3300 mV (status bits masked), probe 0x00F5 = 24.5, moisture 0x0A3C = 26.2 %,
      // soil temp 0xFF9C = -1.00 °C, EC 0x0320 = 800 µS/cm
      const d = PROFILES['dragino-lse01'].decode(hex('CC E4 00 F5 0A 3C FF 9C 03 20 00'), 2);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.3, probeTemperature: 24.5, soilMoisture: 26.2, soilTemperature: -1, soilEC: 0.8 });
      assert.strictEqual(d.units.soilEC, 'dS/m');
      assert.deepStrictEqual(d.warnings, []);
    });
    it('rejects a short frame and another fPort', () => {
      throwsKey(() => PROFILES['dragino-lse01'].decode(hex('CC E4 00 F5'), 2), 'civic-sensor-decode.errors.truncated', 0);
      throwsKey(() => PROFILES['dragino-lse01'].decode(hex('CC E4 00 F5 0A 3C FF 9C 03 20 00'), 5), 'civic-sensor-decode.errors.wrongPort');
    });
  });

  describe('Dragino LHT65', () => {
    it('reads the vendor example CBF60B0D0376010ADD7FFF', () => {
      const d = PROFILES['dragino-lht65'].decode(hex('CB F6 0B 0D 03 76 01 0A DD 7F FF'), 2);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.062, airTemperature: 28.29, airHumidity: 88.6, externalTemperature: 27.81 });
    });
    it('emits no external value and a warning when the probe is absent (0x7FFF)', () => {
      const d = PROFILES['dragino-lht65'].decode(hex('CB F6 FF 38 03 76 01 7F FF 7F FF'), 2);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.062, airTemperature: -2, airHumidity: 88.6 });
      assert.strictEqual(d.warnings.length, 1);
      assert.match(d.warnings[0], /no probe/);
    });
    it('warns when bit 7 says the probe is disconnected', () => {
      const d = PROFILES['dragino-lht65'].decode(hex('CB F6 0B 0D 03 76 81 0A DD 7F FF'), 2);
      assert.ok(!('externalTemperature' in d.values));
      assert.strictEqual(d.warnings.length, 1);
    });
  });

  describe('Milesight', () => {
    it('EM300-TH: battery 92 %, 30.8 °C, 50.5 % (little-endian)', () => {
      const d = PROFILES['milesight-em300-th'].decode(hex('01 75 5C 03 67 34 01 04 68 65'));
      assert.deepStrictEqual(d.values, { batteryPercent: 92, airTemperature: 30.8, airHumidity: 50.5 });
      assert.deepStrictEqual(d.units, { batteryPercent: '%', airTemperature: '°C', airHumidity: '%' });
    });
    it('EM300-TH: negative temperature', () => {
      assert.deepStrictEqual(PROFILES['milesight-em300-th'].decode(hex('03 67 9C FF')).values, { airTemperature: -10 });
    });
    it('EM500-SMTC: soil names and EC in dS/m', () => {
      const d = PROFILES['milesight-em500-smtc'].decode(hex('01 75 64 03 67 0A 01 04 68 50 05 7F E8 03'));
      assert.deepStrictEqual(d.values, { batteryPercent: 100, soilTemperature: 26.6, soilMoisture: 40, soilEC: 1 });
    });
    it('AM319: temperature, humidity, CO2 and pressure', () => {
      const d = PROFILES['milesight-am319'].decode(hex('03 67 F1 00 04 68 8F 07 7D 64 02 09 73 77 27'));
      assert.deepStrictEqual(d.values, { airTemperature: 24.1, airHumidity: 71.5, co2: 612, airPressure: 1010.3 });
    });
    it('an unknown channel is an error naming its offset, not a silent stop', () => {
      throwsKey(() => PROFILES['milesight-em300-th'].decode(hex('01 75 5C 0B 99 00')), 'civic-sensor-decode.errors.unknownChannel', 3);
    });
    it('a truncated item is an error', () => {
      throwsKey(() => PROFILES['milesight-am319'].decode(hex('01 75 5C 07 7D 64')), 'civic-sensor-decode.errors.truncated', 5);
    });
  });

  describe('SenseCAP S210x', () => {
    it('CRC-16/KERMIT matches the vendor example', () => {
      assert.strictEqual(crc16Kermit(hex('010110B068000001021088F40000')), 0xff8c);
    });
    it('reads the vendor example 010110B068000001021088F400008CFF (26.8 °C, 62.6 %)', () => {
      const d = PROFILES['sensecap-s210x'].decode(hex('010110B068000001021088F400008CFF'));
      assert.deepStrictEqual(d.values, { airTemperature: 26.8, airHumidity: 62.6 });
    });
    it('reads the CO2 example 010410E08D05009802 (364 ppm)', () => {
      assert.deepStrictEqual(PROFILES['sensecap-s210x'].decode(hex('010410E08D05009802')).values, { co2: 364 });
    });
    it('reads soil temperature, moisture and EC, negative values too', () => {
      const frames = hex('01 06 10 18 FC FF FF 01 07 10 A8 61 00 00 01 0C 10 DC 05 00 00');  // -1.0 °C, 25 %, 1.5 dS/m
      const crc = crc16Kermit(frames);
      const d = PROFILES['sensecap-s210x'].decode(Uint8Array.from([...frames, crc & 0xff, crc >> 8]));
      assert.deepStrictEqual(d.values, { soilTemperature: -1, soilMoisture: 25, soilEC: 1.5 });
    });
    it('rejects a wrong CRC naming the CRC offset', () => {
      throwsKey(() => PROFILES['sensecap-s210x'].decode(hex('010110B068000001021088F400008CFE')), 'civic-sensor-decode.errors.badCrc', 14);
    });
    it('rejects a frame that is not whole 7-byte measurements', () => {
      const body = hex('01 01 10 B0 68 00 00 01 02');
      const crc = crc16Kermit(body);
      throwsKey(() => PROFILES['sensecap-s210x'].decode(Uint8Array.from([...body, crc & 0xff, crc >> 8])), 'civic-sensor-decode.errors.truncated', 7);
    });
  });

  describe('Elsys ERS', () => {
    it('reads the vendor example 0100E202290400270506060308', () => {
      const d = PROFILES['elsys-ers'].decode(hex('0100E202290400270506060308'));
      assert.deepStrictEqual(d.values, { airTemperature: 22.6, airHumidity: 41, illuminance: 39, motion: 6, co2: 776 });
    });
    it('reads negative temperatures and VDD in volts', () => {
      assert.deepStrictEqual(PROFILES['elsys-ers'].decode(hex('01 FF 9C 07 0E 10')).values, { airTemperature: -10, batteryVoltage: 3.6 });
    });
    it('rejects an unknown type and a truncated value', () => {
      throwsKey(() => PROFILES['elsys-ers'].decode(hex('0100E2 F0 01')), 'civic-sensor-decode.errors.unknownElsysType', 3);
      throwsKey(() => PROFILES['elsys-ers'].decode(hex('0100E2 06 03')), 'civic-sensor-decode.errors.truncated', 4);
    });
  });
});
