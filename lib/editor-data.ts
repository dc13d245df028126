// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { CHANNEL_PRESET_IDS, FORMATS, FORMULAS, MODBUS_ADDRESSING, MODBUS_ORDERS, MODBUS_PRESET_IDS, MODBUS_TYPES,
  PLAUSIBILITY_MODES, PLAUSIBLE_RANGES, PROFILE_IDS } from './decode';
import { METRIC_UNITS } from './metrics';
import { SIM_FORMATS, SIM_KINDS } from './sim';
import { ACTIONS, CATEGORIES, PRESETS } from './privacy/policy';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';

/** Enumerations by name: `"$enum": "privacy.actions"` in a schema, `CivicEnums.enums['privacy.actions']` in the editor. */
export const ENUMS: Readonly<Record<string, readonly (string | number)[]>> = {
  'decode.formats': FORMATS,
  'decode.profiles': PROFILE_IDS,
  'decode.channelPresets': CHANNEL_PRESET_IDS,
  'decode.modbusPresets': MODBUS_PRESET_IDS,
  'decode.modbusTypes': MODBUS_TYPES,
  'decode.modbusOrders': MODBUS_ORDERS,
  'decode.modbusAddressing': MODBUS_ADDRESSING,
  'decode.formulas': FORMULAS,
  'decode.plausibility': PLAUSIBILITY_MODES,
  'sim.kinds': SIM_KINDS,
  'sim.formats': SIM_FORMATS,
  'privacy.actions': ACTIONS,
  'privacy.categories': CATEGORIES,
  'privacy.presets': PRESETS,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  metricUnits: METRIC_UNITS,
  'decode.plausibleRanges': PLAUSIBLE_RANGES,
};
