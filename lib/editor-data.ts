// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { FORMATS } from './decode';
import { ACTIONS, CATEGORIES, PRESETS } from './privacy/policy';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';
import { COLUMN_TYPES, FILTER_OPS, STORE_BACKENDS } from './store';
import { KIND_PRESETS, WELLNESS_KINDS } from './wellness/kinds';
import { ID_KINDS } from './analysis/linkage';
import { CORRELATION_METHODS } from './analysis/correlation';
import { PREDICTOR_TYPES } from './analysis/risk';

/** Enumerations by name: `"$enum": "privacy.actions"` in a schema, `CivicEnums.enums['privacy.actions']` in the editor. */
export const ENUMS: Readonly<Record<string, readonly (string | number)[]>> = {
  'decode.formats': FORMATS,
  'privacy.actions': ACTIONS,
  'privacy.categories': CATEGORIES,
  'privacy.presets': PRESETS,
  'store.backends': STORE_BACKENDS,
  'store.columnTypes': COLUMN_TYPES,
  'store.filterOps': FILTER_OPS,
  'store.kindPresets': KIND_PRESETS,
  'linkage.idKinds': ID_KINDS,
  'analysis.correlationMethods': CORRELATION_METHODS,
  'analysis.predictorTypes': PREDICTOR_TYPES,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  storeKindPresets: WELLNESS_KINDS,
};
