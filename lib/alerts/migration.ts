// civic-alert config versions. Version 1 (0.1.0, "greenhouse-alert") grouped per house (msg.device.house), called
// the generic greenhouse preset "generic", and ran the chosen preset when the rule table was empty. Version 2 is
// field-neutral: per site (any message property), presets per field, and an empty table means no rules — so the
// step writes the preset's rows into a v1 table that was empty, and the node keeps doing what it did.
import { registerMigration } from '../migrations';
import { isPreset, presetRules } from './presets';

/** 0.1.0 preset names that changed. */
const PRESET_RENAMES: Record<string, string> = { generic: 'greenhouse-generic' };

/** Turns a version-1 civic-alert config into version 2 (registered with lib/migrations). */
export function alertConfigV1toV2(config: Record<string, unknown>): Record<string, unknown> {
  const { groupByHouse, ...rest } = config;
  const preset = typeof config.preset === 'string' ? PRESET_RENAMES[config.preset] ?? config.preset : '';
  const rows = Array.isArray(config.rules) ? config.rules : [];
  const rules = rows.length === 0 && isPreset(preset) ? presetRules(preset) : rows;
  return {
    ...rest,
    preset,
    rules: rules.map((r) => (r && typeof r === 'object' && (r as Record<string, unknown>).scope === 'house' ? { ...r, scope: 'site' } : r)),
    groupBySite: groupByHouse === true || groupByHouse === 'true',
    property: config.property ?? 'payload',
    deviceProperty: config.deviceProperty ?? 'device.id',
    siteProperty: config.siteProperty ?? 'device.house',
  };
}

registerMigration('civic-alert', 1, alertConfigV1toV2);
