// Device profiles: the byte layouts of popular greenhouse, soil and health devices, each after the vendor's published
// decoder or specification (cited in its module), producing canonical names and units. Adding a device = one
// entry here plus its labels in the sensor-decode catalogs.
import { bloodPressure, weight } from './ble';
import type { Profile } from './common';
import { lht65, lse01 } from './dragino';
import { elsys } from './elsys';
import { am319hcho, am319o3, em300th, em500smtc } from './milesight';
import { sensecap } from './sensecap';

export type { Profile } from './common';
export { crc16Kermit, SENSECAP_IDS } from './sensecap';
export { sfloat } from './ble';

/** Every built-in profile by id (the sensor-decode format select lists these). */
export const PROFILES: Readonly<Record<string, Profile>> = {
  'dragino-lse01': { id: 'dragino-lse01', vendor: 'Dragino', model: 'LSE01', decode: lse01,
    summary: 'soil moisture/temperature/EC + probe, fPort 2; device status fPort 5' },
  'dragino-lht65': { id: 'dragino-lht65', vendor: 'Dragino', model: 'LHT65', decode: lht65,
    summary: 'air temperature/humidity + external sensor (probe, light, ADC, counter), fPort 2; status fPort 5' },
  'milesight-em300-th': { id: 'milesight-em300-th', vendor: 'Milesight', model: 'EM300-TH', decode: em300th,
    summary: 'channel/type items, little-endian: battery, temperature, humidity, history' },
  'milesight-em500-smtc': { id: 'milesight-em500-smtc', vendor: 'Milesight', model: 'EM500-SMTC', decode: em500smtc,
    summary: 'channel/type items: battery, soil temperature, moisture, EC, alarms, history' },
  'milesight-am319': { id: 'milesight-am319', vendor: 'Milesight', model: 'AM319', decode: am319hcho,
    summary: 'channel/type items: temperature, humidity, CO2, TVOC, pressure, HCHO, PM2.5/PM10, motion, light' },
  'milesight-am319-o3': { id: 'milesight-am319-o3', vendor: 'Milesight', model: 'AM319 O3', decode: am319o3,
    summary: 'AM319 with the ozone sensor (history records carry O3 instead of HCHO)' },
  'sensecap-s210x': { id: 'sensecap-s210x', vendor: 'SenseCAP', model: 'S210x', decode: sensecap,
    summary: '7-byte items (id u16 LE, value i32 LE /1000) + CRC16; device properties' },
  'elsys-ers': { id: 'elsys-ers', vendor: 'Elsys', model: 'ERS', decode: elsys,
    summary: 'type-length-value, big-endian: every Elsys data type (climate, CO2, sound, acceleration, IR, GPS...)' },
  'ble-blood-pressure': { id: 'ble-blood-pressure', vendor: 'Bluetooth SIG', model: 'Blood Pressure Measurement (0x2A35)',
    decode: (bytes) => bloodPressure(bytes), summary: 'SFLOAT systolic/diastolic/MAP, time stamp, pulse rate, user id, status' },
  'ble-weight': { id: 'ble-weight', vendor: 'Bluetooth SIG', model: 'Weight Measurement (0x2A9D)',
    decode: (bytes) => weight(bytes), summary: 'weight, time stamp, user id, BMI and height (SI or imperial)' },
};

/** The profile ids, in the order the editor lists them. */
export const PROFILE_IDS = Object.keys(PROFILES);
