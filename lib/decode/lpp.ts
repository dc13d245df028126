// CayenneLPP (big-endian `[channel][type][data]` repeated) with the IPSO types of the reference library and the
// RAK extended types. Names follow the reference decoders: `<type name>_<channel>` (temperature_3); multi-value
// types flatten to `<name>_<channel>_<axis>` (accelerometer_5_x, gps_1_latitude) so the payload stays flat numbers.
import { decodeError, hex2, need } from './errors';

/** One decoded value of an LPP frame, before any user mapping. */
export interface LppField {
  channel: number;
  type: number;
  /** the type's name, e.g. "temperature" */
  name: string;
  /** the flat key, e.g. "temperature_3" or "gps_1_latitude" */
  key: string;
  value: number;
  unit?: string;
  /** byte offset of the item's channel byte */
  offset: number;
}

interface LppType {
  name: string;
  size: number;
  /** per-axis parts: [suffix, bytes, divisor, signed] */
  parts: Array<[string, number, number, boolean]>;
  unit?: string;
}

function simple(name: string, size: number, divisor: number, signed: boolean, unit?: string): LppType {
  return { name, size, parts: [['', size, divisor, signed]], unit };
}
function axes(name: string, each: number, divisor: number, unit: string): LppType {
  return { name, size: each * 3, parts: [['_x', each, divisor, true], ['_y', each, divisor, true], ['_z', each, divisor, true]], unit };
}

/** The type table: docs/domain.md §1 (IPSO/ElectronicCats types plus RAK's extended types). */
export const LPP_TYPES: Readonly<Record<number, LppType>> = {
  0: simple('digital_in', 1, 1, false),
  1: simple('digital_out', 1, 1, false),
  2: simple('analog_in', 2, 100, true),
  3: simple('analog_out', 2, 100, true),
  100: simple('generic', 4, 1, false),
  101: simple('illuminance', 2, 1, false, 'lx'),
  102: simple('presence', 1, 1, false),
  103: simple('temperature', 2, 10, true, '°C'),
  104: simple('humidity', 1, 2, false, '%'),
  112: simple('humidity_prec', 2, 10, false, '%'),
  113: axes('accelerometer', 2, 1000, 'G'),
  115: simple('barometer', 2, 10, false, 'hPa'),
  116: simple('voltage', 2, 100, false, 'V'),
  117: simple('current', 2, 1000, false, 'A'),
  118: simple('frequency', 4, 1, false, 'Hz'),
  120: simple('percentage', 1, 1, false, '%'),
  121: simple('altitude', 2, 1, true, 'm'),
  125: simple('concentration', 2, 1, false, 'ppm'),
  128: simple('power', 2, 1, false, 'W'),
  130: simple('distance', 4, 1000, false, 'm'),
  131: simple('energy', 4, 1000, false, 'kWh'),
  132: simple('direction', 2, 1, false, '°'),
  133: simple('time', 4, 1, false, 's'),
  134: axes('gyrometer', 2, 100, '°/s'),
  135: { name: 'colour', size: 3, parts: [['_r', 1, 1, false], ['_g', 1, 1, false], ['_b', 1, 1, false]] },
  136: { name: 'gps', size: 9, parts: [['_latitude', 3, 10000, true], ['_longitude', 3, 10000, true], ['_altitude', 3, 100, true]] },
  137: { name: 'gps', size: 11, parts: [['_latitude', 4, 1000000, true], ['_longitude', 4, 1000000, true], ['_altitude', 3, 100, true]] },
  142: simple('switch', 1, 1, false),
  188: simple('soil_moist', 2, 10, false, '%'),
  190: simple('wind_speed', 2, 100, false, 'm/s'),
  191: simple('wind_direction', 2, 1, false, '°'),
  192: simple('soil_ec', 2, 1000, false, 'mS/cm'),
  193: simple('soil_ph_h', 2, 100, false, 'pH'),
  194: simple('soil_ph_l', 2, 10, false, 'pH'),
  195: simple('pyranometer', 2, 1, false, 'W/m²'),
  203: simple('light', 1, 1, false),
};

const PART_UNITS: Record<string, string> = { _latitude: '°', _longitude: '°', _altitude: 'm' };

/** Options of the LPP decoder. */
export interface LppOptions {
  /** Read voltage (116) and current (117) as signed (the C++ library since v1.6.1); default unsigned. */
  signedPower?: boolean;
}

/** The big-endian integer of `size` bytes at `at` (two's complement when `signed`). */
export function readInt(bytes: Uint8Array, at: number, size: number, signed: boolean): number {
  if (size === 2) {
    const v = (bytes[at] << 8) | bytes[at + 1];
    return signed && v >= 0x8000 ? v - 0x10000 : v;
  }
  if (size === 1) return signed && bytes[at] >= 0x80 ? bytes[at] - 0x100 : bytes[at];
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + bytes[at + i];
  if (signed) {
    const edge = 2 ** (size * 8);
    if (v >= edge / 2) v -= edge;
  }
  return v;
}

/** Flat keys by type, part and channel, built once: `temperature_3` is not re-concatenated per frame. */
const KEYS = new Map<number, string[][]>();
function keyFor(typeId: number, type: LppType, part: number, channel: number): string {
  let byPart = KEYS.get(typeId);
  if (!byPart) {
    byPart = [...type.parts.map(() => new Array<string>(256)), new Array<string>(256)];
    KEYS.set(typeId, byPart);
  }
  // the slot after the parts holds the key without an axis suffix (gps_1 of gps_1_latitude)
  return part < type.parts.length
    ? (byPart[part][channel] ??= `${type.name}_${channel}${type.parts[part][0]}`)
    : (byPart[part][channel] ??= `${type.name}_${channel}`);
}

/**
 * Receives each value of a frame: channel, type id, the flat key (gps_1_latitude), the key without the axis suffix
 * (gps_1), the value, its unit and the byte offset of its item.
 */
export type LppVisitor<T> = (context: T, channel: number, typeId: number, key: string, base: string, value: number, unit: string | undefined, offset: number) => void;

/**
 * Walks a CayenneLPP frame value by value, without building objects. An unknown type or a truncated item throws a
 * CivicError naming the byte offset (the caller then discards what it was given).
 */
export function visitLpp<T>(bytes: Uint8Array, options: LppOptions, visit: LppVisitor<T>, context: T): void {
  if (bytes.length === 0) throw decodeError('empty', { offset: 0 }, 'byte 0: empty frame');
  const signedPower = options.signedPower === true;
  let i = 0;
  while (i < bytes.length) {
    const start = i;
    if (i + 2 > bytes.length) need(bytes, i, 2, 'channel and type');
    const channel = bytes[i];
    const typeId = bytes[i + 1];
    const type = LPP_TYPES[typeId];
    if (type === undefined) {
      throw decodeError('unknownLppType', { offset: i + 1, type: `0x${hex2(typeId)}`, code: typeId, channel },
        `byte ${i + 1}: unknown CayenneLPP type 0x${hex2(typeId)} (${typeId}) on channel ${channel}`);
    }
    i += 2;
    if (i + type.size > bytes.length) need(bytes, i, type.size, `${type.name} (type ${typeId})`);
    const signedOverride = signedPower && (typeId === 116 || typeId === 117);
    const parts = type.parts;
    const base = parts.length === 1 ? keyFor(typeId, type, 0, channel) : keyFor(typeId, type, parts.length, channel);
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      const raw = readInt(bytes, i, part[1], part[3] || signedOverride);
      // an integer divided by a power of ten is the double nearest the decimal: 272 / 10 prints as 27.2
      visit(context, channel, typeId, keyFor(typeId, type, p, channel), base, part[2] === 1 ? raw : raw / part[2], PART_UNITS[part[0]] ?? type.unit, start);
      i += part[1];
    }
  }
}

/**
 * Decodes a CayenneLPP frame into fields. An unknown type or a truncated item throws a CivicError naming the byte
 * offset; there is never a partial result.
 */
export function decodeLpp(bytes: Uint8Array, options: LppOptions = {}): LppField[] {
  const fields: LppField[] = [];
  visitLpp(bytes, options, (list: LppField[], channel, type, key, _base, value, unit, offset) => {
    list.push({ channel, type, name: LPP_TYPES[type].name, key, value, unit, offset });
  }, fields);
  return fields;
}

/** Where one value of a frame sits and how it is read: what a precompiled layout needs (see lpp-plan.ts). */
export interface LppSlot {
  channel: number; key: string; base: string; unit: string | undefined;
  /** offset of the item's channel byte */
  item: number;
  /** offset and size of the value's bytes */
  at: number; size: number; signed: boolean; divisor: number;
}

/** The slots of a well-formed frame, in frame order (call it only on a frame that visitLpp accepted). */
export function lppSlots(bytes: Uint8Array, options: LppOptions): LppSlot[] {
  const slots: LppSlot[] = [];
  const signedPower = options.signedPower === true;
  for (let i = 0; i < bytes.length;) {
    const item = i;
    const channel = bytes[i];
    const typeId = bytes[i + 1];
    const type = LPP_TYPES[typeId];
    const parts = type.parts;
    const base = keyFor(typeId, type, parts.length === 1 ? 0 : parts.length, channel);
    i += 2;
    for (let p = 0; p < parts.length; p++) {
      const [suffix, size, divisor, signed] = parts[p];
      slots.push({ channel, item, key: keyFor(typeId, type, p, channel), base, unit: PART_UNITS[suffix] ?? type.unit,
        at: i, size, signed: signed || (signedPower && (typeId === 116 || typeId === 117)), divisor });
      i += size;
    }
  }
  return slots;
}
