// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { FORMATS } from './decode';
import { ACTIONS, CATEGORIES, PRESETS } from './privacy/policy';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';
import { API_VERSIONS, FULL_POLICIES, HISTORY_METHODS, PRECISIONS_V1, PRECISIONS_V2, SERVER_KINDS } from './storage/options';
import { COLUMN_TYPES, FILTER_OPS, STORE_BACKENDS } from './store';
import { KIND_PRESETS, WELLNESS_KINDS } from './wellness/kinds';
import { REPORT_KINDS, SHARE_MODES } from './farm/kinds';
import { NGSI_FORMATS, NGSI_TARGETS } from './farm/ngsi';
import { CROPS, GROWTH_MODEL_IDS } from './agro/growth';
import { WORK_TYPES, HARVEST_GRADES } from './farm/entry';

/** Enumerations by name: `"$enum": "privacy.actions"` in a schema, `CivicEnums.enums['privacy.actions']` in the editor. */
export const ENUMS: Readonly<Record<string, readonly (string | number)[]>> = {
  'decode.formats': FORMATS,
  'privacy.actions': ACTIONS,
  'privacy.categories': CATEGORIES,
  'privacy.presets': PRESETS,
  'storage.apiVersions': API_VERSIONS,
  'storage.precisionsV1': PRECISIONS_V1,
  'storage.precisionsV2': PRECISIONS_V2,
  'storage.policies': FULL_POLICIES,
  'storage.serverKinds': SERVER_KINDS,
  'storage.historyMethods': HISTORY_METHODS,
  'store.backends': STORE_BACKENDS,
  'store.columnTypes': COLUMN_TYPES,
  'store.filterOps': FILTER_OPS,
  'store.kindPresets': KIND_PRESETS,
  'farm.reportKinds': REPORT_KINDS,
  'farm.crops': CROPS,
  'farm.growthModels': GROWTH_MODEL_IDS,
  'farm.workTypes': WORK_TYPES,
  'farm.grades': HARVEST_GRADES,
  'farm.ngsiFormats': NGSI_FORMATS,
  'farm.ngsiTargets': NGSI_TARGETS,
  'farm.shareModes': SHARE_MODES,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  storeKindPresets: WELLNESS_KINDS,
};
