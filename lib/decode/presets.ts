// Ready-made maps for the pack's own simulator (sensor-sim), so demo flows need no typing. The simulator's
// layouts: CayenneLPP greenhouse ch1 temperature, ch2 humidity, ch3 concentration (CO2), ch4 illuminance, ch8
// voltage; soil ch1 temperature, ch2 humidity (moisture), ch3/ch4 analog input (EC dS/m, pH), ch8 voltage.
import type { ModbusField } from './modbus';
import type { LppField } from './lpp';
import type { MappingRow } from './mapping';

/** Naming rows of the simulator's CayenneLPP layouts. */
export const CHANNEL_PRESETS: Readonly<Record<string, MappingRow[]>> = {
  'civic-greenhouse': [
    { from: '1', to: 'airTemperature' }, { from: '2', to: 'airHumidity' }, { from: '3', to: 'co2' },
    { from: '4', to: 'illuminance' }, { from: '8', to: 'batteryVoltage' },
  ],
  'civic-soil': [
    { from: '1', to: 'soilTemperature' }, { from: '2', to: 'soilMoisture' }, { from: '3', to: 'soilEC' },
    { from: '4', to: 'soilPH' }, { from: '8', to: 'batteryVoltage' },
  ],
};

/** Register maps of the simulator's Modbus layouts (registers from address 0). */
export const MODBUS_PRESETS: Readonly<Record<string, ModbusField[]>> = {
  'civic-greenhouse': [
    { name: 'airTemperature', register: 0, type: 'int16', scale: 0.1 },
    { name: 'airHumidity', register: 1, type: 'uint16', scale: 0.1 },
    { name: 'co2', register: 2, type: 'uint16' },
    { name: 'solarRadiation', register: 3, type: 'float32', order: 'ABCD' },
  ],
  'civic-soil': [
    { name: 'soilTemperature', register: 0, type: 'int16', scale: 0.1 },
    { name: 'soilMoisture', register: 1, type: 'uint16', scale: 0.1 },
    { name: 'soilEC', register: 2, type: 'uint16', scale: 0.001 },            // µS/cm → dS/m
    { name: 'soilPH', register: 3, type: 'uint16', scale: 0.01 },
  ],
};

/** For the "civic-sim" preset: the simulator's soil frames carry analog inputs (EC, pH), greenhouse frames do not. */
export function simChannelPreset(fields: LppField[]): MappingRow[] {
  return CHANNEL_PRESETS[fields.some((f) => f.type === 2) ? 'civic-soil' : 'civic-greenhouse'];
}

/** For the "civic-sim" Modbus preset: greenhouse reads are 5 registers, soil reads 4. */
export function simModbusPreset(registers: number[]): ModbusField[] {
  return MODBUS_PRESETS[registers.length >= 5 ? 'civic-greenhouse' : 'civic-soil'];
}
