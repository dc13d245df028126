// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { FORMATS } from './decode';
import { ACTIONS, ADDRESS_LEVELS, PRESET_ACTIONS, AGE_BANDS, CATEGORIES, GRANULARITIES, MISSING_FIELDS, ON_INVALID, PRESETS, RARE_HIERARCHIES,
  UNKNOWN_FIELDS } from './privacy/policy';
import { HIERARCHY_TYPES } from './privacy/hierarchy';
import { METRICS, SUPPRESSED_RECORDS } from './privacy/kanon/types';
import { CSV_DELIMITERS, CSV_ENCODINGS, CSV_EXTRA_COLUMNS, CSV_OUTPUTS } from './privacy/csv-records';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';

/** Enumerations by name: `"$enum": "privacy.actions"` in a schema, `CivicEnums.enums['privacy.actions']` in the editor. */
export const ENUMS: Readonly<Record<string, readonly (string | number)[]>> = {
  'decode.formats': FORMATS,
  'privacy.actions': ACTIONS,
  'privacy.categories': CATEGORIES,
  'privacy.presets': PRESETS,
  'privacy.unknownFields': UNKNOWN_FIELDS,
  'privacy.missingFields': MISSING_FIELDS,
  'privacy.onInvalid': ON_INVALID,
  'privacy.ageBands': AGE_BANDS,
  'privacy.granularities': GRANULARITIES,
  'privacy.addressLevels': ADDRESS_LEVELS,
  'privacy.rareHierarchies': RARE_HIERARCHIES,
  'privacy.hierarchies': HIERARCHY_TYPES,
  'privacy.metrics': METRICS,
  'privacy.suppressedRecords': SUPPRESSED_RECORDS,
  'csv.encodings': CSV_ENCODINGS,
  'csv.delimiters': CSV_DELIMITERS,
  'csv.outputs': CSV_OUTPUTS,
  'csv.extraColumns': CSV_EXTRA_COLUMNS,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  privacyPresetActions: PRESET_ACTIONS,
};
