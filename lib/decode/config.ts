// The sensor-decode node's saved config across versions. Version 2 names Modbus rows by register address
// (absolute); flows saved with version 1 counted rows from the first register read, so they keep that meaning.
import { registerMigration } from '../migrations';

/** The config version sensor-decode writes. */
export const SENSOR_DECODE_VERSION = 2;

registerMigration('civic-sensor-decode', 1, (c) => ({ ...c, modbusAddressing: 'relative' }));
