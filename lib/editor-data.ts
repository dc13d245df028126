// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { FORMATS } from './decode';
import { ACTIONS, CATEGORIES, PRESETS } from './privacy/policy';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';
import {
  ALERT_STATES, ACTIVE_PERIODS, CONDITIONS, CONDITION_FIELDS, MAIL_SECURITY, MAIL_STATES, MUTE_REPEATS, MUTE_TARGETS, NODE_LANGS, PRESET_FIELDS,
  PRESET_NAMES, SCOPES, SEVERITIES, WEEKDAYS,
} from './alerts';
import { METRIC_CATALOG, METRIC_FIELDS } from './metrics/catalog';
import { API_VERSIONS, FULL_POLICIES, HISTORY_METHODS, PRECISIONS_V1, PRECISIONS_V2, SERVER_KINDS } from './storage/options';

/** Enumerations by name: `"$enum": "privacy.actions"` in a schema, `CivicEnums.enums['privacy.actions']` in the editor. */
export const ENUMS: Readonly<Record<string, readonly (string | number)[]>> = {
  'decode.formats': FORMATS,
  'privacy.actions': ACTIONS,
  'privacy.categories': CATEGORIES,
  'privacy.presets': PRESETS,
  'alerts.conditions': CONDITIONS,
  'alerts.states': ALERT_STATES,
  'alerts.severities': SEVERITIES,
  'alerts.activePeriods': ACTIVE_PERIODS,
  'alerts.scopes': SCOPES,
  'alerts.presets': PRESET_NAMES,
  'alerts.muteRepeats': MUTE_REPEATS,
  'alerts.muteTargets': MUTE_TARGETS,
  'alerts.weekdays': WEEKDAYS,
  'alerts.mailStates': MAIL_STATES,
  'alerts.mailSecurity': MAIL_SECURITY,
  'alerts.langs': NODE_LANGS,
  'metrics.fields': METRIC_FIELDS,
  'storage.apiVersions': API_VERSIONS,
  'storage.precisionsV1': PRECISIONS_V1,
  'storage.precisionsV2': PRECISIONS_V2,
  'storage.policies': FULL_POLICIES,
  'storage.serverKinds': SERVER_KINDS,
  'storage.historyMethods': HISTORY_METHODS,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  /** the editor columns each alert condition uses */
  'alerts.conditionFields': CONDITION_FIELDS,
  /** the field each alert preset belongs to (grouping in the preset list) */
  'alerts.presetFields': PRESET_FIELDS,
  /** canonical metrics with field, Japanese / English label and unit (suggestions in rule tables) */
  'metrics.catalog': METRIC_CATALOG,
};
