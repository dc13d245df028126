// The enumerations the JSON Schemas and the editor dialogs share, by name. Each list is defined once, in its
// domain module; this table only collects them. The build writes them into the schemas (a `"$enum": "<name>"`
// keyword becomes `"enum": [...]`) and into resources/civic-enums.js for the editor (window.CivicEnums), so a new
// value added in lib reaches validation and the dialogs without touching either. Labels live in the catalogs.
import { CHANNEL_PRESET_IDS, FORMATS, FORMULAS, MODBUS_ADDRESSING, MODBUS_ORDERS, MODBUS_PRESET_IDS, MODBUS_TYPES,
  PLAUSIBILITY_MODES, PLAUSIBLE_RANGES, PROFILE_IDS } from './decode';
import { METRIC_UNITS } from './metrics';
import { SIM_FORMATS, SIM_KINDS } from './sim';
import { ACTIONS, ADDRESS_LEVELS, PRESET_ACTIONS, AGE_BANDS, CATEGORIES, GRANULARITIES, MISSING_FIELDS, ON_INVALID, PRESETS, RARE_HIERARCHIES,
  UNKNOWN_FIELDS } from './privacy/policy';
import { HIERARCHY_TYPES } from './privacy/hierarchy';
import { METRICS, SUPPRESSED_RECORDS } from './privacy/kanon/types';
import { CSV_DELIMITERS, CSV_ENCODINGS, CSV_EXTRA_COLUMNS, CSV_OUTPUTS } from './privacy/csv-records';
import { LEGACY_TYPE_NAMES } from './migrations/type-names';
import {
  ALERT_STATES, ACTIVE_PERIODS, CONDITIONS, CONDITION_FIELDS, MAIL_SECURITY, MAIL_STATES, MUTE_REPEATS, MUTE_TARGETS, NODE_LANGS, PRESET_FIELDS,
  PRESET_NAMES, SCOPES, SEVERITIES, WEEKDAYS,
} from './alerts';
import { METRIC_CATALOG, METRIC_FIELDS } from './metrics/catalog';
import { CARD_LANGS, TOAST_POSITIONS, TOAST_STATES } from './cards';
import { MQTT_ROLES } from './security/mqtt-accounts';
import { LOGIN_ROLES, WEB_ROLES } from './security/roles';
import { API_VERSIONS, FULL_POLICIES, HISTORY_METHODS, PRECISIONS_V1, PRECISIONS_V2, SERVER_KINDS } from './storage/options';
import { FILE_ENCODINGS, IF_EXISTS, UNMAPPABLE } from './storage/atomic-file';
import { CONVERSION_IDS, FORMULA_OPERATIONS } from './formula';
import { A0_METHODS, BOARD_LANGUAGES, CITY_KPIS, DIFFERENCE_METHODS, DIRECTIONS, HE_PRESETS, PERIODS, PROGRESS_METHODS, Q0_METHODS,
  SEX_CHOICES, WINDOW_AGGREGATES, WINDOW_GROUPING, WINDOW_MODES, WINDOW_OUTPUTS, WINDOW_TIMESTAMPS, WINDOW_UNITS } from './kpi';
import { COLUMN_TYPES, FILTER_OPS, STORE_BACKENDS } from './store';
import { KIND_PRESETS, WELLNESS_KINDS } from './wellness/kinds';
import { ID_KINDS } from './analysis/linkage';
import { CORRELATION_METHODS } from './analysis/correlation';
import { PREDICTOR_TYPES } from './analysis/risk';
import { PARTITION_MODES } from './partition';
import { REPORT_KINDS, SHARE_MODES } from './farm/kinds';
import { NGSI_FORMATS, NGSI_TARGETS } from './farm/ngsi';
import { CROPS, GROWTH_MODEL_IDS } from './agro/growth';
import { WORK_TYPES, HARVEST_GRADES } from './farm/entry';

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
  'cards.langs': CARD_LANGS,
  'cards.toastStates': TOAST_STATES,
  'cards.toastPositions': TOAST_POSITIONS,
  'security.mqttRoles': MQTT_ROLES,
  'security.webRoles': WEB_ROLES,
  'security.loginRoles': LOGIN_ROLES,
  'storage.apiVersions': API_VERSIONS,
  'storage.precisionsV1': PRECISIONS_V1,
  'storage.precisionsV2': PRECISIONS_V2,
  'storage.policies': FULL_POLICIES,
  'storage.serverKinds': SERVER_KINDS,
  'storage.historyMethods': HISTORY_METHODS,
  'storage.fileEncodings': FILE_ENCODINGS,
  'storage.ifExists': IF_EXISTS,
  'storage.unmappable': UNMAPPABLE,
  'kpi.hePresets': HE_PRESETS,
  'kpi.q0Methods': Q0_METHODS,
  'kpi.a0Methods': A0_METHODS,
  'kpi.differenceMethods': DIFFERENCE_METHODS,
  'kpi.sexChoices': SEX_CHOICES,
  'kpi.periods': PERIODS,
  'kpi.directions': DIRECTIONS,
  'kpi.progressMethods': PROGRESS_METHODS,
  'kpi.boardLanguages': BOARD_LANGUAGES,
  'kpi.windowModes': WINDOW_MODES,
  'kpi.windowUnits': WINDOW_UNITS,
  'kpi.windowAggregates': WINDOW_AGGREGATES,
  'kpi.windowTimestamps': WINDOW_TIMESTAMPS,
  'kpi.windowGrouping': WINDOW_GROUPING,
  'kpi.windowOutputs': WINDOW_OUTPUTS,
  'partition.modes': PARTITION_MODES,
  'formula.operations': FORMULA_OPERATIONS,
  'formula.conversions': CONVERSION_IDS,
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
  'linkage.idKinds': ID_KINDS,
  'analysis.correlationMethods': CORRELATION_METHODS,
  'analysis.predictorTypes': PREDICTOR_TYPES,
};

/** Other plain data the editor needs (JSON only): `CivicEnums.data['<name>']`. */
export const EDITOR_DATA: Readonly<Record<string, unknown>> = {
  legacyTypeNames: LEGACY_TYPE_NAMES,
  privacyPresetActions: PRESET_ACTIONS,
  /** the editor columns each alert condition uses */
  'alerts.conditionFields': CONDITION_FIELDS,
  /** the field each alert preset belongs to (grouping in the preset list) */
  'alerts.presetFields': PRESET_FIELDS,
  /** canonical metrics with field, Japanese / English label and unit (suggestions in rule tables) */
  'metrics.catalog': METRIC_CATALOG,
  metricUnits: METRIC_UNITS,
  'decode.plausibleRanges': PLAUSIBLE_RANGES,
  'kpi.cityKpis': CITY_KPIS,
  storeKindPresets: WELLNESS_KINDS,
};
