// SenseCAP S210x sensors: 7-byte items `[channel][data id u16 LE][value i32 LE]` and a CRC-16 at the end, after the
// vendor's decoder in The Things Network device repository (vendor/sensecap/sensecap210x-common-decoder.js).
// Data ids above 4096 are measurements (value / 1000); ids 0–7 and 0x120 are device properties.
import { decodeError, clean, need } from '../errors';
import { type Decoded, emptyDecoded, put, putInfo } from '../values';
import { hexOf, i32le, u16le } from './common';

/** SenseCAP measurement ids → canonical name and the divisor of the raw value to that name's unit. */
export const SENSECAP_IDS: Readonly<Record<number, readonly [string, number]>> = {
  4097: ['airTemperature', 1000], 4098: ['airHumidity', 1000], 4099: ['illuminance', 1000],
  4100: ['co2', 1000], 4101: ['airPressure', 100000], 4102: ['soilTemperature', 1000],
  4103: ['soilMoisture', 1000], 4104: ['windDirection', 1000], 4105: ['windSpeed', 1000],
  4106: ['soilPH', 1000], 4107: ['ppfd', 1000], 4108: ['soilEC', 1000],
};

/** CRC-16/KERMIT (poly 0x1021 reflected, init 0), as SenseCAP appends it little-endian. */
export function crc16Kermit(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

const hex4 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
const version = (b: Uint8Array, i: number) => [`${b[i + 3]}.${b[i + 2]}`, `${b[i + 1]}.${b[i]}`];

/** A device-property item (ids 0–7, 0x120): device information, and the battery as a reading. */
function property(id: number, bytes: Uint8Array, i: number, out: Decoded, eui: string[]): void {
  switch (id) {
    case 0: { const [hw, sw] = version(bytes, i); putInfo(out, 'hardwareVersion', hw); putInfo(out, 'softwareVersion', sw); return; }
    case 1: { const [hw, sw] = version(bytes, i); putInfo(out, 'sensorHardwareVersion', hw); putInfo(out, 'sensorSoftwareVersion', sw); return; }
    case 2: eui[1] = hexOf(bytes.slice(i, i + 4).reverse(), 0, 4); return;
    case 3: eui[0] = hexOf(bytes.slice(i, i + 4).reverse(), 0, 4); return;
    case 7:
      put(out, 'batteryPercent', u16le(bytes, i));
      putInfo(out, 'uploadInterval', u16le(bytes, i + 2) * 60);         // minutes on the wire, seconds in the vendor's output
      return;
    case 0x120: putInfo(out, 'sensorRemoved', 1); return;
    default:                                                           // 4–6: carry nothing the vendor decodes
  }
}

/** SenseCAP S210x frame: measurements, device properties and the CRC check. */
export function sensecap(bytes: Uint8Array): Decoded {
  need(bytes, 0, 9, 'SenseCAP frame and CRC');
  const end = bytes.length - 2;
  const expected = crc16Kermit(bytes, end);
  const got = bytes[end] | (bytes[end + 1] << 8);
  if (expected !== got) {
    throw decodeError('badCrc', { offset: end, expected: hex4(expected), got: hex4(got) },
      `byte ${end}: CRC mismatch (computed ${hex4(expected)}, frame has ${hex4(got)})`);
  }
  if (end % 7 !== 0) need(bytes, end - (end % 7), 7, 'SenseCAP measurement');
  const out = emptyDecoded();
  const eui: string[] = [];
  for (let i = 0; i < end; i += 7) {
    const id = u16le(bytes, i + 1);
    if (id > 4096) {
      const known = SENSECAP_IDS[id];
      const raw = i32le(bytes, i + 3);
      put(out, known ? known[0] : `sensecap_${id}`, clean(raw / (known ? known[1] : 1000)));
    } else property(id, bytes, i + 3, out, eui);
  }
  if (eui[0] && eui[1]) putInfo(out, 'sensorId', eui[0] + eui[1]);
  return out;
}
