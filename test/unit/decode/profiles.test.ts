// Device profiles against the vendors' published examples. Sources (cited per vector below):
//  [TTN]  The Things Network device repository, github.com/TheThingsNetwork/lorawan-devices, vendor/<vendor>/*-codec.yaml
//         `examples` (input bytes + the vendor decoder's output) and the decoders they name.
//  [MS]   Milesight's decoders and payload tables, github.com/Milesight-IoT/SensorDecoders (README "Example" sections).
// Where a vendor publishes no example for a field, the vector is built from the vendor decoder's layout (said so).
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
const warningKeys = (d: { warnings: Array<{ key: string }> }) => d.warnings.map((w) => w.key.replace('civic-sensor-decode.warnings.', ''));
const decode = (id: string, bytes: string, fPort?: number) => PROFILES[id].decode(hex(bytes), fPort);

describe('device profiles', () => {
  describe('Dragino LSE01', () => {
    it('[TTN dragino/lse01-codec.yaml] CE29 00F1 07A5 099B 6E28 90 on fPort 2', () => {
      // vendor output: Bat 3.625, TempC_DS18B20 "24.1", water_SOIL "19.57", temp_SOIL "24.59", conduct_SOIL 28200 (µS/cm)
      const d = decode('dragino-lse01', 'CE29 00F1 07A5 099B 6E28 90', 2);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.625, probeTemperature: 24.1, soilMoisture: 19.57, soilTemperature: 24.59, soilEC: 28.2 });
      assert.strictEqual(d.units.soilEC, 'dS/m');
      assert.deepStrictEqual(d.info, { sensorDetected: 1, interrupt: 0 });
      assert.deepStrictEqual(d.warnings, []);
    });
    it('[TTN dragino/lse01-codec.yaml] the same bytes on fPort 42 are refused ("unknown FPort"), a short frame too', () => {
      throwsKey(() => decode('dragino-lse01', 'CE29 00F1 07A5 099B 6E28 90', 42), 'civic-sensor-decode.errors.wrongPort');
      throwsKey(() => decode('dragino-lse01', 'CC E4 00 F5', 2), 'civic-sensor-decode.errors.truncated', 0);
    });
    it('negative soil temperature (two\'s complement, layout of the vendor decoder)', () => {
      assert.strictEqual(decode('dragino-lse01', 'CCE4 00F5 0A3C FF9C 0320 00', 2).values.soilTemperature, -1);
    });
    it('the device status frame on fPort 5 is device information plus the battery (layout of the vendor decoders)', () => {
      const d = decode('dragino-lse01', '26 01 50 08 FF 0C DC', 5);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.292 });
      assert.deepStrictEqual(d.info, { sensorModel: '0x26', firmwareVersion: '1.5.0', frequencyBand: 'AS923-1' });
    });
  });

  describe('Dragino LHT65', () => {
    it('[TTN dragino/lht65-codec.yaml] CBF6 0B0D 0376 01 0ADD 7FFF on fPort 2', () => {
      // vendor output: BatV 3.062, Bat_status 3, TempC_SHT 28.29, Hum_SHT 88.6, Ext_sensor Temperature Sensor, TempC_DS 27.81
      const d = decode('dragino-lht65', 'CB F6 0B 0D 03 76 01 0A DD 7F FF', 2);
      assert.deepStrictEqual(d.values, { batteryVoltage: 3.062, airTemperature: 28.29, airHumidity: 88.6, externalTemperature: 27.81 });
      assert.deepStrictEqual(d.info, { batteryStatus: 'good' });
      throwsKey(() => decode('dragino-lht65', 'CB F6 0B 0D 03 76 01 0A DD 7F FF', 42), 'civic-sensor-decode.errors.wrongPort');
    });
    it('no external value and a warning when the probe is absent (0x7FFF) or bit 7 says it is disconnected', () => {
      const absent = decode('dragino-lht65', 'CB F6 FF 38 03 76 01 7F FF 7F FF', 2);
      assert.deepStrictEqual(absent.values, { batteryVoltage: 3.062, airTemperature: -2, airHumidity: 88.6 });
      assert.deepStrictEqual(warningKeys(absent), ['noProbe']);
      const cut = decode('dragino-lht65', 'CB F6 0B 0D 03 76 81 0A DD 7F FF', 2);
      assert.ok(!('externalTemperature' in cut.values));
      assert.deepStrictEqual(warningKeys(cut), ['noProbe']);
    });
    it('every external sensor type of the vendor decoder (lht65.js): light, ADC, counters, DS18B20 with time stamp, probe id', () => {
      assert.strictEqual(decode('dragino-lht65', 'CBF6 0B0D 0376 05 01F4 7FFF', 2).values.illuminance, 500);
      assert.strictEqual(decode('dragino-lht65', 'CBF6 0B0D 0376 06 0BB8 7FFF', 2).values.adcVoltage, 3);
      assert.strictEqual(decode('dragino-lht65', 'CBF6 0B0D 0376 07 0102 7FFF', 2).values.pulseCount, 258);
      assert.strictEqual(decode('dragino-lht65', 'CBF6 0B0D 0376 08 0001 0002', 2).values.pulseCount, 65538);
      const ds = decode('dragino-lht65', '0ADD 0B0D C376 09 6554 5E60', 2);            // 2023-11-15T06:00:00Z
      assert.deepStrictEqual(ds.values, { externalTemperature: 27.81, airTemperature: 28.29, airHumidity: 88.6 });
      assert.strictEqual(ds.time, Date.UTC(2023, 10, 15, 6, 0, 0));
      const id = decode('dragino-lht65', 'CBF6 2800 0A01 0F 0000 0123', 2);
      assert.deepStrictEqual(id.info, { batteryStatus: 'good', probeId: '28000A0100000123' });
      assert.deepStrictEqual(id.values, { batteryVoltage: 3.062 });
    });
  });

  describe('Milesight', () => {
    it('[MS em300-th] 01755C 03673401 046865 and the history record 20CE9E74466310015D00', () => {
      assert.deepStrictEqual(decode('milesight-em300-th', '01755C 03673401 046865').values, { batteryPercent: 92, airTemperature: 30.8, airHumidity: 50.5 });
      const h = decode('milesight-em300-th', '20CE9E74466310015D00');
      assert.deepStrictEqual(h.values, {});
      assert.deepStrictEqual(h.history, [{ timestamp: 1665561758000, values: { airTemperature: 27.2, airHumidity: 46.5 } }]);
    });
    it('[MS em500-smtc] 017564 03671901 046873 057FF000 (EC 240 µS/cm → 0.24 dS/m)', () => {
      const d = decode('milesight-em500-smtc', '017564 03671901 046873 057FF000');
      assert.deepStrictEqual(d.values, { batteryPercent: 100, soilTemperature: 28.1, soilMoisture: 57.5, soilEC: 0.24 });
      assert.strictEqual(d.units.soilEC, 'dS/m');
    });
    it('[MS em500-smtc] the vendor error codes 0xFFFF / 0xFFFD are warnings, never values', () => {
      const d = decode('milesight-em500-smtc', '04CAFFFF 057FFDFF 017564');
      assert.deepStrictEqual(d.values, { batteryPercent: 100 });
      assert.deepStrictEqual(warningKeys(d), ['sensorFailed', 'sensorRange']);
    });
    it('[MS am319-hcho] 0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0A7D0700 0B7D2000 0C7D3000', () => {
      const d = decode('milesight-am319', '0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0A7D0700 0B7D2000 0C7D3000');
      assert.deepStrictEqual(d.values, { airTemperature: 23.8, airHumidity: 62, motion: 1, lightLevel: 2, co2: 936, tvoc: 0.37,
        airPressure: 1008.6, hcho: 0.07, pm2_5: 32, pm10: 48 });
      assert.strictEqual(d.units.tvoc, 'IAQ');
    });
    it('[MS am319-o3] 0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0B7D2000 0C7D3000 and an ozone value', () => {
      const d = decode('milesight-am319-o3', '0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0B7D2000 0C7D3000 0D7D0500');
      assert.strictEqual(d.values.o3, 0.05);
      assert.strictEqual(d.values.pm10, 48);
    });
    it('device information on channel 0xFF (tables of the vendor READMEs) is information, not readings', () => {
      const d = decode('milesight-em300-th', 'FF0101 FF090140 FF0A0114 FF0F00 FF166136C19146800041 01755C');
      assert.deepStrictEqual(d.values, { batteryPercent: 92 });
      assert.deepStrictEqual(d.info, { ipsoVersion: 'v0.1', hardwareVersion: 'v1.4', firmwareVersion: 'v1.14', lorawanClass: 'Class A', serialNumber: '6136c19146800041' });
    });
    it('an unknown channel whose type has a known size is skipped with a warning; the rest decodes', () => {
      const d = decode('milesight-em300-th', '01755C 0B671001 03673401 046865');
      assert.deepStrictEqual(d.values, { batteryPercent: 92, airTemperature: 30.8, airHumidity: 50.5 });
      assert.deepStrictEqual(warningKeys(d), ['unknownChannel']);
      assert.strictEqual(d.warnings[0].params.offset, 3);
    });
    it('an unknown type ends the frame with a warning, keeping what came before it', () => {
      const d = decode('milesight-em300-th', '01755C 0399AABB 046865');
      assert.deepStrictEqual(d.values, { batteryPercent: 92 });
      assert.deepStrictEqual(warningKeys(d), ['unreadRest']);
    });
    it('a truncated item is still an error naming its offset', () => {
      throwsKey(() => decode('milesight-am319', '01755C 077D64'), 'civic-sensor-decode.errors.truncated', 5);
    });
  });

  describe('SenseCAP S210x', () => {
    it('CRC-16/KERMIT matches the frames of [TTN sensecap/sensecap210x-codec.yaml]', () => {
      for (const frame of ['0000000101000100070064003C00012001000000002890', '01011098530000010210A87A0000AF51']) {
        const b = hex(frame);
        assert.strictEqual(crc16Kermit(b, b.length - 2), b[b.length - 2] | (b[b.length - 1] << 8), frame);
      }
    });
    it('[TTN sensecap210x-codec.yaml "telemetry"] 01011098530000010210A87A0000AF51 → 21.4 °C, 31.4 %', () => {
      assert.deepStrictEqual(decode('sensecap-s210x', '01011098530000010210A87A0000AF51').values, { airTemperature: 21.4, airHumidity: 31.4 });
    });
    it('[TTN sensecap210x-codec.yaml "End device\'s properties"]: versions, battery 100 %, interval 3600 s, sensor removed', () => {
      const d = decode('sensecap-s210x', '0000000101000100070064003C00012001000000002890');
      assert.deepStrictEqual(d.values, { batteryPercent: 100 });
      assert.deepStrictEqual(d.info, { hardwareVersion: '1.0', softwareVersion: '1.1', uploadInterval: 3600, sensorRemoved: 1 });
    });
    it('[TTN sensecap210x-codec.yaml "Report sensor\'s metadatas"]: the sensor id 2CF7F1301500016A, no reading', () => {
      const d = decode('sensecap-s210x', '010100010100010102006A01001501030030F1F72C010400090C13140105007F4D0000010600000000004CBE');
      assert.deepStrictEqual(d.values, {});
      assert.strictEqual(d.info?.sensorId, '2CF7F1301500016A');
    });
    it('reads the CO2 example 010410E08D05009802 (364 ppm) and negative soil values', () => {
      assert.deepStrictEqual(decode('sensecap-s210x', '010410E08D05009802').values, { co2: 364 });
      const frames = hex('01 06 10 18 FC FF FF 01 07 10 A8 61 00 00 01 0C 10 DC 05 00 00');
      const crc = crc16Kermit(frames);
      assert.deepStrictEqual(PROFILES['sensecap-s210x'].decode(Uint8Array.from([...frames, crc & 0xff, crc >> 8])).values,
        { soilTemperature: -1, soilMoisture: 25, soilEC: 1.5 });
    });
    it('rejects a wrong CRC naming its offset, and a frame that is not whole 7-byte items', () => {
      throwsKey(() => decode('sensecap-s210x', '010110B068000001021088F400008CFE'), 'civic-sensor-decode.errors.badCrc', 14);
      const body = hex('01 01 10 B0 68 00 00 01 02');
      const crc = crc16Kermit(body);
      throwsKey(() => PROFILES['sensecap-s210x'].decode(Uint8Array.from([...body, crc & 0xff, crc >> 8])), 'civic-sensor-decode.errors.truncated', 7);
    });
  });

  describe('Elsys (every type of vendor/elsys/elsys.js)', () => {
    it('[TTN elsys/ers-co2-codec.yaml] 0100E2 0229 040027 0506 060308', () => {
      assert.deepStrictEqual(decode('elsys-ers', '0100E202290400270506060308').values,
        { airTemperature: 22.6, airHumidity: 41, illuminance: 39, motion: 6, co2: 776 });
    });
    it('[TTN elsys/ers-sound-codec.yaml] … 15 01 01 → soundPeak 1, soundAvg 1 (dB)', () => {
      const d = decode('elsys-ers', '0100E20229040027050615 0101');
      assert.deepStrictEqual(d.values, { airTemperature: 22.6, airHumidity: 41, illuminance: 39, motion: 6, soundPeak: 1, soundAverage: 1 });
      assert.strictEqual(d.units.soundPeak, 'dB');
    });
    it('[TTN elsys/ems-codec.yaml] acceleration x 1, y 39, z 5 (±63 = 1 G), pulse1 8465 (the later item), waterleak 17', () => {
      const d = decode('elsys-ers', '0100E2 0229 03012705 0A1101 1211 0A2111');
      assert.deepStrictEqual(d.values, { airTemperature: 22.6, airHumidity: 41, accelerationX: 0.016, accelerationY: 0.619,
        accelerationZ: 0.079, pulse1: 8465, waterLeak: 17 });
      assert.deepStrictEqual(warningKeys(d), ['twice']);
    });
    it('[TTN elsys/ers-eye-codec.yaml, ems-desk-codec.yaml] occupancy 1 and 2', () => {
      assert.strictEqual(decode('elsys-ers', '0100E202290400270506 1101').values.occupancy, 1);
      assert.strictEqual(decode('elsys-ers', '0100E2022903012705 1102').values.occupancy, 2);
    });
    it('IR temperature, pressure, TVOC, µV input, GPS words, external probes (layout of the vendor decoder)', () => {
      const d = decode('elsys-ers', '10 00E1 FF9C 14 000F6A68 1C 0190 1B FFFFFF38 09 01E240 FE1DC0 0C 00FA 19 0064 19 FFF6 3D 00000000');
      assert.deepStrictEqual(d.values, { irInternalTemperature: 22.5, irExternalTemperature: -10, airPressure: 1010.28, tvoc: 400,
        analogUv: -200, gpsLatitudeRaw: 123456, gpsLongitudeRaw: 16653760, externalTemperature: 25, externalTemperature2: 10,
        externalTemperature2_2: -1 });
    });
    it('an unknown type after values ends the frame with a warning; as the first byte it is an error', () => {
      const d = decode('elsys-ers', '0100E2 F001 0229');
      assert.deepStrictEqual(d.values, { airTemperature: 22.6 });
      assert.deepStrictEqual(warningKeys(d), ['unreadRest']);
      throwsKey(() => decode('elsys-ers', 'F001'), 'civic-sensor-decode.errors.unknownElsysType', 0);
      throwsKey(() => decode('elsys-ers', '0100E2 0603'), 'civic-sensor-decode.errors.truncated', 4);
    });
  });
});
