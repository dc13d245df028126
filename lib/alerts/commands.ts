// Messages that act on the alerts instead of carrying a reading, by msg.topic: "ack" (with a comment), "snooze"
// (until a time), "mute" / "unmute" (a maintenance window from a message) and "tick" (run the timers now).
// Malformed ones are refused with a CivicError the node translates; nothing of their text is echoed.
import { CivicError } from '../errors';
import { ackTargetOf, noteOf } from './ack-target';
import type { AlertEngine, EngineResult } from './engine';
import { MUTE_TARGETS, localTime, type MuteWindow } from './mutes';

/** The topics a command message may have. */
export const COMMAND_TOPICS = ['ack', 'snooze', 'mute', 'unmute', 'tick'] as const;
export type CommandTopic = typeof COMMAND_TOPICS[number];

/** A command as the node hands it over: its topic, payload, the site named by msg.site / msg.house, and its time. */
export interface Command { topic: CommandTopic; payload: unknown; site?: string; t: number }

/** What a command did: the engine's result, and whether an ack or snooze named no open alert. */
export interface CommandResult { result: EngineResult; unknownTarget: boolean }

/** True when `topic` is a command topic. */
export function isCommand(topic: unknown): topic is CommandTopic {
  return typeof topic === 'string' && (COMMAND_TOPICS as readonly string[]).includes(topic);
}

/** A point in time from a message: epoch ms, an ISO text with offset, or a local "YYYY-MM-DD HH:MM" in `timeZone`. */
export function timeOf(v: unknown, timeZone: string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) <= 8.64e15 ? v : undefined;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const local = localTime(v, timeZone);
  if (local !== undefined) return local;
  const t = /[zZ]|[+-]\d\d:?\d\d$/.test(v.trim()) ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

const minutesOf = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 525600 ? n : undefined;
};

const refuse = (key: string, english: string) => new CivicError(`civic-alert.errors.${key}`, {}, english);

/** The end of a snooze or mute: `until` (a time) or `minutes` after `t`. */
function endOf(p: Record<string, unknown>, t: number, timeZone: string, key: string): number {
  if (p.until !== undefined || p.to !== undefined) {
    const end = timeOf(p.until ?? p.to, timeZone);
    if (end === undefined) throw refuse(key, 'until / to must be a time');
    return end;
  }
  const minutes = minutesOf(p.minutes);
  if (minutes === undefined) throw refuse(key, 'give minutes or until');
  return t + minutes * 60000;
}

/** A one-off mute window from a "mute" payload: { from?, to | minutes, target?, match?, id?, comment? }. */
export function muteFromPayload(payload: unknown, t: number, timeZone: string): MuteWindow {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw refuse('mute', 'the payload must be an object');
  const p = payload as Record<string, unknown>;
  const from = p.from === undefined ? t : timeOf(p.from, timeZone);
  if (from === undefined) throw refuse('mute', 'from must be a time');
  const to = endOf(p, from, timeZone, 'mute');
  if (!(to > from)) throw refuse('mute', 'the end must be after the start');
  const target = (p.target ?? (p.device ? 'device' : p.site ? 'site' : p.rule ? 'rule' : 'all')) as MuteWindow['target'];
  if (!MUTE_TARGETS.includes(target)) throw refuse('mute', 'unknown target');
  const match = String(p.match ?? p[target] ?? '').slice(0, 200);
  if (target !== 'all' && !match) throw refuse('mute', 'say which device, site or rule');
  const id = typeof p.id === 'string' && p.id.trim() ? p.id.trim().slice(0, 100) : `mute-${from.toString(36)}`;
  return { id, repeat: 'once', from, to, days: [], target, match, comment: noteOf(p).comment ?? '' };
}

/** Runs one command against the engine. */
export function runCommand(engine: AlertEngine, c: Command): CommandResult {
  const tz = engine.options.timeZone;
  switch (c.topic) {
    case 'tick': return { result: engine.tick(c.t), unknownTarget: false };
    case 'unmute': {
      const p = c.payload as Record<string, unknown> | string;
      const id = typeof p === 'string' ? p : p && typeof p === 'object' && typeof p.id === 'string' ? p.id : undefined;
      if (!id) throw refuse('unmute', 'the payload must be a mute id or "all"');
      const result = engine.unmute(id);
      return { result, unknownTarget: !result.changed && id !== 'all' };
    }
    case 'mute': return { result: engine.mute(muteFromPayload(c.payload, c.t, tz)), unknownTarget: false };
    default: {
      const target = ackTargetOf(c.payload, c.site);
      if (target === undefined) throw refuse(c.topic === 'ack' ? 'ack' : 'snooze', 'name an alert id, "all" or { site }');
      const note = noteOf(c.payload);
      const result = c.topic === 'ack' ? engine.ack(target, c.t, note)
        : engine.snooze(target, endOf(c.payload && typeof c.payload === 'object' ? c.payload as Record<string, unknown> : {}, c.t, tz, 'snooze'), c.t, note);
      return { result, unknownTarget: result.events.length === 0 && !result.changed && c.payload !== 'all' };
    }
  }
}
