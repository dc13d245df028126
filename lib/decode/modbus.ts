// Modbus register maps: a declarative table applied to the uint16 array node-red-contrib-modbus `modbus-read`
// emits, to the response's data bytes, or to a whole Modbus RTU response frame (slave address, function code, byte
// count, data, CRC — Modbus over Serial Line V1.02 §2.5.1; the function codes and exception codes are those of the
// Modbus Application Protocol V1.1b3 §6.3, §6.4 and §7). Rows name registers by their address in the device's
// register map; the read's start address comes from the message (or the node), so a row never has to be renumbered
// when the read starts elsewhere. Byte order within a register and word order across registers are explicit.
import { METRIC_UNITS } from '../metrics';
import { decodeError, cleanFloat32, divisorOf, scaleValue } from './errors';
import { type Decoded, emptyDecoded, warn } from './values';

/** The value types a register map row can read. */
export const MODBUS_TYPES = ['int16', 'uint16', 'int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'] as const;
export type ModbusType = typeof MODBUS_TYPES[number];
/** AB/BA for one register; ABCD (big-endian), CDAB (word-swapped), BADC (byte-swapped), DCBA (little-endian). */
export const MODBUS_ORDERS = ['AB', 'BA', 'ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export type ModbusOrder = typeof MODBUS_ORDERS[number];
/** How a row's register is counted: its address in the device's map (absolute), or from the first register read. */
export const MODBUS_ADDRESSING = ['absolute', 'relative'] as const;
export type ModbusAddressing = typeof MODBUS_ADDRESSING[number];

/** One row of a register map: `register` is the register's address (or its index in the read, when relative). */
export interface ModbusField {
  name: string;
  register: number;
  type: ModbusType;
  order?: ModbusOrder;
  scale?: number;
  offset?: number;
  unit?: string;
}

export const MODBUS_WIDTH: Record<ModbusType, number> = {
  int16: 1, uint16: 1, int32: 2, uint32: 2, float32: 2, int64: 4, uint64: 4, float64: 4,
};

const scratch = new DataView(new ArrayBuffer(8));

/** Writes the registers of one value into `view` as big-endian bytes according to `order`. */
function arrange(regs: number[], at: number, width: number, order: ModbusOrder, view: DataView): void {
  const wordSwap = order === 'CDAB' || order === 'DCBA';
  const byteSwap = order === 'BA' || order === 'BADC' || order === 'DCBA';
  for (let w = 0; w < width; w++) {
    const r = regs[at + (wordSwap ? width - 1 - w : w)];
    view.setUint16(w * 2, byteSwap ? ((r & 0xff) << 8) | (r >> 8) : r);
  }
}

/** Arranges the registers of one value as big-endian bytes according to `order`. */
export function orderedBytes(regs: number[], at: number, width: number, order: ModbusOrder): Buffer {
  const b = Buffer.alloc(width * 2);
  arrange(regs, at, width, order, new DataView(b.buffer, b.byteOffset, b.length));
  return b;
}

function readScratch(type: ModbusType, name: string, out?: Decoded): number {
  switch (type) {
    case 'int16': return scratch.getInt16(0);
    case 'uint16': return scratch.getUint16(0);
    case 'int32': return scratch.getInt32(0);
    case 'uint32': return scratch.getUint32(0);
    case 'float32': return cleanFloat32(scratch.getFloat32(0));
    case 'float64': return scratch.getFloat64(0);
    default: {
      const big = type === 'int64' ? scratch.getBigInt64(0) : scratch.getBigUint64(0);
      const n = Number(big);
      if (!Number.isSafeInteger(n) && out) warn(out, 'rounded', { name }, `${name}: ${big.toString()} exceeds 2^53 and was rounded`);
      return n;
    }
  }
}

/** Reads one raw value (before scale and offset). 64-bit integers beyond 2^53 lose precision (a warning says so). */
export function readRegisters(regs: number[], field: ModbusField, out?: Decoded): number {
  const width = MODBUS_WIDTH[field.type];
  arrange(regs, field.register, width, field.order ?? (width === 1 ? 'AB' : 'ABCD'), scratch);
  return readScratch(field.type, field.name, out);
}

/** Compiles a register map once (widths, orders, divisors) into a function over register arrays read from `start`. */
export function compileModbusMap(map: ModbusField[]): (regs: number[], start?: number) => Decoded {
  const fields = map.map((f) => {
    const width = MODBUS_WIDTH[f.type];
    const scale = f.scale ?? 1;
    const offset = f.offset ?? 0;
    return { ...f, width, scale, offset, order: f.order ?? (width === 1 ? 'AB' : 'ABCD') as ModbusOrder,
      divisor: divisorOf(scale), unit: f.unit || (METRIC_UNITS as Record<string, string>)[f.name] };
  });
  return (regs, start = 0) => {
    if (fields.length === 0) throw decodeError('noModbusMap', { offset: 0 }, 'no Modbus register map is configured');
    const out = emptyDecoded();
    for (const f of fields) {
      const at = f.register - start;
      if (at < 0 || at + f.width > regs.length) {
        const last = f.register + f.width - 1;
        throw decodeError('modbusRange', { offset: Math.max(0, at) * 2, name: f.name, register: f.register, last,
          start, end: start + regs.length - 1 },
        `${f.name} needs registers ${f.register} to ${last}, but the read covers ${start} to ${start + regs.length - 1}`);
      }
      arrange(regs, at, f.width, f.order, scratch);
      const raw = readScratch(f.type, f.name, out);
      if (Object.hasOwn(out.values, f.name)) warn(out, 'twice', { name: f.name }, `${f.name} appears twice; the last value is kept`);
      out.values[f.name] = scaleValue(raw, f.scale, f.offset, f.divisor);
      if (f.unit !== undefined) out.units[f.name] = f.unit;
    }
    return out;
  };
}

/** Applies a register map; a field beyond the read is an error naming the registers, never a partial result. */
export function decodeModbus(regs: number[], map: ModbusField[], start = 0): Decoded {
  return compileModbusMap(map)(regs, start);
}

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), sent low byte first (Modbus over Serial Line §6.2.2). */
export function crc16Modbus(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Exception codes of the Modbus Application Protocol V1.1b3 §7. */
export const MODBUS_EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'ILLEGAL FUNCTION', 2: 'ILLEGAL DATA ADDRESS', 3: 'ILLEGAL DATA VALUE', 4: 'SERVER DEVICE FAILURE',
  5: 'ACKNOWLEDGE', 6: 'SERVER DEVICE BUSY', 8: 'MEMORY PARITY ERROR', 10: 'GATEWAY PATH UNAVAILABLE',
  11: 'GATEWAY TARGET DEVICE FAILED TO RESPOND',
};

/** A Modbus RTU read response (function 3 or 4): its registers after the CRC, the function and the byte count are checked. */
export function rtuRegisters(bytes: Uint8Array): { unit: number; fc: number; registers: number[] } {
  const hex = (n: number, w = 4) => `0x${n.toString(16).toUpperCase().padStart(w, '0')}`;
  if (bytes.length < 5) throw decodeError('truncated', { offset: 0, expected: 5, got: bytes.length, what: 'Modbus RTU frame' }, 'a Modbus RTU frame has at least 5 bytes');
  const end = bytes.length - 2;
  const expected = crc16Modbus(bytes, end);
  const got = bytes[end] | (bytes[end + 1] << 8);
  if (expected !== got) {
    throw decodeError('badCrc', { offset: end, expected: hex(expected), got: hex(got) }, `byte ${end}: CRC mismatch (computed ${hex(expected)}, frame has ${hex(got)})`);
  }
  const fc = bytes[1];
  if (fc & 0x80) {
    const code = bytes[2];
    throw decodeError('modbusException', { offset: 2, code: hex(code, 2), name: MODBUS_EXCEPTIONS[code] ?? 'UNKNOWN' },
      `byte 2: the device answered with Modbus exception ${hex(code, 2)} (${MODBUS_EXCEPTIONS[code] ?? 'UNKNOWN'})`);
  }
  if (fc !== 3 && fc !== 4) {
    throw decodeError('modbusFunction', { offset: 1, fc }, `byte 1: function ${fc} does not return registers (3 or 4 does)`);
  }
  if (bytes[2] !== end - 3 || bytes[2] % 2 !== 0) {
    throw decodeError('modbusCount', { offset: 2, count: bytes[2], size: end - 3 }, `byte 2: the byte count ${bytes[2]} does not match the ${end - 3} data bytes`);
  }
  const registers: number[] = [];
  for (let i = 3; i < end; i += 2) registers.push((bytes[i] << 8) | bytes[i + 1]);
  return { unit: bytes[0], fc, registers };
}
