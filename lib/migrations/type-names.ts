// Node type names of version 0.1.0 and the names that replaced them. The old names had no prefix and would have
// collided with other packs in users' palettes (Node-RED scorecard N01); flows saved with them are rewritten by
// `migrateFlowTypes` (used by the `civic-migrate-flows` command and by `npm start`) or converted in the editor by
// the shared editor script, which reads this table from the generated resources/civic-enums.js.

/** Old (0.1.0) node type → current node type. */
export const LEGACY_TYPE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'sensor-sim': 'civic-sensor-sim',
  'sensor-decode': 'civic-sensor-decode',
  'uecs-in': 'civic-uecs-in',
  'health-expectancy': 'civic-health-expectancy',
  'kpi-progress': 'civic-kpi-progress',
  'window-stats': 'civic-window-stats',
  'agri-metrics': 'civic-agri-metrics',
  'greenhouse-alert': 'civic-alert',
  'influx-buffer': 'civic-influx-buffer',
  deidentify: 'civic-deidentify',
  'k-anonymize': 'civic-k-anonymize',
  partition: 'civic-partition',
});

export interface FlowTypeMigration {
  /** The flow array with every old type name replaced (a new array; nodes that change are copies). */
  flows: Array<Record<string, unknown>>;
  /** How many nodes were renamed, per old type name. */
  renamed: Record<string, number>;
}

/**
 * Rewrites the node types of a flow export (an array of nodes, as in flows.json or an export from the editor) from
 * their 0.1.0 names to the current ones. Nodes of other types pass unchanged, so running it twice changes nothing.
 */
export function migrateFlowTypes(flows: unknown): FlowTypeMigration {
  if (!Array.isArray(flows)) throw new TypeError('a flow file is an array of nodes');
  const renamed: Record<string, number> = {};
  const out = flows.map((node: unknown) => {
    if (!node || typeof node !== 'object') return node as Record<string, unknown>;
    const n = node as Record<string, unknown>;
    const next = typeof n.type === 'string' && Object.hasOwn(LEGACY_TYPE_NAMES, n.type) ? LEGACY_TYPE_NAMES[n.type] : undefined;
    if (!next) return n;
    renamed[n.type as string] = (renamed[n.type as string] ?? 0) + 1;
    return { ...n, type: next };
  });
  return { flows: out, renamed };
}
