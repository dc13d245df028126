// The record kinds of farm knowledge in the records store (one storage choice for records: DuckDB embedded by
// default, PostgreSQL as the server option; sensor series stay in InfluxDB). Daily summaries, alert events, soil
// analyses and grower registrations are records; the work log is an append-only list of revisions so that an edit or
// a deletion by the grower never loses what was there before (an audit trail, as GAP record keeping expects).
import type { RecordKind } from '../store/kinds';
import type { RecordStore } from '../store/store';

/** Kinds by name. Column names are the store's; `field` is the property of the input record. */
export const FARM_KINDS = {
  worklog: { name: 'farm_worklog', columns: [
    { name: 'entry', type: 'integer', required: true },
    { name: 'revision', type: 'integer', required: true },
    { name: 'op', type: 'text', required: true },
    { name: 'house', type: 'text', required: true },
    { name: 'done_at', type: 'timestamp', field: 'at', required: true },
    { name: 'who', type: 'text', required: true },
    { name: 'work', type: 'text', required: true },
    { name: 'crop', type: 'text' },
    { name: 'product', type: 'text' },
    { name: 'amount', type: 'real' },
    { name: 'unit', type: 'text' },
    { name: 'dilution', type: 'real' },
    { name: 'area', type: 'real' },
    { name: 'kg', type: 'real' },
    { name: 'grade', type: 'text' },
    { name: 'stage', type: 'text' },
    { name: 'synthetic', type: 'boolean' },
    { name: 'note', type: 'text' },
  ] },
  daily: { name: 'farm_daily', columns: [
    { name: 'house', type: 'text', required: true },
    { name: 'device', type: 'text', required: true },
    { name: 'day', type: 'date', required: true },
    { name: 'samples', type: 'integer' },
    { name: 'tmin', type: 'real' }, { name: 'tmax', type: 'real' }, { name: 'tmean', type: 'real' },
    { name: 'tday', type: 'real' }, { name: 'tnight', type: 'real' },
    { name: 'dli', type: 'real' },
    { name: 'deficit_band', type: 'real' },
    { name: 'in_range', type: 'real' },
    { name: 'rh_mean', type: 'real' }, { name: 'co2_mean', type: 'real' },
    { name: 'soil_moisture', type: 'real' }, { name: 'soil_ec', type: 'real' }, { name: 'soil_temp', type: 'real' },
  ] },
  alert: { name: 'farm_alert', columns: [
    { name: 'alert', type: 'text', required: true },
    { name: 'house', type: 'text', required: true },
    { name: 'device', type: 'text' },
    { name: 'rule', type: 'text' },
    { name: 'metric', type: 'text' },
    { name: 'severity', type: 'text' },
    { name: 'state', type: 'text', required: true },
    { name: 'since', type: 'timestamp', required: true },
    { name: 'event_at', type: 'timestamp', field: 'at', required: true },
    { name: 'message', type: 'text' },
  ] },
  soil: { name: 'farm_soil', columns: [
    { name: 'field', type: 'text', required: true },
    { name: 'sampled_on', type: 'date', required: true },
    { name: 'ph', type: 'real' }, { name: 'ec', type: 'real' }, { name: 'cec', type: 'real' },
    { name: 'no3n', type: 'real' }, { name: 'p2o5', type: 'real' }, { name: 'k2o', type: 'real' },
    { name: 'cao', type: 'real' }, { name: 'mgo', type: 'real' }, { name: 'humus', type: 'real' },
    { name: 'lab', type: 'text' },
  ] },
  grower: { name: 'farm_grower', columns: [
    { name: 'reg_no', type: 'text', required: true },
    { name: 'category', type: 'text', required: true },
    { name: 'farm_name', type: 'text' },
    { name: 'registered_on', type: 'date' },
    { name: 'district', type: 'text' },
    { name: 'crop', type: 'text' },
    { name: 'status', type: 'text', required: true },
  ] },
} satisfies Record<string, RecordKind>;

export type FarmKindName = keyof typeof FARM_KINDS;

/** What civic-farm-report writes. */
export const REPORT_KINDS = ['season', 'manual', 'soil'] as const;

/** What civic-farm-share does. */
export const SHARE_MODES = ['publish', 'benchmark'] as const;

const declared = new WeakMap<RecordStore, Set<string>>();

/** Declares a farm kind once per open store (each declaration is a transaction: not once per form submission). */
export async function ensureKind(store: RecordStore, kind: RecordKind): Promise<void> {
  const done = declared.get(store) ?? declared.set(store, new Set()).get(store)!;
  if (done.has(kind.name)) return;
  await store.declareKind(kind);
  done.add(kind.name);
}
