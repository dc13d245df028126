// Modbus register maps: a declarative table applied to the uint16 array node-red-contrib-modbus `modbus-read`
// emits (or to the response bytes). Byte order within a register and word order across registers are explicit.
import { METRIC_UNITS } from '../metrics';
import { decodeError, cleanFloat32, divisorOf, scaleValue } from './errors';
import { type Decoded, emptyDecoded } from './values';

export type ModbusType = 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'int64' | 'uint64' | 'float64';
/** AB/BA for one register; ABCD (big-endian), CDAB (word-swapped), BADC (byte-swapped), DCBA (little-endian). */
export type ModbusOrder = 'AB' | 'BA' | 'ABCD' | 'CDAB' | 'BADC' | 'DCBA';

/** One row of a register map. `register` counts from the first register of the read. */
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

function readScratch(type: ModbusType, name: string, warnings?: string[]): number {
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
      if (!Number.isSafeInteger(n)) warnings?.push(`${name}: ${big.toString()} exceeds 2^53 and was rounded`);
      return n;
    }
  }
}

/** Reads one raw value (before scale and offset). 64-bit integers beyond 2^53 lose precision (a warning says so). */
export function readRegisters(regs: number[], field: ModbusField, warnings?: string[]): number {
  const width = MODBUS_WIDTH[field.type];
  arrange(regs, field.register, width, field.order ?? (width === 1 ? 'AB' : 'ABCD'), scratch);
  return readScratch(field.type, field.name, warnings);
}

/** Compiles a register map once (widths, orders, divisors) into a function over register arrays. */
export function compileModbusMap(map: ModbusField[]): (regs: number[]) => Decoded {
  const fields = map.map((f) => {
    const width = MODBUS_WIDTH[f.type];
    const scale = f.scale ?? 1;
    const offset = f.offset ?? 0;
    return { ...f, width, scale, offset, order: f.order ?? (width === 1 ? 'AB' : 'ABCD') as ModbusOrder,
      divisor: divisorOf(scale), unit: f.unit || (METRIC_UNITS as Record<string, string>)[f.name] };
  });
  return (regs) => {
    if (fields.length === 0) throw decodeError('noModbusMap', { offset: 0 }, 'no Modbus register map is configured');
    const out = emptyDecoded();
    for (const f of fields) {
      if (f.register + f.width > regs.length) {
        throw decodeError('modbusRange', { offset: f.register * 2, name: f.name, register: f.register,
          needed: f.register + f.width, length: regs.length },
        `byte ${f.register * 2}: ${f.name} needs registers ${f.register}-${f.register + f.width - 1}, the read has ${regs.length}`);
      }
      arrange(regs, f.register, f.width, f.order, scratch);
      const raw = readScratch(f.type, f.name, out.warnings);
      if (f.name in out.values) out.warnings.push(`${f.name} appears twice; the last value is kept`);
      out.values[f.name] = scaleValue(raw, f.scale, f.offset, f.divisor);
      if (f.unit !== undefined) out.units[f.name] = f.unit;
    }
    return out;
  };
}

/** Applies a register map; a field beyond the array is an error naming its byte offset, never a partial result. */
export function decodeModbus(regs: number[], map: ModbusField[]): Decoded {
  return compileModbusMap(map)(regs);
}
