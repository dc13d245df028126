// The alert list card and the alert toast: they show what civic-alert reports (README "Alert event"): the table
// of active alerts (its output 2) or single alert events (output 1), and turn a tap on "確認" into the
// acknowledgement civic-alert understands (`{ topic: "ack", payload: <alert id> | "all" | { house } }`).
import { ALERT_STATES, type AlertState } from '../alerts/messages';
import { SEVERITIES as ALERT_SEVERITIES, type Severity as AlertSeverity } from '../alerts/model';
import { CivicError } from '../errors';
import { dateText, textsFor, type CardLang } from './texts';

// the states and severities are civic-alert's own (lib/alerts), so a state it adds reaches the cards
export { ALERT_STATES, ALERT_SEVERITIES, type AlertState, type AlertSeverity };
/** Alert states a toast can be shown for (the toast node's choice; firing and no-data by default). */
export const TOAST_STATES: readonly AlertState[] = ['firing', 'nodata', 'escalated', 'resolved', 'acknowledged', 'snoozed', 'pending'];
/** States of an open alert that still wants someone to acknowledge it (civic-alert's ack takes these). */
const ACKABLE: ReadonlySet<AlertState> = new Set(['firing', 'nodata', 'escalated', 'snoozed']);
/** Where a toast appears on the screen (both dashboards know these four). */
export const TOAST_POSITIONS = ['top right', 'top left', 'bottom right', 'bottom left'] as const;

/** What the cards keep of one alert. */
export interface AlertItem {
  id: string;
  state: AlertState;
  severity: AlertSeverity;
  message: string;
  deviceId: string;
  house?: string;
  since?: number;
}

/** One row of the alert list as the browser draws it. */
export interface AlertRowView {
  id: string;
  severity: AlertSeverity;
  severityText: string;
  stateText: string;
  message: string;
  sinceText: string;
  canAck: boolean;
}

const MAX_MESSAGE = 500;
const str = (v: unknown, max = 200): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined);

/** One alert (event payload or table row) as the cards keep it; a CivicError naming the position otherwise. */
export function toAlert(raw: unknown, index: number): AlertItem {
  const r = raw as Record<string, unknown>;
  const ok = r && typeof r === 'object' && !Array.isArray(r) && str(r.id)
    && ALERT_STATES.includes(r.state as AlertState) && ALERT_SEVERITIES.includes(r.severity as AlertSeverity);
  if (!ok) {
    throw new CivicError('shared.cards.errors.badAlert', { index: index + 1 }, `alert ${index + 1}: needs id, state and severity of an alert event`);
  }
  return {
    id: str(r.id)!, state: r.state as AlertState, severity: r.severity as AlertSeverity,
    message: str(r.message, MAX_MESSAGE) ?? '', deviceId: str(r.deviceId) ?? '', house: str(r.house),
    since: typeof r.since === 'number' && Number.isFinite(r.since) ? r.since : undefined,
  };
}

const RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Options of an alert list. */
export interface AlertListOptions {
  lang?: CardLang;
  timeZone?: string;
  /** show only this house's alerts (and acknowledge only them with "all") */
  house?: string;
  maxAlerts?: number;
}

/** The active alerts of one list, from the alert table or from single events. */
export class AlertList {
  private alerts = new Map<string, AlertItem>();
  private readonly lang: CardLang;
  private readonly timeZone: string;
  private readonly house: string;
  private readonly maxAlerts: number;

  constructor(options: AlertListOptions = {}) {
    this.lang = options.lang ?? 'ja';
    this.timeZone = options.timeZone ?? 'Asia/Tokyo';
    this.house = options.house ?? '';
    this.maxAlerts = options.maxAlerts ?? 500;
  }

  /** An array replaces the list (civic-alert's table); one event adds, updates or (resolved) removes its alert. */
  update(payload: unknown): void {
    if (Array.isArray(payload)) {
      const items = payload.map(toAlert).filter((a) => this.mine(a) && a.state !== 'resolved');
      if (items.length > this.maxAlerts) throw new CivicError('shared.cards.errors.tooMany', { max: this.maxAlerts }, `more than ${this.maxAlerts} alerts`);
      this.alerts = new Map(items.map((a) => [a.id, a]));
      return;
    }
    const a = toAlert(payload, 0);
    if (!this.mine(a)) return;
    if (a.state === 'resolved') this.alerts.delete(a.id);
    else if (this.alerts.has(a.id) || this.alerts.size < this.maxAlerts) this.alerts.set(a.id, a);
    else throw new CivicError('shared.cards.errors.tooMany', { max: this.maxAlerts }, `more than ${this.maxAlerts} alerts`);
  }

  /** The rows, most severe first, then oldest first. */
  rows(): AlertRowView[] {
    const t = textsFor(this.lang);
    return [...this.alerts.values()]
      .sort((x, y) => RANK[x.severity] - RANK[y.severity] || (x.since ?? 0) - (y.since ?? 0))
      .map((a) => ({
        id: a.id, severity: a.severity, severityText: t.severity[a.severity], stateText: t.state[a.state], message: a.message,
        sinceText: a.since === undefined ? '' : dateText(a.since, this.timeZone, this.lang, true),
        canAck: ACKABLE.has(a.state),
      }));
  }

  /** What the list card draws: the rows, its fixed words, whether "acknowledge all" is offered and can do anything. */
  view(showAckAll: boolean): { rows: AlertRowView[]; texts: { noAlerts: string; ack: string; ackAll: string }; showAckAll: boolean; canAckAll: boolean } {
    const rows = this.rows();
    const t = textsFor(this.lang);
    return { rows, texts: { noAlerts: t.noAlerts, ack: t.ack, ackAll: t.ackAll }, showAckAll, canAckAll: rows.some((r) => r.canAck) };
  }

  /**
   * The acknowledgement for what a browser sent (`{ ack: <alert id> }` or `{ ack: "all" }`), or undefined when it
   * names no alert of this list (a stale page, a forged message): only listed alerts can be acknowledged.
   */
  ackFor(sent: unknown): { topic: 'ack'; payload: string | { house: string } } | undefined {
    const id = (sent as { ack?: unknown } | null)?.ack;
    if (id === 'all') {
      if (![...this.alerts.values()].some((a) => ACKABLE.has(a.state))) return undefined;
      return { topic: 'ack', payload: this.house ? { house: this.house } : 'all' };
    }
    return typeof id === 'string' && this.alerts.has(id) ? { topic: 'ack', payload: id } : undefined;
  }

  /** The kept alerts, for node context. */
  snapshot(): AlertItem[] {
    return [...this.alerts.values()];
  }

  /** Restores `snapshot()`, skipping what no longer reads. */
  restore(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    saved.forEach((s, i) => {
      try {
        const a = toAlert(s, i);
        if (this.alerts.size < this.maxAlerts) this.alerts.set(a.id, a);
      } catch {
        // an unreadable saved row: the next table from civic-alert brings the list back anyway
      }
    });
  }

  private mine(a: AlertItem): boolean {
    return !this.house || a.house === this.house || a.deviceId === this.house;
  }
}

/** Colours of a toast by severity (a resolved alert is shown in green). */
const TOAST_COLORS: Record<AlertSeverity | 'resolved', string> = { critical: '#c62828', warning: '#ef6c00', info: '#1565c0', resolved: '#2e7d32' };

/** A toast for an alert event: its message, a title, a colour; undefined when the event's state is not shown. */
export function toastFor(payload: unknown, options: { states: readonly string[]; lang?: CardLang })
  : { title: string; text: string; color: string; severity: AlertSeverity; state: AlertState } | undefined {
  const a = toAlert(payload, 0);
  if (!options.states.includes(a.state)) return undefined;
  const t = textsFor(options.lang ?? 'ja');
  return {
    title: `${t.severity[a.severity]} · ${t.state[a.state]}`, text: a.message || a.deviceId,
    color: a.state === 'resolved' ? TOAST_COLORS.resolved : TOAST_COLORS[a.severity], severity: a.severity, state: a.state,
  };
}
