// The soil sheet of a field for marketing (土壌分析結果を活用したマーケティング): the latest soil analysis, the
// cultivation record from the work log (what was applied, and whether anything chemically synthesised was — natural
// farming uses none) and the season's conditions. Its public version, which a QR code on the produce points to,
// carries no personal data: no grower, no notes, no house name beyond the field label the grower chose to publish.
import { createHash } from 'crypto';
import { CivicError } from '../errors';
import { tableOf } from '../store/kinds';
import type { RecordStore } from '../store/store';
import { localDay } from '../time';
import { FARM_KINDS, ensureKind } from './kinds';
import { loadSeason } from './season';
import { findSeasons, type WrittenReport } from './generate';
import { buildSeasonReport } from './report';
import { CROP_LABELS_JA } from './labels';
import { safePart, writeIndex, writeReport } from './files';
import type { RenderWorker } from './render/run';
import fs from 'fs';
import path from 'path';

/** Soil values shown, with Japanese names and units as lab sheets give them. */
export const SOIL_ITEMS = [
  { key: 'ph', ja: 'pH (H₂O)', unit: '' }, { key: 'ec', ja: 'EC (電気伝導度)', unit: 'dS/m' }, { key: 'cec', ja: 'CEC (塩基交換容量)', unit: 'meq/100g' },
  { key: 'no3n', ja: '硝酸態窒素', unit: 'mg/100g' }, { key: 'p2o5', ja: '可給態リン酸', unit: 'mg/100g' }, { key: 'k2o', ja: '交換性カリ', unit: 'mg/100g' },
  { key: 'cao', ja: '交換性石灰', unit: 'mg/100g' }, { key: 'mgo', ja: '交換性苦土', unit: 'mg/100g' }, { key: 'humus', ja: '腐植', unit: '%' },
] as const;

export interface SoilSheet {
  kind: 'soil';
  title: string; field: string; crop: string; season?: string; generatedAt: string;
  analysis: { sampledOn: string; lab?: string; values: Array<{ ja: string; unit: string; value?: number }> };
  record: { inputs: Array<{ date: string; work: string; product: string; synthetic: boolean }>; synthetic: number; checked: number; naturalFarming: boolean };
  conditions?: { days: number; gdd: number; tday?: number; tnight?: number; kg: number };
  /** the public page's token (its file name) */
  token: string;
}

/** The public page's token: stable for a field, analysis and season, not guessable without them. */
export function soilToken(field: string, sampledOn: string, season = ''): string {
  return createHash('sha256').update(`civic-soil\u0000${field}\u0000${sampledOn}\u0000${season}`).digest('hex').slice(0, 20);
}

/** Builds the sheet of a field from the store: its latest analysis, its latest season's record and conditions. */
export async function buildSoilSheet(store: RecordStore, field: string, o: { timeZone: string; now: number; generatedAt: string }): Promise<SoilSheet> {
  await ensureKind(store, FARM_KINDS.soil);
  const rows = await store.db.query(`SELECT * FROM ${tableOf(FARM_KINDS.soil.name)} WHERE field = $1 ORDER BY sampled_on DESC LIMIT 1`, [field]);
  if (!rows.length) throw new CivicError('shared.farm.errors.noSoil', {}, 'no soil analysis of this field in the store');
  const a = rows[0];
  const seasons = await findSeasons(store, o.timeZone, o.now, { house: field });
  const ref = seasons.at(-1);
  const sheet: SoilSheet = {
    kind: 'soil', title: `土壌分析シート ${field}`, field, crop: ref ? CROP_LABELS_JA[ref.crop] ?? ref.crop : '', season: ref?.season, generatedAt: o.generatedAt,
    analysis: { sampledOn: String(a.sampled_on), lab: a.lab ? String(a.lab) : undefined,
      values: SOIL_ITEMS.map((i) => ({ ja: i.ja, unit: i.unit, value: typeof a[i.key] === 'number' ? a[i.key] as number : undefined })) },
    record: { inputs: [], synthetic: 0, checked: 0, naturalFarming: true },
    token: soilToken(field, String(a.sampled_on), ref?.season),
  };
  if (ref) {
    const data = await loadSeason(store, ref, o.timeZone);
    const inputs = data.log.filter((e) => e.work === 'fertilising' || e.work === 'spraying');
    sheet.record = {
      inputs: inputs.map((e) => ({ date: localDay(e.at, o.timeZone).date, work: e.work === 'fertilising' ? '施肥' : '防除', product: e.product ?? '', synthetic: Boolean(e.synthetic) })),
      synthetic: inputs.filter((e) => e.synthetic).length, checked: data.log.length, naturalFarming: !inputs.some((e) => e.synthetic),
    };
    const r = buildSeasonReport(data, o.now);
    sheet.conditions = { days: r.totals.days, gdd: r.totals.gdd, tday: r.totals.tday, tnight: r.totals.tnight, kg: r.totals.kg };
  }
  return sheet;
}

/**
 * Writes the sheet of a field (HTML, PDF) and its public page `public/<token>.html`; `publicBase` is the URL the
 * public folder is reachable at (the QR code holds `<publicBase>/public/<token>.html`).
 */
export async function generateSoilSheet(store: RecordStore, worker: RenderWorker, o: { dir: string; timeZone: string; now: number; generatedAt: string; publicBase: string; indexTitle?: string },
  field: string): Promise<WrittenReport> {
  const sheet = await buildSoilSheet(store, field, o);
  const publicRel = `public/${sheet.token}.html`;
  const out = await worker.render({ kind: 'soil', sheet, publicUrl: `${o.publicBase.replace(/\/+$/, '')}/${publicRel}` });
  const files: Record<string, string | undefined> = writeReport(o.dir, `soil/${safePart(field)}_${safePart(sheet.analysis.sampledOn)}`, out);
  fs.mkdirSync(path.join(o.dir, 'public'), { recursive: true });
  fs.writeFileSync(path.join(o.dir, publicRel), out.publicHtml ?? '');
  files.public = publicRel;
  writeIndex(o.dir, o.indexTitle ?? '農業の報告書');
  return { kind: 'soil', field, title: sheet.title, files };
}
