// Device profiles: the byte layouts of popular greenhouse and soil devices (vendors' documentation, domain.md §1),
// each a small table plus a function, producing canonical names and units. Adding a device = adding one entry.
import { decodeError, hex2, need, clean } from './errors';
import { type Decoded, emptyDecoded, put } from './values';

/** A device profile: a model name and a decode function over the frame bytes. */
export interface Profile {
  id: string;
  vendor: string;
  model: string;
  /** what the profile expects, for the help and the README */
  summary: string;
  decode(bytes: Uint8Array, fPort?: number): Decoded;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const i16be = (b: Uint8Array, i: number) => ((b[i] << 8) | b[i + 1]) << 16 >> 16;
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const i16le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8)) << 16 >> 16;
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

function checkPort(fPort: number | undefined, expected: number, model: string): void {
  if (fPort !== undefined && fPort !== expected) {
    throw decodeError('wrongPort', { offset: 0, fPort, expected, model },
      `fPort ${fPort} is not a ${model} measurement frame (fPort ${expected})`);
  }
}

/** Dragino LSE01 soil sensor, fPort 2, big-endian. */
function lse01(bytes: Uint8Array, fPort?: number): Decoded {
  checkPort(fPort, 2, 'Dragino LSE01');
  need(bytes, 0, 10, 'LSE01 frame');
  const out = emptyDecoded();
  put(out, 'batteryVoltage', (u16be(bytes, 0) & 0x3fff) / 1000);
  put(out, 'probeTemperature', i16be(bytes, 2) / 10, '°C');
  put(out, 'soilMoisture', u16be(bytes, 4) / 100);
  put(out, 'soilTemperature', i16be(bytes, 6) / 100);
  put(out, 'soilEC', u16be(bytes, 8) / 1000);                      // µS/cm → dS/m
  return out;
}

/** Dragino LHT65 temperature/humidity sensor with optional external probe, fPort 2. */
function lht65(bytes: Uint8Array, fPort?: number): Decoded {
  checkPort(fPort, 2, 'Dragino LHT65');
  need(bytes, 0, 7, 'LHT65 frame');
  const out = emptyDecoded();
  put(out, 'batteryVoltage', (u16be(bytes, 0) & 0x3fff) / 1000);
  put(out, 'airTemperature', i16be(bytes, 2) / 100);
  put(out, 'airHumidity', (u16be(bytes, 4) & 0x0fff) / 10);
  const ext = bytes[6] & 0x0f;
  const disconnected = (bytes[6] & 0x80) !== 0;
  if (ext === 1) {
    need(bytes, 7, 2, 'LHT65 external temperature');
    const raw = u16be(bytes, 7);
    if (disconnected || raw === 0x7fff) out.warnings.push('external temperature probe not connected (no probe)');
    else put(out, 'externalTemperature', i16be(bytes, 7) / 100, '°C');
  } else if (ext !== 0) {
    out.warnings.push(`external sensor type ${ext} is not decoded`);
  }
  return out;
}

type MsItem = [size: number, name: string, read: (b: Uint8Array, i: number) => number, unit?: string];

/** Milesight items by `channel/type` (values little-endian); the model decides air vs soil names. */
function milesightTable(soil: boolean, am319: boolean): Record<string, MsItem> {
  const t: Record<string, MsItem> = {
    '01/75': [1, 'batteryPercent', (b, i) => b[i]],
    '03/67': [2, soil ? 'soilTemperature' : 'airTemperature', (b, i) => i16le(b, i) / 10],
    '04/68': [1, soil ? 'soilMoisture' : 'airHumidity', (b, i) => b[i] / 2],
    '05/7F': [2, 'soilEC', (b, i) => u16le(b, i) / 1000],          // µS/cm → dS/m
    '07/7D': [2, 'co2', (b, i) => u16le(b, i)],
    '09/73': [2, 'airPressure', (b, i) => u16le(b, i) / 10],
  };
  if (soil) t['04/CA'] = [2, 'soilMoisture', (b, i) => u16le(b, i) / 100];
  if (am319) {
    t['05/00'] = [1, 'motion', (b, i) => b[i]];
    t['06/CB'] = [1, 'lightLevel', (b, i) => b[i]];
    t['08/7D'] = [2, 'tvoc', (b, i) => u16le(b, i) / 100, 'level'];
    t['0A/7D'] = [2, 'hcho', (b, i) => u16le(b, i) / 100, 'mg/m³'];
    t['0B/7D'] = [2, 'pm2_5', (b, i) => u16le(b, i), 'µg/m³'];
    t['0C/7D'] = [2, 'pm10', (b, i) => u16le(b, i), 'µg/m³'];
    t['0D/7D'] = [2, 'o3', (b, i) => u16le(b, i) / 100, 'ppm'];
    t['0E/01'] = [1, 'beep', (b, i) => b[i]];
  }
  return t;
}

/** Sizes of Milesight's device-information items on channel 0xFF (skipped, they carry no measurement). */
const MS_INFO: Record<number, number> = { 0x01: 1, 0x09: 2, 0x0a: 2, 0x0b: 1, 0x0f: 1, 0x16: 8 };

function milesight(model: string, soil: boolean, am319 = false): (bytes: Uint8Array) => Decoded {
  const table = milesightTable(soil, am319);
  return (bytes) => {
    if (bytes.length === 0) throw decodeError('empty', { offset: 0 }, 'byte 0: empty frame');
    const out = emptyDecoded();
    let i = 0;
    while (i < bytes.length) {
      need(bytes, i, 2, 'channel and type');
      const ch = bytes[i];
      const type = bytes[i + 1];
      const item = table[`${hex2(ch)}/${hex2(type)}`];
      if (ch === 0xff && MS_INFO[type] !== undefined) {
        need(bytes, i + 2, MS_INFO[type], 'device information');
        i += 2 + MS_INFO[type];
        continue;
      }
      if (!item) {
        throw decodeError('unknownChannel', { offset: i, channel: `0x${hex2(ch)}`, type: `0x${hex2(type)}`, model },
          `byte ${i}: unknown ${model} channel 0x${hex2(ch)} type 0x${hex2(type)}`);
      }
      need(bytes, i + 2, item[0], item[1]);
      put(out, item[1], clean(item[2](bytes, i + 2)), item[3]);
      i += 2 + item[0];
    }
    return out;
  };
}

/** CRC-16/KERMIT (poly 0x1021 reflected, init 0), as SenseCAP appends it little-endian. */
export function crc16Kermit(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/** SenseCAP measurement ids → canonical name, divisor to the canonical unit. */
const SENSECAP_IDS: Record<number, [string, number, string?]> = {
  4097: ['airTemperature', 1000], 4098: ['airHumidity', 1000], 4099: ['illuminance', 1000],
  4100: ['co2', 1000], 4101: ['airPressure', 100000], 4102: ['soilTemperature', 1000],
  4103: ['soilMoisture', 1000], 4104: ['windDirection', 1000], 4105: ['windSpeed', 1000],
  4106: ['soilPH', 1000], 4107: ['ppfd', 1000], 4108: ['soilEC', 1000],
};

/** SenseCAP S210x: 7-byte frames `[channel][id u16 LE][value i32 LE /1000]` and a CRC16 at the end. */
function sensecap(bytes: Uint8Array): Decoded {
  need(bytes, 0, 9, 'SenseCAP frame and CRC');
  const end = bytes.length - 2;
  const expected = crc16Kermit(bytes, end);
  const got = bytes[end] | (bytes[end + 1] << 8);
  if (expected !== got) {
    throw decodeError('badCrc', { offset: end, expected: `0x${expected.toString(16).toUpperCase().padStart(4, '0')}`,
      got: `0x${got.toString(16).toUpperCase().padStart(4, '0')}` },
    `byte ${end}: CRC mismatch (computed 0x${expected.toString(16)}, frame has 0x${got.toString(16)})`);
  }
  if (end % 7 !== 0) need(bytes, end - (end % 7), 7, 'SenseCAP measurement');
  const out = emptyDecoded();
  for (let i = 0; i < end; i += 7) {
    const id = u16le(bytes, i + 1);
    const raw = i32le(bytes, i + 3);
    const known = SENSECAP_IDS[id];
    if (known) put(out, known[0], clean(raw / known[1]));
    else if (id === 7) put(out, 'batteryPercent', (raw >>> 0) & 0xffff);
    else if (id > 4096) put(out, `sensecap_${id}`, clean(raw / 1000));
    // ids 0-6 and 0x120: version, sensor EUI and removal notices carry no measurement
  }
  return out;
}

type ElsysItem = [size: number, name?: string, read?: (b: Uint8Array, i: number) => number, unit?: string];
const ELSYS: Record<number, ElsysItem> = {
  0x01: [2, 'airTemperature', (b, i) => i16be(b, i) / 10],
  0x02: [1, 'airHumidity', (b, i) => b[i]],
  0x03: [3],                                                         // acceleration x, y, z
  0x04: [2, 'illuminance', u16be],
  0x05: [1, 'motion', (b, i) => b[i], 'count'],
  0x06: [2, 'co2', u16be],
  0x07: [2, 'batteryVoltage', (b, i) => u16be(b, i) / 1000],        // mV → V
  0x08: [2, 'analog1', u16be, 'mV'],
  0x09: [6],                                                         // GPS
  0x0a: [2, 'pulse1', u16be], 0x0b: [4, 'pulse1Absolute', u32be],
  0x0c: [2, 'externalTemperature', (b, i) => i16be(b, i) / 10, '°C'],
  0x0d: [1, 'externalDigital', (b, i) => b[i]], 0x0e: [2, 'externalDistance', u16be, 'mm'],
  0x0f: [1, 'accMotion', (b, i) => b[i]], 0x10: [4], 0x11: [1, 'occupancy', (b, i) => b[i]],
  0x12: [1, 'waterLeak', (b, i) => b[i]], 0x13: [65],
  0x14: [4, 'airPressure', (b, i) => u32be(b, i) / 1000],
  0x15: [2], 0x16: [2, 'pulse2', u16be], 0x17: [4, 'pulse2Absolute', u32be],
  0x18: [2, 'analog2', u16be, 'mV'], 0x19: [2, 'externalTemperature2', (b, i) => i16be(b, i) / 10, '°C'],
  0x1a: [1, 'externalDigital2', (b, i) => b[i]], 0x1b: [4], 0x1c: [2, 'tvoc', u16be, 'ppb'],
};

/** Elsys ERS family: type-length-value items, big-endian. */
function elsys(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw decodeError('empty', { offset: 0 }, 'byte 0: empty frame');
  const out = emptyDecoded();
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i];
    const item = ELSYS[type];
    if (!item) {
      throw decodeError('unknownElsysType', { offset: i, type: `0x${hex2(type)}` },
        `byte ${i}: unknown Elsys data type 0x${hex2(type)}`);
    }
    need(bytes, i + 1, item[0], item[1] ?? `Elsys type 0x${hex2(type)}`);
    if (item[1] && item[2]) put(out, item[1], clean(item[2](bytes, i + 1)), item[3]);
    i += 1 + item[0];
  }
  return out;
}

/** Every built-in profile by id (the sensor-decode format select lists these). */
export const PROFILES: Readonly<Record<string, Profile>> = {
  'dragino-lse01': { id: 'dragino-lse01', vendor: 'Dragino', model: 'LSE01', decode: lse01,
    summary: 'soil moisture/temperature/EC, fPort 2, 11 bytes big-endian' },
  'dragino-lht65': { id: 'dragino-lht65', vendor: 'Dragino', model: 'LHT65', decode: lht65,
    summary: 'air temperature/humidity + external probe, fPort 2, 11 bytes' },
  'milesight-em300-th': { id: 'milesight-em300-th', vendor: 'Milesight', model: 'EM300-TH',
    decode: milesight('EM300-TH', false), summary: 'channel/type items, little-endian: battery, temperature, humidity' },
  'milesight-em500-smtc': { id: 'milesight-em500-smtc', vendor: 'Milesight', model: 'EM500-SMTC',
    decode: milesight('EM500-SMTC', true), summary: 'channel/type items: battery, soil temperature, moisture, EC' },
  'milesight-am319': { id: 'milesight-am319', vendor: 'Milesight', model: 'AM319',
    decode: milesight('AM319', false, true), summary: 'channel/type items: temperature, humidity, CO2, pressure, ...' },
  'sensecap-s210x': { id: 'sensecap-s210x', vendor: 'SenseCAP', model: 'S210x', decode: sensecap,
    summary: '7-byte measurement frames (id u16 LE, value i32 LE /1000) + CRC16' },
  'elsys-ers': { id: 'elsys-ers', vendor: 'Elsys', model: 'ERS', decode: elsys,
    summary: 'type-length-value, big-endian: temperature, humidity, light, motion, CO2, VDD' },
};
