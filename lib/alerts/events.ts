// Alert events as the node sends them: the id, the payload with its text in the node's language, and the grouping
// of one site's simultaneous alerts into one message.
import { localParts } from '../time';
import { renderMessage, type AlertState } from './messages';
import type { AlertRule, Severity } from './model';
import type { AlertEvent, AlertPayload, EngineOptions, Note, Track } from './engine-types';

/** Sort order of severities: most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** An alert's id: "<device or site>/<rule id>/<since in base 36>" (acknowledge with it). */
export function alertId(key: string, ruleId: string, since: number): string {
  return `${key}/${ruleId}/${since.toString(36)}`;
}

const clocks = new Map<string, string>();

/** "HH:MM" local time of `t` (remembered per minute: a table of a thousand alerts asks for the same few minutes). */
export function clockText(t: number, timeZone: string): string {
  const key = `${timeZone} ${Math.floor(t / 60000)}`;
  let text = clocks.get(key);
  if (text === undefined) {
    const m = localParts(t, timeZone).minuteOfDay;
    text = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    if (clocks.size >= 4096) clocks.clear();
    clocks.set(key, text);
  }
  return text;
}

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 1000);

/** The event payload for `track` of `rule` (kept under `key`) entering or repeating `state` at `t`. */
export function alertPayload(rule: AlertRule, key: string, track: Track, state: AlertState, t: number,
  options: Pick<EngineOptions, 'lang' | 'timeZone'>, note: Note = {}): AlertPayload {
  const since = track.since;
  const value = round(track.value);
  const startValue = round(track.sv);
  const by = note.by ?? (state === 'acknowledged' ? track.ack?.by : undefined);
  const comment = note.comment ?? (state === 'acknowledged' ? track.ack?.comment : undefined);
  const p: AlertPayload = {
    id: alertId(key, rule.id, since), ruleId: rule.id, deviceId: key, metric: rule.metric, state, severity: rule.severity,
    value, startValue, threshold: track.bound, since, time: t, repeat: track.repeats,
    message: renderMessage(rule, state, options.lang, { device: key, site: track.house, value, startValue, threshold: track.bound,
      sinceText: since >= 0 ? clockText(since, options.timeZone) : '', by, comment,
      untilText: track.zz !== undefined ? clockText(track.zz, options.timeZone) : undefined }),
  };
  if (track.house) { p.site = track.house; p.house = track.house; }
  if (track.esc !== undefined || state === 'escalated') p.escalated = true;
  if (track.ack) p.acknowledged = track.ack;
  if (track.zz !== undefined) p.snoozedUntil = track.zz;
  return p;
}

/** Merges the firing / no-data events of one site produced together into one message (the most severe first). */
export function groupBySite(events: AlertEvent[]): AlertEvent[] {
  const out: AlertEvent[] = [];
  const groups = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const h = e.payload.site;
    if (!h || (e.payload.state !== 'firing' && e.payload.state !== 'nodata')) { out.push(e); continue; }
    const g = groups.get(h);
    if (g) g.push(e); else { groups.set(h, [e]); out.push(e); }
  }
  return out.map((e) => {
    const g = e.payload.site ? groups.get(e.payload.site) : undefined;
    if (!g || g.length < 2 || g[0] !== e) return e;
    const worst = [...g].sort((a, b) => SEVERITY_RANK[a.payload.severity] - SEVERITY_RANK[b.payload.severity])[0];
    return {
      topic: `alert/${e.payload.site}/group`,
      payload: { ...worst.payload, grouped: g.length, alerts: g.map((x) => x.payload), message: g.map((x) => x.payload.message).join('\n') },
    };
  });
}
