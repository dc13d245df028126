// When a rule is evaluated: by day or by night (sunrise and sunset at the site, computed once a minute) or in a
// local time window that may wrap midnight.
import { isDaytime } from '../sun';
import { localDay } from '../time';
import type { AlertRule } from './model';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Answers "is this rule on at t" for one site and time zone. */
export class ActivePeriods {
  private dayMinute = -1;
  private dayValue = true;

  constructor(private readonly site: { latitude: number; longitude: number; timeZone: string }) {}

  /** True when `rule` is in its active period at `t` (always / by day / by night / local time window). */
  isActive(rule: Pick<AlertRule, 'active' | 'from' | 'to'>, t: number): boolean {
    switch (rule.active) {
      case 'always': return true;
      case 'day': return this.daytime(t);
      case 'night': return !this.daytime(t);
      default: {
        const from = minutesOf(rule.from);
        const to = minutesOf(rule.to);
        const m = Math.floor((t - localDay(t, this.site.timeZone).start) / 60000);
        return from === to || (from < to ? m >= from && m < to : m >= from || m < to);
      }
    }
  }

  private daytime(t: number): boolean {
    const minute = Math.floor(t / 60000);
    if (minute !== this.dayMinute) {
      this.dayMinute = minute;
      this.dayValue = isDaytime(t, this.site.latitude, this.site.longitude);
    }
    return this.dayValue;
  }
}
