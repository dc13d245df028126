// civic-store-write: writes records (one per message or an array) into a record kind of the records store. Records
// are checked and pseudonymised first, then kept on disk until the database has committed them, so nothing accepted
// is lost through a locked file, a dropped PostgreSQL connection or a restart. Errors name record numbers only.
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { DiskQueue } from '../../lib/storage/queue';
import { normalizeKind, prepareRows, StoreWriter, type ColumnDef, type PreparedRow, type RecordKind } from '../../lib/store';
import { isNotReady, type StoreHandle } from '../../lib/store/handle';
import { WELLNESS_KINDS } from '../../lib/wellness/kinds';
import { CivicError, isCivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, translateError, type Done, type Send } from '../../node-kit';

interface WriteConfig {
  store: string; preset: string; kind: string; columns: ColumnDef[]; unknownFields: 'refuse' | 'ignore'; onInvalid: 'refuse' | 'skip';
  source: string; batchSize: number; directory: string;
}

export = function register(RED: NodeAPI) {
  function StoreWriteNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<WriteConfig>(RED, this, 'civic-store-write', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    let kind: RecordKind;
    try {
      if (!handle || typeof handle.get !== 'function') throw new CivicError('civic-store-write.errors.noStore', {}, 'choose a records store');
      const preset = config.preset ? WELLNESS_KINDS[config.preset] : undefined;
      kind = normalizeKind({ name: config.kind, columns: config.columns.length ? config.columns : preset?.columns ?? [] });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');
    const dir = config.directory || path.join(userDir, 'civic-iot', 'store-queue', this.id.replace(/[^A-Za-z0-9_.-]/g, '_'));
    let written = 0;
    let lastErrorKey = '';
    const show = (pending: number, err?: unknown) => {
      if (err && isNotReady(err)) {                          // still opening after a deploy: wait, nothing to report
        this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-store-write.status.waiting', { pending }) });
        return;
      }
      if (err) {
        const text = translateError(RED, err).message;
        this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-store-write.status.waiting', { pending }) });
        const key = isCivicError(err) ? err.key : text;
        if (key !== lastErrorKey) this.error(text);          // once per outage, not once per retry
        lastErrorKey = key;
        return;
      }
      lastErrorKey = '';
      this.status({ fill: 'green', shape: 'dot', text: RED._('civic-store-write.status.ok', { written, pending }) });
    };
    const opening = DiskQueue.open({ dir, maxBytes: 1024 * 1024 * 1024, policy: 'reject-new' }).then((queue) => new StoreWriter({
      queue, kind, store: () => handle!.get(), batchSize: config.batchSize,
      onEvent: (e) => {
        if (e.type === 'written') { written += e.count; show(e.pending); }
        if (e.type === 'failed') show(e.pending, e.error);
        if (e.type === 'drained') this.send({ topic: kind.name, payload: { kind: kind.name, written: e.written, pending: 0 } });
      },
    }));
    opening.then((w) => { if (w.pending) w.kick(); }, (err: unknown) => refuseConfig(RED, this, err));
    const unsubscribe = handle!.onState((err) => { void opening.then((w) => (err ? show(w.pending, err) : w.kick(true))); });

    this.on('input', (msg: NodeMessageInFlow, _send: Send, done: Done) => {
      const records = Array.isArray(msg.payload) ? msg.payload as unknown[] : [msg.payload];
      const source = config.source || (typeof msg.topic === 'string' ? msg.topic.slice(0, 100) : '');
      const options = { ...handle!.pseudonym, unknownFields: config.unknownFields };
      void (async () => {
        const writer = await opening;
        let rows: PreparedRow[];
        if (config.onInvalid === 'skip') {
          rows = [];
          records.forEach((rec, i) => {
            try { rows.push(prepareRows(kind, [rec], source, options)[0]); } catch (err) {
              const e = isCivicError(err) ? new CivicError(err.key, { ...err.params, row: i + 1 }, err.message) : err;
              this.error(translateError(RED, e).message, { _msgid: msg._msgid, topic: msg.topic, rowNumber: i + 1 } as never);
            }
          });
        } else {
          rows = prepareRows(kind, records, source, options);
        }
        await writer.accept(rows).catch((err: unknown) => {
          throw isCivicError(err) && err.key.endsWith('.full') ? new CivicError('civic-store-write.errors.queueFull', {}, 'the write queue is full') : err;
        });
        show(writer.pending);
      })().then(() => done(), (err: unknown) => {
        delete msg.payload;                                  // Catch nodes get the error, never the records
        fail(RED, this, done, err);
      });
    });

    this.on('close', (_removed: boolean, closeDone: () => void) => {
      unsubscribe();
      opening.then((w) => w.close(), () => undefined)
        .catch(() => undefined).finally(closeDone);
    });
  }
  RED.nodes.registerType('civic-store-write', StoreWriteNode);
};
