// Elsys ERS / EMS / ELT family: type-length-value items, big-endian, every data type of the vendor's decoder in The
// Things Network device repository (vendor/elsys/elsys.js, maintained by Elsys). Names are canonical where a metric
// exists. As in the vendor decoder, a repeated item replaces the earlier one (with a warning), except the second
// external temperature, which may come once per probe (numbered _2, _3…). An unknown type ends the frame with a
// warning, keeping what was decoded before it (its length is unknown).
import { clean, decodeError, hex2, need } from '../errors';
import { type Decoded, emptyDecoded, put, warn } from '../values';
import { i16be, i32be, i8, u16be, u32be } from './common';

type Reader = (b: Uint8Array, i: number, out: Decoded) => void;

/** Adds a value that may repeat (one per probe): a name already present in this frame gets _2, _3… */
function numbered(out: Decoded, name: string, value: number, unit?: string): void {
  let n = name;
  for (let k = 2; Object.hasOwn(out.values, n); k++) n = `${name}_${k}`;
  put(out, n, value, unit);
}

const one = (name: string, read: (b: Uint8Array, i: number) => number, unit?: string): Reader => (b, i, o) => put(o, name, read(b, i), unit);
const u8 = (b: Uint8Array, i: number) => b[i];
/** Acceleration: signed counts, ±63 = 1 G (vendor decoder comment), given in G to three decimals. */
const g = (b: Uint8Array, i: number) => Math.round((i8(b, i) / 63) * 1000) / 1000;

const ELSYS: Record<number, [size: number, read: Reader]> = {
  0x01: [2, one('airTemperature', (b, i) => i16be(b, i) / 10)],
  0x02: [1, one('airHumidity', u8)],
  0x03: [3, (b, i, o) => { put(o, 'accelerationX', g(b, i), 'G'); put(o, 'accelerationY', g(b, i + 1), 'G'); put(o, 'accelerationZ', g(b, i + 2), 'G'); }],
  0x04: [2, one('illuminance', u16be)],
  0x05: [1, one('motion', u8, 'count')],
  0x06: [2, one('co2', u16be)],
  0x07: [2, one('batteryVoltage', (b, i) => u16be(b, i) / 1000)],            // mV → V
  0x08: [2, one('analog1', u16be, 'mV')],
  0x09: [6, (b, i, o) => {                                                     // raw 24-bit words, as the vendor decoder gives them
    put(o, 'gpsLatitudeRaw', (b[i] << 16) | (b[i + 1] << 8) | b[i + 2]);
    put(o, 'gpsLongitudeRaw', (b[i + 3] << 16) | (b[i + 4] << 8) | b[i + 5]);
  }],
  0x0a: [2, one('pulse1', u16be, 'count')],
  0x0b: [4, one('pulse1Absolute', u32be, 'count')],
  0x0c: [2, one('externalTemperature', (b, i) => i16be(b, i) / 10, '°C')],
  0x0d: [1, one('externalDigital', u8)],
  0x0e: [2, one('externalDistance', u16be, 'mm')],
  0x0f: [1, one('accMotion', u8, 'count')],
  0x10: [4, (b, i, o) => { put(o, 'irInternalTemperature', i16be(b, i) / 10, '°C'); put(o, 'irExternalTemperature', i16be(b, i + 2) / 10, '°C'); }],
  0x11: [1, one('occupancy', u8)],
  0x12: [1, one('waterLeak', u8)],
  0x13: [65, (b, i, o) => { for (let p = 0; p < 64; p++) put(o, `gridEye_${p}`, clean(b[i] + b[i + 1 + p] / 10), '°C'); }],
  0x14: [4, one('airPressure', (b, i) => u32be(b, i) / 1000)],
  0x15: [2, (b, i, o) => { put(o, 'soundPeak', b[i], 'dB'); put(o, 'soundAverage', b[i + 1], 'dB'); }],
  0x16: [2, one('pulse2', u16be, 'count')],
  0x17: [4, one('pulse2Absolute', u32be, 'count')],
  0x18: [2, one('analog2', u16be, 'mV')],
  0x19: [2, (b, i, o) => numbered(o, 'externalTemperature2', i16be(b, i) / 10, '°C')],
  0x1a: [1, one('externalDigital2', u8)],
  0x1b: [4, one('analogUv', i32be, 'µV')],
  0x1c: [2, one('tvoc', u16be, 'ppb')],
  0x3d: [4, () => undefined],                                                  // debug word: nothing to report
};

/** Elsys frame: every item of the vendor's type table. */
export function elsys(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw decodeError('empty', { offset: 0 }, 'byte 0: empty frame');
  const out = emptyDecoded();
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i];
    const item = ELSYS[type];
    if (!item && i === 0) {
      throw decodeError('unknownElsysType', { offset: i, type: `0x${hex2(type)}` }, `byte ${i}: unknown Elsys data type 0x${hex2(type)}`);
    }
    if (!item) {
      warn(out, 'unreadRest', { offset: i, model: 'Elsys' }, `byte ${i}: unknown Elsys data type 0x${hex2(type)}; the rest of the frame was not read`);
      break;
    }
    need(bytes, i + 1, item[0], `Elsys type 0x${hex2(type)}`);
    item[1](bytes, i + 1, out);
    i += 1 + item[0];
  }
  return out;
}
