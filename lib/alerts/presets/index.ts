// Presets fill the rule table for a field; the user edits the rows afterwards. A freshly placed node has none
// (the empty preset). Each preset's thresholds cite their sources in docs/alerts.md and docs/agro-alerts.md.
import type { RawRule } from '../fields';
import { greenhouseRules, tomatoRules } from './greenhouse';
import { airRules, heatRules, riverRules, soilRules, visitorRules } from './fields';
import { paddyRules, tomatoDiseaseRules } from './disease';

const PRESETS = {
  'greenhouse-generic': { field: 'greenhouse', rules: greenhouseRules },
  'tomato-seedling': { field: 'greenhouse', rules: () => tomatoRules('tomato-seedling') },
  'tomato-vegetative': { field: 'greenhouse', rules: () => tomatoRules('tomato-vegetative') },
  'tomato-fruiting': { field: 'greenhouse', rules: () => tomatoRules('tomato-fruiting') },
  'tomato-disease': { field: 'greenhouse', rules: tomatoDiseaseRules },
  'paddy-rice': { field: 'paddy', rules: paddyRules },
  soil: { field: 'soil', rules: soilRules },
  'river-level': { field: 'water', rules: riverRules },
  'air-quality': { field: 'air', rules: airRules },
  'heat-stroke': { field: 'heat', rules: heatRules },
  visitors: { field: 'people', rules: visitorRules },
} satisfies Record<string, { field: string; rules: () => RawRule[] }>;

export type PresetName = keyof typeof PRESETS;

/** Every preset, in the order the editor lists them. */
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The field (./metrics/catalog METRIC_FIELDS) each preset belongs to, for grouping in the editor. */
export const PRESET_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PRESETS).map(([name, p]) => [name, p.field]));

/** True when `name` is a preset of this pack. */
export function isPreset(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.hasOwn(PRESETS, name);
}

/** The rows of a preset (editor rows: fill the table, the user edits them afterwards); fresh copies each call. */
export function presetRules(name: PresetName): RawRule[] {
  return PRESETS[name].rules().map((r) => ({ ...r }));
}
