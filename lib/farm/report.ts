// The content of a season report (pure data, rendered to HTML and PDF elsewhere): the growth-stage timeline with
// degree days per stage, per-stage climate (day/night temperature, 飽差 time in band, DLI, soil moisture and EC),
// alerts with durations and acknowledgements, the work log and the yield per week.
import { growthModel, stageTimeline, modelWindows, addDays, type StageSpan } from '../agro/growth';
import { localDay } from '../time';
import type { HouseDay, SeasonData } from './season';
import { weeklyYield } from './season';
import { CROP_LABELS_JA, WORK_LABELS_JA, describeEntry } from './labels';

/** Per-stage means of the daily values (undefined where nothing was measured). */
export interface StageStats {
  id: string; name: string; start: string; end?: string; basis: StageSpan['basis']; days: number; gdd: number;
  tday?: number; tnight?: number; deficitBandPct?: number; dli?: number; soilMoisture?: number; soilEC?: number; irrigations: number;
}

export interface SeasonReport {
  kind: 'season';
  title: string; house: string; crop: string; cropJa: string; modelJa: string; season: string; start: string; end: string; ended: boolean;
  generatedAt: string;
  stages: StageStats[];
  windows: Array<{ name: string; from: string; to: string }>;
  totals: { days: number; measuredDays: number; gdd: number; kg: number; alerts: number; alertMinutes: number; tday?: number; tnight?: number };
  days: HouseDay[];
  weekly: Array<{ week: string; kg: number }>;
  alerts: Array<{ start: string; end: string; minutes?: number; ack: string; severity: string; metric: string; message: string }>;
  log: Array<{ date: string; work: string; text: string; who: string }>;
  irrigationDates: string[];
  sources: string[];
}

const mean = (vs: Array<number | undefined>): number | undefined => {
  const xs = vs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : undefined;
};

/** 'YYYY-MM-DD HH:mm' in the site's zone. */
export function localStamp(t: number, timeZone: string): string {
  const d = localDay(t, timeZone);
  const m = Math.floor((t - d.start) / 60000);
  return `${d.date} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Stages the grower observed, from the work log: 生育観察 entries and the first harvest. */
export function observedStages(data: SeasonData, stageIds: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of data.log) {
    const date = localDay(e.at, data.timeZone).date;
    if (e.work === 'observation' && e.stage && stageIds.includes(e.stage) && !out[e.stage]) out[e.stage] = date;
    if (e.work === 'harvest' && stageIds.includes('harvest') && !out.harvest) out.harvest = date;
  }
  return out;
}

/** Builds the report content of one house-season. */
export function buildSeasonReport(data: SeasonData, generatedAt: number): SeasonReport {
  const model = growthModel(data.crop);
  const temps = data.days.map((d) => ({ date: d.date, tmean: d.tmean }));
  const until = addDays(data.end, 1);
  const spans = stageTimeline(model, data.start, temps, { observed: observedStages(data, model.stages.map((s) => s.id)), until });
  const irrigationDates = data.log.filter((e) => e.work === 'irrigation').map((e) => localDay(e.at, data.timeZone).date);
  const stages: StageStats[] = spans.map((s) => {
    const inStage = (d: string) => d >= s.start && d < (s.end ?? until);
    const ds = data.days.filter((d) => inStage(d.date));
    const band = mean(ds.map((d) => d.deficitBand));
    return {
      id: s.id, name: s.nameJa, start: s.start, end: s.end, basis: s.basis, days: s.days, gdd: s.gdd,
      tday: mean(ds.map((d) => d.tday)), tnight: mean(ds.map((d) => d.tnight)), deficitBandPct: band === undefined ? undefined : Math.round(band * 1000) / 10,
      dli: mean(ds.map((d) => d.dli)), soilMoisture: mean(ds.map((d) => d.soilMoisture)), soilEC: mean(ds.map((d) => d.soilEC)),
      irrigations: irrigationDates.filter(inStage).length,
    };
  });
  const weekly = weeklyYield(data.log, data.timeZone);
  const alerts = data.alerts.map((a) => ({
    start: localStamp(a.start, data.timeZone), end: a.end ? localStamp(a.end, data.timeZone) : '継続中', minutes: a.minutes,
    ack: a.acknowledgedAt ? localStamp(a.acknowledgedAt, data.timeZone) : '—', severity: a.severity, metric: a.metric, message: a.message,
  }));
  const cropJa = CROP_LABELS_JA[data.crop] ?? data.crop;
  return {
    kind: 'season', title: `シーズン報告書 ${data.house} ${cropJa} ${data.season} 作`, house: data.house, crop: data.crop, cropJa, modelJa: model.nameJa,
    season: data.season, start: data.start, end: data.end, ended: data.ended, generatedAt: localStamp(generatedAt, data.timeZone),
    stages, windows: modelWindows(model, spans, temps).map((w) => ({ name: w.nameJa, from: w.from, to: addDays(w.to, -1) })),
    totals: {
      days: Math.max(1, Math.round((Date.parse(until) - Date.parse(data.start)) / 86400000)), measuredDays: data.days.length,
      gdd: Math.round(stages.reduce((a, s) => a + s.gdd, 0) * 10) / 10, kg: Math.round(weekly.reduce((a, w) => a + w.kg, 0) * 10) / 10,
      alerts: data.alerts.length, alertMinutes: data.alerts.reduce((a, x) => a + (x.minutes ?? 0), 0),
      tday: mean(data.days.map((d) => d.tday)), tnight: mean(data.days.map((d) => d.tnight)),
    },
    days: data.days, weekly, alerts,
    log: data.log.map((e) => ({ date: localStamp(e.at, data.timeZone), work: WORK_LABELS_JA[e.work] ?? e.work, text: describeEntry(e), who: e.who })),
    irrigationDates, sources: model.sources,
  };
}
