// What an acknowledgement or snooze message asks for, read from its payload.
import type { AckTarget, Note } from './engine';

/**
 * The alerts an ack/snooze message names: payload "<alert id>", "all" (for `site` when given), or an object
 * { id } / { site } / { all, site } (`house` is the 0.1.0 word for site). Undefined when the payload is none of these.
 */
export function ackTargetOf(payload: unknown, site?: string): AckTarget | undefined {
  if (typeof payload === 'string' && payload) return payload === 'all' && site ? { all: true, site } : payload;
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const target: { id?: string; site?: string; all?: boolean } = {};
    const id = str(p.id);
    const s = str(p.site) ?? str(p.house);
    if (id !== undefined) target.id = id;
    if (s !== undefined) target.site = s;
    if (p.all === true) target.all = true;
    return Object.keys(target).length ? target : undefined;
  }
  return undefined;
}

/** Who acts and why, from an ack/snooze payload object ({ by, comment }); texts are cut to 200 characters. */
export function noteOf(payload: unknown): Note {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const p = payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);
  const note: Note = {};
  const by = str(p.by);
  const comment = str(p.comment);
  if (by) note.by = by;
  if (comment) note.comment = comment;
  return note;
}
