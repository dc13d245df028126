// What civic-influx-buffer tells the user, as message keys and parameters (the node translates them): the status
// text — whole words, short by meaning — and the one warning per outage that says what is wrong and what to do.
// Nothing from the points themselves appears here, only counts, the server's address and names from the config.
import type { InfluxTarget } from './http';
import { displayUrl } from './http';
import { problemOf, type Problem, type WriterState } from './writer';

/** A message to show: catalog key, parameters, and which parameters are themselves keys to translate first. */
export interface Said {
  key: string;
  params: Record<string, string | number>;
  /** parameters whose value is a catalog key (translated before use) */
  keys?: string[];
  fill?: 'red' | 'yellow' | 'green' | 'blue';
  shape?: 'ring' | 'dot';
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const P = 'civic-influx-buffer.';

/** The node's status from its queue and writer. */
export function bufferStatus(s: { queued: number; written: number; state: WriterState; problem?: Problem; writeError?: string }): Said {
  const queued = s.queued;
  if (s.writeError) {
    return DISK_FULL.has(s.writeError)
      ? { key: `${P}status.diskFull`, params: { queued }, fill: 'red', shape: 'ring' }
      : { key: `${P}status.diskWrite`, params: { queued, code: s.writeError }, fill: 'red', shape: 'ring' };
  }
  // the problem stays on show through the whole outage, also while a retry is on its way (state 'sending')
  if (s.problem && s.state !== 'stopped') {
    const p = s.problem;
    if (p.kind === 'disk') return { key: `${P}status.diskRead`, params: { queued }, fill: 'red', shape: 'ring' };
    const key = p.kind === 'http' ? 'http' : p.kind;
    return { key: `${P}status.${key}`, params: { queued, status: 'status' in p ? p.status : '' }, fill: 'yellow', shape: 'ring' };
  }
  return { key: `${P}status.ok`, params: { queued, written: s.written }, fill: queued ? 'blue' : 'green', shape: 'dot' };
}

/** The warning logged once per outage: what is wrong, where, and what to do. */
export function problemWarning(problem: Problem, target: InfluxTarget, queued: number): Said {
  const url = displayUrl(target);
  switch (problem.kind) {
    case 'unreachable':
      return { key: `${P}errors.unreachable`, params: { url, queued, reason: `${P}reasons.${problem.reason}`, code: problem.code }, keys: ['reason'] };
    case 'noDatabase':
      return target.version === '2.0'
        ? { key: `${P}errors.bucketMissing`, params: { url, queued, bucket: target.bucket ?? '', org: target.org ?? '' } }
        : { key: `${P}errors.databaseMissing`, params: { url, queued, database: target.database ?? '' } };
    case 'auth':
      return { key: `${P}errors.auth`, params: { url, queued, status: problem.status } };
    case 'disk':
      return { key: `${P}errors.diskRead`, params: { queued, code: problem.code } };
    default:
      return { key: `${P}errors.retrying`, params: { error: problem.text, queued } };
  }
}

/** Why a history query failed, as a message (civic-history catalog) and a short status key. */
export function explainQueryFailure(err: unknown, target: InfluxTarget): Said & { status: string } {
  const url = displayUrl(target);
  const H = 'civic-history.';
  const key = (err as { key?: string })?.key;
  if (key === `${H}errors.noDatabase`) {
    const database = (target.version === '1.x' ? target.database : target.bucket) ?? '';
    return { key: `${H}errors.databaseMissing`, params: { url, database }, status: `${H}status.noDatabase` };
  }
  if (key === `${H}errors.auth`) return { key, params: { url, status: (err as { params: { status: number } }).params.status }, status: `${H}status.auth` };
  if (key) return { key, params: (err as { params: Record<string, string | number> }).params, status: `${H}status.${key === `${H}errors.badRange` ? 'badRange' : 'queryError'}` };
  const p = problemOf(undefined, err);
  const reason = p.kind === 'unreachable' ? p.reason : 'other';
  return { key: `${H}errors.unreachable`, params: { url, reason: `${H}reasons.${reason}`, code: p.kind === 'unreachable' ? p.code : 'EIO' },
    keys: ['reason'], status: `${H}status.unreachable` };
}
