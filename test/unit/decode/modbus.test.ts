import assert from 'assert';
import { decodeModbus, readRegisters, type Decoded, type ModbusField, type ModbusOrder } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const f = (type: ModbusField['type'], order?: ModbusOrder, extra: Partial<ModbusField> = {}): ModbusField =>
  ({ name: 'x', register: 0, type, order, ...extra });

describe('Modbus register maps', () => {
  it('float32 ABCD [0x42BB, 0x1080] is 93.53223 without float32 noise', () => {
    assert.strictEqual(readRegisters([0x42bb, 0x1080], f('float32', 'ABCD')), 93.53223);
  });

  it('every word order reads the same float32', () => {
    const cases: Array<[ModbusOrder, number[]]> = [
      ['ABCD', [0x42bb, 0x1080]], ['CDAB', [0x1080, 0x42bb]], ['BADC', [0xbb42, 0x8010]], ['DCBA', [0x8010, 0xbb42]],
    ];
    for (const [order, regs] of cases) assert.strictEqual(readRegisters(regs, f('float32', order)), 93.53223, order);
  });

  it('27.2 as float32 comes out as 27.2', () => {
    const b = Buffer.alloc(4);
    b.writeFloatBE(27.2);
    assert.strictEqual(readRegisters([b.readUInt16BE(0), b.readUInt16BE(2)], f('float32')), 27.2);
  });

  it('16-bit types with byte order AB and BA, negative values', () => {
    assert.strictEqual(readRegisters([0xff9c], f('int16')), -100);
    assert.strictEqual(readRegisters([0x9cff], f('int16', 'BA')), -100);
    assert.strictEqual(readRegisters([0xff9c], f('uint16')), 65436);
    assert.strictEqual(readRegisters([0x8000], f('int16')), -32768);
    assert.strictEqual(readRegisters([0x7fff], f('int16')), 32767);
  });

  it('32-bit integers in all word orders', () => {
    assert.strictEqual(readRegisters([0x0001, 0x86a0], f('uint32', 'ABCD')), 100000);
    assert.strictEqual(readRegisters([0x86a0, 0x0001], f('uint32', 'CDAB')), 100000);
    assert.strictEqual(readRegisters([0x0100, 0xa086], f('uint32', 'BADC')), 100000);
    assert.strictEqual(readRegisters([0xa086, 0x0100], f('uint32', 'DCBA')), 100000);
    assert.strictEqual(readRegisters([0xffff, 0xfffe], f('int32')), -2);
    assert.strictEqual(readRegisters([0xffff, 0xffff], f('uint32')), 4294967295);
  });

  it('64-bit types: float64, int64, uint64 with word swap', () => {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(-1234.5678);
    const regs = [0, 2, 4, 6].map((i) => b.readUInt16BE(i));
    assert.strictEqual(readRegisters(regs, f('float64')), -1234.5678);
    assert.strictEqual(readRegisters([...regs].reverse(), f('float64', 'CDAB')), -1234.5678);
    assert.strictEqual(readRegisters([0xffff, 0xffff, 0xffff, 0xfffe], f('int64')), -2);
    assert.strictEqual(readRegisters([0, 0, 1, 0], f('uint64')), 65536);
    const out: Decoded = { values: {}, units: {}, warnings: [] };
    readRegisters([0xffff, 0xffff, 0xffff, 0xffff], f('uint64'), out);
    assert.strictEqual(out.warnings.length, 1);
    assert.strictEqual(out.warnings[0].key, 'civic-sensor-decode.warnings.rounded');
  });

  it('applies scale and offset without float noise, with units', () => {
    const d = decodeModbus([0x0110, 0x02cb, 0xfff6], [
      { name: 'airTemperature', register: 0, type: 'int16', scale: 0.1 },
      { name: 'airHumidity', register: 1, type: 'uint16', scale: 0.1 },
      { name: 'tank', register: 2, type: 'int16', scale: 0.1, offset: 5, unit: 'cm' },
    ]);
    assert.deepStrictEqual(d.values, { airTemperature: 27.2, airHumidity: 71.5, tank: 4 });
    assert.deepStrictEqual(d.units, { airTemperature: '°C', airHumidity: '%', tank: 'cm' });
  });

  it('the issue example: 10 registers → 5 values', () => {
    const fl = Buffer.alloc(4);
    fl.writeFloatBE(812.5);
    const regs = [0xff06, 712, fl.readUInt16BE(2), fl.readUInt16BE(0), 0x0001, 0x0002, 655, 0, 0, 0];
    const d = decodeModbus(regs, [
      { name: 'airTemperature', register: 0, type: 'int16', scale: 0.1 },
      { name: 'airHumidity', register: 1, type: 'uint16', scale: 0.1 },
      { name: 'solarRadiation', register: 2, type: 'float32', order: 'CDAB' },
      { name: 'counter', register: 4, type: 'uint32', order: 'ABCD' },
      { name: 'soilPH', register: 6, type: 'int16', scale: 0.01 },
    ]);
    assert.deepStrictEqual(d.values, { airTemperature: -25, airHumidity: 71.2, solarRadiation: 812.5, counter: 65538, soilPH: 6.55 });
  });

  it('a field beyond the read is an error naming the registers it needs and the ones read', () => {
    assert.throws(() => decodeModbus([1, 2, 3], [{ name: 'solarRadiation', register: 2, type: 'float32' }]), (err: unknown) => {
      assert.ok(isCivicError(err));
      assert.strictEqual(err.key, 'civic-sensor-decode.errors.modbusRange');
      assert.strictEqual(err.params.offset, 4);
      assert.strictEqual(err.params.name, 'solarRadiation');
      assert.deepStrictEqual([err.params.register, err.params.last, err.params.start, err.params.end], [2, 3, 0, 2]);
      return true;
    });
  });
});
