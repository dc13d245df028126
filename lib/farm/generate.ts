// Report generation from the records store: season reports per house-season and the manual draft per crop, rendered
// by the worker and written as files (one per house per season; regenerating replaces it).
import { CivicError } from '../errors';
import type { RecordStore } from '../store/store';
import { currentEntries } from './worklog';
import { loadSeason, seasonsOf, type SeasonRef } from './season';
import { buildSeasonReport, localStamp } from './report';
import { buildManual } from './manual';
import { safePart, seasonFileBase, writeIndex, writeReport } from './files';
import type { RenderWorker } from './render/run';
import { getOwn, setOwn } from '../util/own';

export interface GenerateOptions { dir: string; timeZone: string; now: number; indexTitle?: string }

/** A written report: what it is and its files relative to the reports folder. */
export interface WrittenReport { kind: 'season' | 'manual' | 'soil'; house?: string; field?: string; season?: string; crop?: string; title: string; files: Record<string, string | undefined> }

/** The house-seasons in the work log, optionally one house and/or one season, optionally ended ones only. */
export async function findSeasons(store: RecordStore, timeZone: string, now: number, filter: { house?: string; season?: string; endedOnly?: boolean } = {}): Promise<SeasonRef[]> {
  const log = await currentEntries(store, { house: filter.house });
  return seasonsOf(log, timeZone, now).filter((s) => (!filter.season || s.season === filter.season) && (!filter.endedOnly || s.ended));
}

/** Writes the season report of each season asked for; a house without seasons is an error. */
export async function generateSeasonReports(store: RecordStore, worker: RenderWorker, o: GenerateOptions,
  filter: { house?: string; season?: string; endedOnly?: boolean } = {}): Promise<WrittenReport[]> {
  const seasons = await findSeasons(store, o.timeZone, o.now, filter);
  if (!seasons.length) throw new CivicError('shared.farm.errors.noSeason', {}, 'no season in the work log');
  const out: WrittenReport[] = [];
  for (const ref of seasons) {
    const report = buildSeasonReport(await loadSeason(store, ref, o.timeZone), o.now);
    const files = writeReport(o.dir, seasonFileBase(ref.house, ref.season), await worker.render({ kind: 'season', report }));
    out.push({ kind: 'season', house: ref.house, season: ref.season, crop: ref.crop, title: report.title, files });
  }
  writeIndex(o.dir, o.indexTitle ?? '農業の報告書');
  return out;
}

/** Writes the manual draft of a crop from its ended seasons (`areas`: house → m², default 1,000). */
export async function generateManual(store: RecordStore, worker: RenderWorker, o: GenerateOptions, crop: string, areas: Record<string, number>): Promise<WrittenReport> {
  const seasons = (await findSeasons(store, o.timeZone, o.now, { endedOnly: true })).filter((s) => s.crop === crop);
  if (!seasons.length) throw new CivicError('shared.farm.errors.noSeason', {}, 'no ended season of this crop');
  const inputs = [];
  for (const ref of seasons) inputs.push({ report: buildSeasonReport(await loadSeason(store, ref, o.timeZone), o.now), areaM2: areaOf(areas, ref.house) });
  const draft = buildManual(inputs, localStamp(o.now, o.timeZone));
  const files = writeReport(o.dir, `manual/${safePart(crop)}`, await worker.render({ kind: 'manual', draft }));
  writeIndex(o.dir, o.indexTitle ?? '農業の報告書');
  return { kind: 'manual', crop, title: draft.title, files };
}

/** Parses "house-1=1000, house-2=800" (m² per house). */
export function parseAreas(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of String(text ?? '').split(/[,\n、]/)) {
    const m = /^\s*(.+?)\s*=\s*([0-9.]+)\s*$/.exec(part.normalize('NFKC'));
    if (m && Number(m[2]) > 0) setOwn(out, m[1], Number(m[2]));
  }
  return out;
}

/** The area (m²) of a house from `parseAreas`, 1000 m² when it has none. */
export function areaOf(areas: Readonly<Record<string, number>>, house: string): number {
  return getOwn(areas, house) ?? 1000;
}

/**
 * The open store, waiting up to `ms` for it to open (a message right after a deploy arrives before the database is
 * open); past that, the reason it is not open.
 */
export async function openStore(handle: { get(): RecordStore; ready(): Promise<RecordStore> }, ms = 15000): Promise<RecordStore> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<RecordStore>((resolve, reject) => { timer = setTimeout(() => { try { resolve(handle.get()); } catch (err) { reject(err); } }, ms); });
  try { return await Promise.race([handle.ready(), late]); } finally { clearTimeout(timer); }
}
