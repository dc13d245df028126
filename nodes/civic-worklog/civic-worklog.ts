// civic-worklog: the work log (作業記録) behind the dashboard form. A submission is checked field by field, saved as
// a new numbered entry or a new revision of the grower's own entry (or a deletion), and answered with a sentence for
// a toast; the current log of the house goes to a table; 栽培終了 entries announce the end of a season.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { StoreHandle } from '../../lib/store/handle';
import { isValidTimeZone, localDay } from '../../lib/time';
import { actionOf, applyAction, currentEntries, describeEntry, openStore, seasonsOf, STOPPED } from '../../lib/farm';
import { WORK_LABELS_JA } from '../../lib/farm/labels';
import { localStamp } from '../../lib/farm/report';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, translateError, type Done, type Send } from '../../node-kit';

interface WorklogConfig { store: string; houses: string; timeZone: string; listLimit: number }

export = function register(RED: NodeAPI) {
  function WorklogNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<WorklogConfig>(RED, this, 'civic-worklog', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    if (!handle || typeof handle.get !== 'function') return refuseConfig(RED, this, new CivicError('shared.farm.errors.noStore', {}, 'choose a records store'));
    if (!isValidTimeZone(config.timeZone)) return refuseConfig(RED, this, new CivicError('civic-worklog.errors.timeZone', {}, 'unknown time zone'));
    const houses = config.houses.split(',').map((h) => h.trim()).filter(Boolean);
    // Closing: entries not yet written are dropped with one warning that counts them, not an error each (a redeploy
    // during the season replay had hundreds); the one being written finishes.
    const stop = new AbortController();
    const inFlight = new Set<Promise<void>>();
    let dropped = 0;
    const stoppedBy = (err: unknown) => stop.signal.aborted
      && [STOPPED, 'shared.store.errors.notReady'].includes(String((err as { key?: unknown })?.key));

    // A burst of entries (an import, the season replay) sends one list per house, not one per entry.
    const listFor = new Set<string>();
    let listTimer: NodeJS.Timeout | undefined;
    const scheduleList = (house: string) => {
      if (stop.signal.aborted) return;            // closing: no list from a store that is closing
      listFor.add(house);
      listTimer ??= setTimeout(() => {
        listTimer = undefined;
        const due = [...listFor];
        listFor.clear();
        for (const h of due) rows(h).then((payload) => this.send([null, { topic: h, payload }, null]), (err: unknown) => {
          if (!stop.signal.aborted) this.error(translateError(RED, err).message);
        });
      }, 300);
    };

    const rows = async (house?: string) => (await currentEntries(await openStore(handle), { house, limit: config.listLimit })).map((e) => ({
      番号: e.entry, 日時: localStamp(e.at, config.timeZone), ハウス: e.house, 作業: WORK_LABELS_JA[e.work] ?? e.work, 内容: describeEntry(e), 記録者: e.who,
    }));

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      let written = msg.topic === 'list';     // a list request is no entry: never counted as dropped
      const work = (async () => {
        if (msg.topic === 'list') {
          const house = typeof msg.payload === 'string' && msg.payload ? msg.payload : undefined;
          send([null, { topic: house ?? 'all', payload: await rows(house) }, null]);
          return;
        }
        const act = actionOf(msg.payload);
        const now = Date.now();
        const { op, entry } = await applyAction(await openStore(handle), act, { houses, timeZone: config.timeZone, now }, stop.signal);
        written = true;
        const message = RED._(`civic-worklog.status.${op === 'save' ? (entry.revision > 1 ? 'edited' : 'saved') : 'deleted'}`, { entry: entry.entry });
        const result = { topic: op === 'save' ? 'saved' : 'deleted', payload: { ok: true, message, entry: entry.entry, revision: entry.revision, house: entry.house, text: describeEntry(entry) } };
        let ended = null;
        // saved while the node was stopping: no season check from a store that is closing
        if (op === 'save' && entry.work === 'seasonEnd' && !stop.signal.aborted) {
          const log = await currentEntries(await openStore(handle), { house: entry.house });
          // the season this 栽培終了 closes (an earlier season of the house may end in the same batch of entries)
          const endDate = localDay(entry.at, config.timeZone).date;
          const season = seasonsOf(log, config.timeZone, now).find((s) => s.ended && s.end === endDate);
          if (season) ended = { topic: 'season-end', payload: season };
        }
        send([result, null, ended]);
        scheduleList(entry.house);
        this.status({ fill: 'green', shape: 'dot', text: message });
      })().then(() => done(), (err: unknown) => {
        if (stoppedBy(err)) { if (!written) dropped += 1; done(); return; }
        const text = translateError(RED, err).message;
        send([{ topic: 'refused', payload: { ok: false, message: text } }, null, null]);
        delete msg.payload;                                  // Catch nodes get the reason, never what was typed
        fail(RED, this, done, err);
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      if (listTimer) clearTimeout(listTimer);
      stop.abort();
      void Promise.allSettled([...inFlight]).then(() => {
        if (dropped) this.warn(RED._('civic-worklog.warnings.stopped', { count: dropped }));
        closeDone();
      });
    });
  }
  RED.nodes.registerType('civic-worklog', WorklogNode);
};
