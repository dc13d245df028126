// Config migrations: flows saved with an older version of a node keep working after an upgrade. Each node's config
// carries `version`; loading an older one runs the registered steps in order (each step is tested), never a silent
// default. A config from a newer version than this pack knows is refused with a clear error instead of being
// half-understood.
import { CivicError } from '../errors';
import { PRIVACY_MIGRATIONS } from './privacy';

/** One step: turns a config of version `from` into version `from + 1`. Gets a copy; returns the new config. */
export type MigrationStep = (config: Record<string, unknown>) => Record<string, unknown>;

const steps = new Map<string, Map<number, MigrationStep>>();
const current = new Map<string, number>();

/** Declares the current config version of a node type (1 unless a migration raised it). */
export function setCurrentVersion(type: string, version: number): void {
  current.set(type, version);
}

/** The config version this pack writes for `type`. */
export function currentVersion(type: string): number {
  return current.get(type) ?? 1;
}

/** Registers the step from version `from` to `from + 1` for a node type, and raises its current version. */
export function registerMigration(type: string, from: number, step: MigrationStep): void {
  if (!steps.has(type)) steps.set(type, new Map());
  steps.get(type)!.set(from, step);
  if (currentVersion(type) < from + 1) setCurrentVersion(type, from + 1);
}

/**
 * Brings a saved config up to the current version. A config without `version` was saved before versions existed
 * and counts as version 1. Returns a new object; the input is not changed.
 */
export function migrateConfig(type: string, saved: Record<string, unknown>): Record<string, unknown> {
  const target = currentVersion(type);
  const raw = saved.version;
  const version = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isInteger(version) || version < 1) {
    throw new CivicError('shared.schema.other', { field: 'version', limit: '' }, `version must be a whole number ≥ 1, got ${String(raw)}`);
  }
  if (version > target) {
    throw new CivicError('shared.errors.newerVersion', { version, supported: target },
      `this node was saved by a newer version of the pack (config version ${version}, this pack knows ${target})`);
  }
  let config: Record<string, unknown> = { ...saved, version };
  for (let v = version; v < target; v++) {
    const step = steps.get(type)?.get(v);
    if (!step) throw new Error(`no migration of ${type} from version ${v}`);
    config = { ...step({ ...config }), version: v + 1 };
  }
  return config;
}

for (const [type, from, step] of PRIVACY_MIGRATIONS) registerMigration(type, from, step);

export { LEGACY_TYPE_NAMES, migrateFlowTypes } from './type-names';
export type { FlowTypeMigration } from './type-names';

// the KPI nodes' steps live in their own module (plain data, so no import cycle)
import { KPI_MIGRATIONS } from './kpi';
import { DECODE_MIGRATIONS } from './decode';
for (const [type, from, step] of [...KPI_MIGRATIONS, ...DECODE_MIGRATIONS]) registerMigration(type, from, step);
