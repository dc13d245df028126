// civic-farm-records: keeps farm records in the records store — daily summaries (civic-agri-metrics output 2), alert
// events (civic-alert output 1), soil analyses and grower registrations — through a disk queue per kind, so nothing
// accepted is lost while the database is locked or down. On `topic: "kpi"` it sends the farming KPIs counted from
// the registrations (for civic-kpi-progress).
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { DiskQueue } from '../../lib/storage/queue';
import { StoreWriter } from '../../lib/store';
import type { StoreHandle } from '../../lib/store/handle';
import { openStore, alertRecord, dailyRecord, growerKpis, growerRecord, kindOfTopic, prepareFarmRows, soilRecord, topicOf, RECORD_TOPICS, type RecordTopic } from '../../lib/farm';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, translateError, type Done, type Send } from '../../node-kit';

interface RecordsConfig { store: string; batchSize: number; directory: string }

export = function register(RED: NodeAPI) {
  function FarmRecordsNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<RecordsConfig>(RED, this, 'civic-farm-records', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    if (!handle || typeof handle.get !== 'function') return refuseConfig(RED, this, new CivicError('shared.farm.errors.noStore', {}, 'choose a records store'));
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');
    const base = config.directory || path.join(userDir, 'civic-iot', 'farm-queue', this.id.replace(/[^A-Za-z0-9_.-]/g, '_'));
    let written = 0;
    const show = (pending: number, err?: unknown) => {
      if (err) { this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-farm-records.status.waiting', { pending }) }); return; }
      this.status({ fill: 'green', shape: 'dot', text: RED._('civic-farm-records.status.ok', { written, pending }) });
    };
    let lastError = '';
    let opened = false;                                    // before the store first opens, waiting is not an error
    const writers = new Map(RECORD_TOPICS.map((t) => [t, DiskQueue.open({ dir: path.join(base, t), maxBytes: 256 * 1024 * 1024, policy: 'reject-new' })
      .then((queue) => new StoreWriter({ queue, kind: kindOfTopic(t), store: () => handle.get(), batchSize: config.batchSize, onEvent: (e) => {
        if (e.type === 'written') { written += e.count; lastError = ''; show(e.pending); }
        if (e.type === 'failed') {
          const text = translateError(RED, e.error).message;
          if (opened && text !== lastError) this.error(text);
          lastError = text;
          show(e.pending, e.error);
        }
      } }))]));
    for (const w of writers.values()) w.then((x) => { if (x.pending) x.kick(); }, (err: unknown) => refuseConfig(RED, this, err));
    const unsubscribe = handle.onState((err) => { if (!err) opened = true; if (!err) for (const w of writers.values()) void w.then((x) => x.kick(true)); });

    this.on('input', (msg: NodeMessageInFlow & { date?: unknown; device?: { id?: unknown; house?: unknown } }, send: Send, done: Done) => {
      void (async () => {
        if (msg.topic === 'kpi') {
          const kpis = await growerKpis(await openStore(handle), Date.now());
          send([kpis.map((payload) => ({ topic: payload.kpi, payload }))]);
          return;
        }
        const topic: RecordTopic = topicOf(msg.topic);
        const items = Array.isArray(msg.payload) && (topic === 'soil' || topic === 'grower') ? msg.payload as unknown[] : [msg.payload];
        const records = topic === 'daily' ? [dailyRecord(msg)] : topic === 'alert' ? [alertRecord(msg, Date.now())]
          : items.map((p) => (topic === 'soil' ? soilRecord(p) : growerRecord(p)));
        const rows = prepareFarmRows(handle, topic, records);
        const writer = await writers.get(topic)!;
        await writer.accept(rows);
        show(writer.pending);
      })().then(() => done(), (err: unknown) => {
        delete msg.payload;
        fail(RED, this, done, err);
      });
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      unsubscribe();
      Promise.all([...writers.values()].map((w) => w.then((x) => x.close(), () => undefined))).catch(() => undefined).finally(closeDone);
    });
  }
  RED.nodes.registerType('civic-farm-records', FarmRecordsNode);
};
