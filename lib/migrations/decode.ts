// Config migrations of sensor-decode. Plain data + steps, no import of the registry (lib/migrations/index.ts
// registers them), so there is no import cycle.
import type { MigrationStep } from './index';

/**
 * civic-sensor-decode 1 → 2: Modbus rows name register addresses (absolute) since version 2; flows saved with
 * version 1 counted rows from the first register read, so they keep that meaning.
 */
const sensorDecode1: MigrationStep = (c) => ({ ...c, modbusAddressing: c.modbusAddressing ?? 'relative' });

/** Migration steps by node type and the version they start from. */
export const DECODE_MIGRATIONS: Array<[string, number, MigrationStep]> = [
  ['civic-sensor-decode', 1, sensorDecode1],
];
