// The work log in the records store: every save or deletion is a new revision of a numbered entry, written in one
// transaction that also checks the entry belongs to whoever edits it. The current log is the latest revision of each
// entry that is not a deletion. Same SQL on DuckDB and PostgreSQL.
import { CivicError } from '../errors';
import { insertSql } from '../store/sql';
import { tableOf } from '../store/kinds';
import { toRow } from '../store/values';
import type { RecordStore } from '../store/store';
import type { Executor, Row } from '../store/backend';
import { FARM_KINDS, ensureKind } from './kinds';
import { checkEntry, positive, type EntryRules, type WorkEntry } from './entry';

const KIND = FARM_KINDS.worklog;
const T = tableOf(KIND.name);

/** A current entry of the log (latest revision). */
export interface LogEntry extends WorkEntry { entry: number; revision: number }

/** What a form submission asks: save a new entry, change one, or delete one. */
export type WorklogAction = { action: 'save' | 'delete'; entry?: number; input: Record<string, unknown> };

/** Reads the action of a form payload: `action` ('save' default, 'delete'), `entry` (number, for edits and deletions). */
export function actionOf(payload: unknown): WorklogAction {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new CivicError('civic-worklog.errors.entry.type', {}, 'entry: type');
  }
  const input = payload as Record<string, unknown>;
  const action = input.action === undefined || input.action === '' || input.action === 'save' ? 'save' : input.action === 'delete' ? 'delete' : undefined;
  if (!action) throw new CivicError('civic-worklog.errors.action.choice', {}, 'action: choice');
  const n = positive(input.entry, 'entry', action === 'delete', 1e9);
  if (n !== undefined && !Number.isInteger(n)) throw new CivicError('civic-worklog.errors.entry.number', {}, 'entry: number');
  return { action, entry: n, input };
}

const LATEST = `SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY entry ORDER BY revision DESC) AS _n FROM ${T} w) x WHERE _n = 1`;

function toEntry(r: Row): LogEntry {
  const e: LogEntry = { entry: Number(r.entry), revision: Number(r.revision), house: String(r.house), at: Date.parse(String(r.done_at)),
    who: String(r.who), work: String(r.work) as LogEntry['work'] };
  for (const k of ['crop', 'product', 'unit', 'grade', 'stage', 'note'] as const) if (r[k] !== null && r[k] !== undefined) e[k] = String(r[k]);
  for (const k of ['amount', 'dilution', 'area', 'kg'] as const) if (r[k] !== null && r[k] !== undefined) e[k] = Number(r[k]);
  if (r.synthetic !== null && r.synthetic !== undefined) e.synthetic = Boolean(r.synthetic);
  return e;
}

async function latestOf(tx: Executor, entry: number): Promise<Row | undefined> {
  const rows = await tx.query(`${LATEST} AND entry = CAST($1 AS BIGINT)`, [entry]);
  return rows[0];
}

async function insertRevision(tx: Executor, store: RecordStore, record: Record<string, unknown>): Promise<void> {
  const cells = toRow(KIND, record, 1, { ...store.pseudonym, unknownFields: 'ignore' });
  await tx.query(insertSql(store.dialect, KIND, 1), [`worklog:${String(record.entry)}:${String(record.revision)}`, 'worklog', new Date().toISOString(), ...cells]);
}

/** The key of the error an action gets when its node stopped before the store reached it. */
export const STOPPED = 'civic-worklog.errors.stopped';

/**
 * Applies a form action in one transaction: a new entry gets the next number; an edit or a deletion must name an
 * entry that exists, is not deleted, and was recorded by the same person. Returns the entry as now stored. Once
 * `signal` is aborted (the node is closing), an action whose transaction has not begun writes nothing and fails with
 * STOPPED, so a redeploy during a burst (the season replay) does not wait for the whole backlog.
 */
export async function applyAction(store: RecordStore, act: WorklogAction, rules: EntryRules, signal?: AbortSignal): Promise<{ op: 'save' | 'delete'; entry: LogEntry }> {
  await ensureKind(store, KIND);
  const checked = act.action === 'save' ? checkEntry(act.input, rules) : undefined;
  return store.retrying(() => store.db.transaction(async (tx) => {
    if (signal?.aborted) throw new CivicError(STOPPED, {}, 'the node stopped before the entry was written');
    // Numbers are handed out inside the transaction; on PostgreSQL two Node-RED instances queue here.
    if (store.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(727274020)');
    let entry = act.entry;
    let revision = 1;
    if (entry !== undefined) {
      const old = await latestOf(tx, entry);
      if (!old || old.op === 'delete') throw new CivicError('civic-worklog.errors.entry.missing', {}, 'entry: missing');
      const who = act.action === 'delete' ? String(act.input.who ?? '').normalize('NFKC').trim() : checked!.who;
      if (who !== String(old.who)) throw new CivicError('civic-worklog.errors.who.notOwner', {}, 'who: notOwner');
      revision = Number(old.revision) + 1;
      if (act.action === 'delete') {
        const gone = { ...toEntry(old), entry, revision };
        await insertRevision(tx, store, { ...gone, at: gone.at, op: 'delete' });
        return { op: 'delete' as const, entry: gone };
      }
    } else {
      const rows = await tx.query(`SELECT MAX(entry) AS m FROM ${T}`);
      entry = Number(rows[0]?.m ?? 0) + 1;
    }
    const saved: LogEntry = { ...checked!, entry, revision };
    await insertRevision(tx, store, { ...saved, op: 'save' });
    return { op: 'save' as const, entry: saved };
  }));
}

/** Options for reading the current log. */
export interface LogQuery { house?: string; from?: number; to?: number; limit?: number }

/** The current entries (newest first), optionally for one house and a time range [from, to). */
export async function currentEntries(store: RecordStore, q: LogQuery = {}): Promise<LogEntry[]> {
  await ensureKind(store, KIND);
  const where = ["op = 'save'"];
  const params: unknown[] = [];
  if (q.house !== undefined) { params.push(q.house); where.push(`house = $${params.length}`); }
  if (q.from !== undefined) { params.push(new Date(q.from).toISOString()); where.push(`done_at >= CAST($${params.length} AS TIMESTAMPTZ)`); }
  if (q.to !== undefined) { params.push(new Date(q.to).toISOString()); where.push(`done_at < CAST($${params.length} AS TIMESTAMPTZ)`); }
  const limit = q.limit && Number.isInteger(q.limit) && q.limit > 0 ? ` LIMIT ${q.limit}` : '';
  const rows = await store.db.query(`${LATEST} AND ${where.join(' AND ')} ORDER BY done_at DESC, entry DESC${limit}`, params);
  return rows.map(toEntry);
}

/** Every revision of one entry, oldest first (the audit trail). */
export async function entryHistory(store: RecordStore, entry: number): Promise<Array<LogEntry & { op: string }>> {
  await ensureKind(store, KIND);
  const rows = await store.db.query(`SELECT * FROM ${T} WHERE entry = CAST($1 AS BIGINT) ORDER BY revision`, [entry]);
  return rows.map((r) => ({ ...toEntry(r), op: String(r.op) }));
}
