// Farming KPIs from the grower registrations in the records store: the city counts smart-farming new entrants
// (target 0 → 10) and companies (1 → 3) that are still farming, one per registration number (a change notice is a
// new record of the same number: the latest one counts).
import { tableOf } from '../store/kinds';
import type { RecordStore } from '../store/store';
import { FARM_KINDS, ensureKind } from './kinds';

/** The registry's categories and the status that counts, as the registration sheet writes them. */
export const GROWER_KPIS = [
  { kpi: 'smart-farming-entrants', category: '新規就農者', unit: 'persons' },
  { kpi: 'smart-farming-companies', category: '参入企業', unit: 'companies' },
] as const;
export const ACTIVE_STATUS = '営農中';

/** KPI value messages' payloads (civic-kpi-progress input): distinct registrations still farming per category. */
export async function growerKpis(store: RecordStore, now: number): Promise<Array<{ kpi: string; value: number; unit: string; asOf: string; method: string }>> {
  await ensureKind(store, FARM_KINDS.grower);
  const rows = await store.db.query(`SELECT category, COUNT(*) AS n FROM (SELECT reg_no, category, status, ROW_NUMBER() OVER (PARTITION BY reg_no `
    + `ORDER BY registered_on DESC NULLS LAST, _written_at DESC, _rid DESC) AS _n FROM ${tableOf(FARM_KINDS.grower.name)}) x WHERE _n = 1 AND status = $1 GROUP BY category`, [ACTIVE_STATUS]);
  const counts = new Map(rows.map((r) => [String(r.category), Number(r.n)]));
  return GROWER_KPIS.map((k) => ({ kpi: k.kpi, value: counts.get(k.category) ?? 0, unit: k.unit, asOf: new Date(now).toISOString(), method: 'distinct-count' }));
}
