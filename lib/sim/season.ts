// A whole growing season played quickly (time compression) so the demo shows a filled work log, season reports and a
// manual draft within a minute: per house a climate sensor and a soil probe (the site's simulated climate, shifted
// by how well the house is run) and what its grower records — planting, training, leaf removal, daily irrigation,
// fertiliser, spraying, harvests from the model's first-harvest date, the end of the season. Simulated data, labelled so.
import { addDays } from '../agro/growth';
import { round, unitsFor } from '../metrics';
import { greenhouseAt, soilAt, type Site } from './climate';
import { uniform } from './noise';

/** One house-season to play. `skill` 0–1: how well the house is run (night heating, humidity control → yield). */
export interface SeasonPlan { house: string; start: string; days: number; skill: number; areaM2: number; who: string; index: number }

export interface SeasonSimConfig { houses: string[]; start: string; days: number; seasons: number; seed: number; site: Site; stepMinutes: number; timeZoneOffsetHours: number }

const GROWERS = ['山田', '佐藤', '田中', '中村', '小林', '加藤'];

/** The plans of a config: each house every season (a year apart), skills spread from good to poor. */
export function seasonPlans(c: Pick<SeasonSimConfig, 'houses' | 'start' | 'days' | 'seasons' | 'seed'>): SeasonPlan[] {
  const plans: SeasonPlan[] = [];
  for (let s = 0; s < c.seasons; s++) {
    c.houses.forEach((house, i) => {
      const spread = c.houses.length > 1 ? i / (c.houses.length - 1) : 0;
      const skill = Math.min(1, Math.max(0, 0.9 - 0.6 * spread + 0.1 * (uniform(c.seed, i, 70 + s) - 0.5)));
      const start = `${Number(c.start.slice(0, 4)) - (c.seasons - 1 - s)}${c.start.slice(4)}`;
      plans.push({ house, start, days: c.days, skill, areaM2: 1000, who: GROWERS[i % GROWERS.length], index: i });
    });
  }
  return plans;
}

/** A reading message as civic-sensor-decode would give it (reading contract), marked simulated. */
export interface SeasonReading { topic: string; payload: Record<string, number>; units: Record<string, string>; timestamp: number;
  device: { id: string; house: string; site: string; model: string }; meta: { source: string; warnings: string[] } }

/** A work-log form payload (what civic-worklog accepts). */
export type SeasonEntry = Record<string, unknown> & { house: string; work: string; who: string; at: number };

/** What one house measures at `t`, with its management applied. */
function houseValues(seed: number, plan: SeasonPlan, t: number, site: Site, night: boolean) {
  const g = greenhouseAt(seed, plan.index, t, site);
  const s = soilAt(seed, 100 + plan.index, t, site);
  const lack = 1 - plan.skill;
  // A poorly run house heats less at night and lets humidity build up; its soil dries further between irrigations.
  const airTemperature = round(g.airTemperature - (night ? 3 * lack : 0.8 * lack), 1);
  const airHumidity = round(Math.min(98, g.airHumidity + 10 * lack), 1);
  return {
    air: { airTemperature, airHumidity, co2: g.co2, solarRadiation: g.solarRadiation, batteryVoltage: g.batteryVoltage },
    soil: { soilTemperature: s.soilTemperature, soilMoisture: round(s.soilMoisture - 6 * lack, 1), soilEC: round(s.soilEC * (1 + 0.3 * lack), 2), soilPH: s.soilPH, batteryVoltage: s.batteryVoltage },
  };
}

/** Epoch ms of a local date and hour at a fixed offset (the site's standard time). */
function localTime(date: string, hour: number, offsetHours: number): number {
  return Date.parse(`${date}T00:00:00Z`) + (hour - offsetHours) * 3600000;
}

/** The grower's entries of one day of a plan (harvest starts once the house has had ~1,000 °C·day). */
export function dayEntries(seed: number, plan: SeasonPlan, day: number, gddSoFar: number, offsetHours: number): SeasonEntry[] {
  const date = addDays(plan.start, day);
  const at = (h: number) => localTime(date, h, offsetHours);
  const base = { house: plan.house, who: plan.who };
  const out: SeasonEntry[] = [];
  if (day === 0) out.push({ ...base, work: 'planting', crop: 'tomato', at: at(9), note: 'シミュレーション' });
  if (day > 0 && day < plan.days - 1) {
    out.push({ ...base, work: 'irrigation', amount: Math.round(150 + 100 * plan.skill), at: at(7) });
    if (day % 7 === 3) out.push({ ...base, work: 'training', at: at(10) });
    if (day % 10 === 5) out.push({ ...base, work: 'leafRemoval', at: at(14) });
    if (day % 14 === 1) out.push({ ...base, work: 'fertilising', product: '有機液肥', amount: 2, unit: 'kg', synthetic: false, at: at(8) });
    if (day % 21 === 10) out.push({ ...base, work: 'spraying', product: plan.skill < 0.5 ? '殺菌剤 (化学合成)' : '重曹水', dilution: plan.skill < 0.5 ? 2000 : 800,
      area: plan.areaM2, synthetic: plan.skill < 0.5, at: at(16) });
    if (gddSoFar >= 1000 && day % 3 === 0) {
      const kg = (plan.areaM2 / 1000) * 28 * (0.45 + 0.55 * plan.skill) * (0.85 + 0.3 * uniform(seed, plan.index, 80, day));
      out.push({ ...base, work: 'harvest', kg: round(kg, 1), grade: uniform(seed, plan.index, 81, day) < 0.2 + 0.5 * plan.skill ? 'shu' : 'yu', at: at(6) });
    }
  }
  if (day === plan.days - 1) out.push({ ...base, work: 'seasonEnd', at: at(17) });
  return out;
}

/** Plays seasons step by step: every call to `advance` moves simulated time on and returns what happened. */
export class SeasonPlayer {
  private readonly plans: SeasonPlan[];
  private readonly c: SeasonSimConfig;
  private day = 0;
  private step = 0;
  private readonly gdd = new Map<SeasonPlan, number>();
  private readonly sums = new Map<SeasonPlan, { sum: number; n: number }>();

  constructor(config: SeasonSimConfig) {
    this.c = config;
    this.plans = seasonPlans(config);
  }

  /** Days played of the longest plan (progress). */
  get progress(): { day: number; days: number } { return { day: this.day, days: this.c.days }; }

  /** True once every day has been played. */
  get done(): boolean { return this.day >= this.c.days; }

  /** Plays `steps` sensor steps; the entries of a day come with its first step. */
  advance(steps: number): { readings: SeasonReading[]; entries: SeasonEntry[] } {
    const readings: SeasonReading[] = [];
    const entries: SeasonEntry[] = [];
    const perDay = Math.round(1440 / this.c.stepMinutes);
    for (let k = 0; k < steps && !this.done; k++) {
      for (const plan of this.plans) {
        if (this.step === 0) entries.push(...dayEntries(this.c.seed, plan, this.day, this.gdd.get(plan) ?? 0, this.c.timeZoneOffsetHours));
        const t = localTime(addDays(plan.start, this.day), 0, this.c.timeZoneOffsetHours) + this.step * this.c.stepMinutes * 60000;
        const hour = (this.step * this.c.stepMinutes) / 60;
        const v = houseValues(this.c.seed, plan, t, this.c.site, hour < 6 || hour >= 18);
        const acc = this.sums.get(plan) ?? { sum: 0, n: 0 };
        acc.sum += v.air.airTemperature; acc.n++;
        this.sums.set(plan, acc);
        for (const [kind, payload] of [['th', v.air], ['soil', v.soil]] as const) {
          const id = `${plan.house}-${kind}-01`;
          readings.push({ topic: id, payload, units: unitsFor(payload), timestamp: t, device: { id, house: plan.house, site: 'sim', model: `civic-season-sim-${kind}` },
            meta: { source: 'season-sim', warnings: [] } });
        }
      }
      if (++this.step >= perDay) {
        for (const plan of this.plans) {
          const acc = this.sums.get(plan);
          if (acc?.n) this.gdd.set(plan, (this.gdd.get(plan) ?? 0) + Math.max(0, acc.sum / acc.n));
          this.sums.set(plan, { sum: 0, n: 0 });
        }
        this.step = 0;
        this.day++;
      }
    }
    readings.sort((a, b) => a.timestamp - b.timestamp);
    return { readings, entries };
  }
}
