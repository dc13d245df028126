// Sharing between towns: weekly indicators per house — degree days, the share of time 飽差 was in band, a yield index
// (kg per 10 a) — under a farm pseudonym (keyed HMAC of town and house: the key never leaves the town), published on
// MQTT topics that a mosquitto bridge carries between the towns' brokers; and the regional benchmark of a house
// against the median of every farm the bridge brought in.
import { pseudonymize } from '../privacy/pseudonym';
import { quantile } from './manual';
import type { HouseDay } from './season';
import { loadSeason } from './season';
import { areaOf, findSeasons } from './generate';
import { localDay } from '../time';
import type { RecordStore } from '../store/store';

/** One week of one farm, as shared (no house name, no grower, no value finer than a week). */
export interface WeeklyIndicator { town: string; farm: string; crop: string; week: string; days: number; gdd: number; timeInBand?: number; yieldIndex: number }

/** The pseudonym of a house of a town (F- + 12 hex digits of HMAC-SHA-256). */
export function farmPseudonym(key: string, town: string, house: string): string {
  return pseudonymize(key, house, { prefix: 'F-', length: 12, domain: `civic-farm-share:${town}` });
}

/** Monday ('YYYY-MM-DD') of the week of a date. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10);
}

/**
 * Weekly indicators of one house from its days and harvests: degree days above `base` (daily means), the mean share of
 * time 飽差 was in band, kg per 10 a. Only complete weeks (7 days measured) are shared.
 */
export function weeklyIndicators(o: { key: string; town: string; house: string; crop: string; areaM2: number; base: number },
  days: HouseDay[], harvests: Array<{ date: string; kg: number }>): WeeklyIndicator[] {
  const weeks = new Map<string, { days: number; gdd: number; band: number[]; kg: number }>();
  const at = (w: string) => weeks.get(w) ?? weeks.set(w, { days: 0, gdd: 0, band: [], kg: 0 }).get(w)!;
  for (const d of days) {
    if (typeof d.tmean !== 'number') continue;
    const w = at(weekOf(d.date));
    w.days++;
    w.gdd += Math.max(0, d.tmean - o.base);
    if (typeof d.deficitBand === 'number') w.band.push(d.deficitBand);
  }
  for (const h of harvests) at(weekOf(h.date)).kg += h.kg;
  const farm = farmPseudonym(o.key, o.town, o.house);
  return [...weeks.entries()].filter(([, w]) => w.days === 7).sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, w]) => ({
    town: o.town, farm, crop: o.crop, week, days: w.days, gdd: Math.round(w.gdd * 10) / 10,
    timeInBand: w.band.length ? Math.round((w.band.reduce((a, b) => a + b, 0) / w.band.length) * 1000) / 1000 : undefined,
    yieldIndex: Math.round((w.kg / Math.max(1, o.areaM2)) * 1000 * 10) / 10,
  }));
}

/** The MQTT topic of a farm's weekly indicator. */
export function shareTopic(prefix: string, i: Pick<WeeklyIndicator, 'town' | 'farm'>): string {
  return `${prefix}/${i.town}/${i.farm}/weekly`;
}

/** Checks a received indicator (from another town): the shape and plausible ranges, nothing else is kept. */
export function readIndicator(p: unknown): WeeklyIndicator | undefined {
  if (!p || typeof p !== 'object') return undefined;
  const x = p as Record<string, unknown>;
  // only typeof checks before the patterns: a received value may be any object (String() on it can throw)
  const str = (v: unknown, re?: RegExp): v is string => typeof v === 'string' && v.length <= 100 && (!re || re.test(v));
  const inRange = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && v >= lo && v <= hi;
  const ok = str(x.town) && str(x.farm, /^F-[0-9a-f]{12}$/) && str(x.crop) && str(x.week, /^\d{4}-\d{2}-\d{2}$/)
    && inRange(x.gdd, 0, 500) && x.gdd < 500 && inRange(x.yieldIndex, 0, Number.MAX_VALUE) && (x.timeInBand === undefined || inRange(x.timeInBand, 0, 1));
  if (!ok) return undefined;
  const days = inRange(x.days, 1, 7) ? x.days : 7;
  return { town: x.town as string, farm: x.farm as string, crop: x.crop as string, week: x.week as string, days, gdd: x.gdd as number,
    timeInBand: x.timeInBand as number | undefined, yieldIndex: x.yieldIndex as number };
}

/** A house against the region's median for one week and crop. */
export interface BenchmarkCard {
  week: string; crop: string; farms: number; towns: number;
  own: { gdd: number; timeInBand?: number; yieldIndex: number };
  median: { gdd: number; timeInBand?: number; yieldIndex: number };
  /** own yield index relative to the median, in % (100 = the median) */
  yieldVsMedian?: number;
}

/** The latest indicator of every farm per week and crop, and the cards comparing one farm with the region. */
export class RegionBenchmark {
  private readonly byKey = new Map<string, WeeklyIndicator>();

  /** Starts from indicators kept earlier (node context). */
  constructor(saved: WeeklyIndicator[] = []) {
    for (const i of saved) { const x = readIndicator(i); if (x) this.byKey.set(`${x.town}|${x.farm}|${x.crop}|${x.week}`, x); }
  }

  /** The indicators kept, for the node context. */
  saved(): WeeklyIndicator[] { return [...this.byKey.values()]; }

  /** Keeps an indicator (a repeat of a farm's week replaces it); `maxWeeks` old weeks are dropped. */
  add(i: WeeklyIndicator, maxWeeks = 26): void {
    this.byKey.set(`${i.town}|${i.farm}|${i.crop}|${i.week}`, i);
    const weeks = [...new Set([...this.byKey.values()].map((x) => x.week))].sort();
    const keep = new Set(weeks.slice(-maxWeeks));
    for (const [k, v] of this.byKey) if (!keep.has(v.week)) this.byKey.delete(k);
  }

  /** The card of `farm` for its latest week (or `week`), or undefined when it has no indicator. */
  card(farm: string, week?: string): BenchmarkCard | undefined {
    const mine = [...this.byKey.values()].filter((x) => x.farm === farm && (!week || x.week === week)).sort((a, b) => (a.week < b.week ? 1 : -1))[0];
    if (!mine) return undefined;
    const peers = [...this.byKey.values()].filter((x) => x.week === mine.week && x.crop === mine.crop);
    const med = (vs: Array<number | undefined>) => {
      const xs = vs.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
      return xs.length ? Math.round(quantile(xs, 0.5) * 1000) / 1000 : undefined;
    };
    const median = { gdd: med(peers.map((p) => p.gdd))!, timeInBand: med(peers.map((p) => p.timeInBand)), yieldIndex: med(peers.map((p) => p.yieldIndex))! };
    return {
      week: mine.week, crop: mine.crop, farms: peers.length, towns: new Set(peers.map((p) => p.town)).size,
      own: { gdd: mine.gdd, timeInBand: mine.timeInBand, yieldIndex: mine.yieldIndex }, median,
      yieldVsMedian: median.yieldIndex > 0 ? Math.round((mine.yieldIndex / median.yieldIndex) * 1000) / 10 : undefined,
    };
  }
}

/**
 * The mosquitto bridge section a town adds to its broker's configuration: its own indicators go out, the named
 * towns' come in, nothing else crosses (readings, alerts and the work log stay in the town).
 */
export function bridgeConfig(o: { name: string; address: string; localTown: string; remoteTowns: string[]; prefix?: string; username?: string; password?: string }): string {
  const prefix = o.prefix ?? 'civic/share';
  return [
    `# Sharing between towns: ${o.localTown} ⇄ ${o.remoteTowns.join(', ')} (generated by node-red-contrib-civic-iot)`,
    `connection ${o.name}`,
    `address ${o.address}`,
    ...(o.username ? [`remote_username ${o.username}`, `remote_password ${o.password ?? ''}`] : []),
    'cleansession false',
    'try_private true',
    'notifications false',
    `topic ${prefix}/${o.localTown}/# out 1`,
    ...o.remoteTowns.map((t) => `topic ${prefix}/${t}/# in 1`),
    '',
  ].join('\n');
}

/** Shares of a town: the recent complete weeks of every house with a season in the store. */
export async function townIndicators(store: RecordStore, o: { key: string; town: string; houses: Record<string, number>; base: number; weeks: number; timeZone: string; now: number }): Promise<WeeklyIndicator[]> {
  const seasons = (await findSeasons(store, o.timeZone, o.now)).filter((s) => !Object.keys(o.houses).length || Object.hasOwn(o.houses, s.house));
  const out: WeeklyIndicator[] = [];
  for (const ref of seasons) {
    const data = await loadSeason(store, ref, o.timeZone);
    const harvests = data.log.filter((e) => e.work === 'harvest' && e.kg).map((e) => ({ date: localDay(e.at, o.timeZone).date, kg: e.kg! }));
    const weekly = weeklyIndicators({ key: o.key, town: o.town, house: ref.house, crop: ref.crop, areaM2: areaOf(o.houses, ref.house), base: o.base }, data.days, harvests);
    out.push(...weekly.slice(-o.weeks));
  }
  return out;
}
