// k-anonymize: collects a dataset (an array, or records streamed until msg.complete), finds the optimal
// generalisation for k-anonymity (optionally l-diversity) in the node's worker thread within a time limit, and
// sends the records and a report (levels, attributes generalised to *, loss, risk in plain Japanese).
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { CancelledError, checkRecords, ColumnEncoder, failureStatus, isRecord, kAnonymizeRun, kTimeLimitError, PrivacyWorker, typeName, type HierarchyType,
  type KAnonymityConfig, type KAnonymityReport, type QuasiIdentifier } from '../../lib/privacy';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, statusText, type Done, type Send } from '../../node-kit';

interface QiRow { field: string; hierarchy: HierarchyType; widths?: string; topCode?: number; table?: string }
interface KAnonymizeNodeConfig {
  quasiIdentifiers: QiRow[]; k: number; l: number; sensitive: string; suppressionLimit: number; metric: KAnonymityConfig['metric'];
  suppressedRecords: KAnonymityConfig['suppressedRecords']; maxRecords: number; timeLimit: number; bestSoFar: boolean; property: string;
}
type Msg = NodeMessageInFlow & { complete?: unknown };

/** Editor rows → library quasi-identifiers (tables arrive as JSON text). */
function toQuasiIdentifiers(rows: QiRow[]): QuasiIdentifier[] {
  return rows.map((r) => {
    const qi: QuasiIdentifier = { field: r.field, hierarchy: r.hierarchy };
    if (r.widths && r.widths.trim()) qi.widths = r.widths.split(',').map((w) => Number(w.trim())).filter((w) => w > 0);
    if (r.topCode !== undefined) qi.topCode = r.topCode;
    if (r.hierarchy === 'table') {
      try {
        qi.table = JSON.parse(r.table || '{}');
      } catch {
        throw new CivicError('civic-k-anonymize.errors.tableJson', { field: r.field }, `field "${r.field}": the table is not valid JSON`);
      }
    }
    return qi;
  });
}

export = function register(RED: NodeAPI) {
  function KAnonymizeNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<KAnonymizeNodeConfig>(RED, this, 'civic-k-anonymize', def);
    if (!config) return;
    let lib: KAnonymityConfig;
    try {
      lib = { quasiIdentifiers: toQuasiIdentifiers(config.quasiIdentifiers), k: config.k, l: config.l, sensitive: config.sensitive || undefined,
        suppressionLimit: config.suppressionLimit / 100, metric: config.metric, suppressedRecords: config.suppressedRecords };
      new ColumnEncoder(lib); // hierarchies that cannot be built are refused on deploy
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const worker = new PrivacyWorker();
    const timeLimitMs = config.timeLimit * 1000;
    let buffer: Array<Record<string, unknown>> = [];
    let queue: Promise<void> = Promise.resolve();
    // keys: the full wording first, then shorter ones of the same facts (node-kit statusText picks the first that fits)
    const status = (fill: 'blue' | 'green' | 'yellow' | 'red', keys: string | string[], params: Record<string, unknown> = {}) =>
      this.status({ fill, shape: fill === 'blue' ? 'ring' : 'dot',
        text: statusText(RED, ([] as string[]).concat(keys).map((k) => `civic-k-anonymize.status.${k}`), params) });

    const doneStatus = (r: KAnonymityReport, optimal: boolean) => {
      const fields = r.generalisedToTop.join('、');
      if (!optimal) status('yellow', 'notOptimal', { released: r.released });
      else status('green', fields ? ['doneTop', 'doneTopCount'] : 'done', { released: r.released, suppressed: r.suppressed, fields, count: r.generalisedToTop.length });
    };

    const run = async (records: Array<Record<string, unknown>>, msg: Msg, send: Send) => {
      checkRecords(records, lib);
      status('blue', 'searching', { records: records.length, evaluated: 0, seconds: 0 });
      const r = await kAnonymizeRun(records, lib, worker, { timeLimitMs, onProgress: (p) => {
        if (p.phase === 'searching' && p.search) status('blue', 'progress', { evaluated: p.search.evaluated, nodes: p.search.nodes, seconds: Math.round(p.search.elapsedMs / 1000) });
      } });
      doneStatus(r.report, r.optimal);
      if (r.optimal || config.bestSoFar) {
        // a copy: after a time limit the error path clears the records from the incoming message
        const out = { ...msg } as Msg;
        RED.util.setMessageProperty(out, config.property, r.records, true);
        delete out.complete;
        send([out, { topic: msg.topic, payload: r.report } as never]);
      }
      // past the time limit the run ends with the error, also when the best-so-far result was sent (marked not optimal)
      if (!r.optimal) throw kTimeLimitError(timeLimitMs);
    };

    const handle = async (msg: Msg, send: Send) => {
      const p = RED.util.getMessageProperty(msg, config.property) as unknown;
      if (Array.isArray(p)) {
        buffer = [];
        return run(p as Array<Record<string, unknown>>, msg, send);
      }
      if (isRecord(p)) {
        if (buffer.length >= config.maxRecords) {
          buffer = [];
          throw new CivicError('civic-k-anonymize.errors.tooMany', { max: config.maxRecords }, `more than ${config.maxRecords} records buffered`);
        }
        buffer.push(p as Record<string, unknown>);
        if (buffer.length % 1000 === 1) status('blue', 'collecting', { records: buffer.length });
      } else if (!msg.complete) {
        throw new CivicError('civic-k-anonymize.errors.payload', { type: typeName(p) }, 'msg.payload must be a record or an array of records');
      }
      if (msg.complete) {
        const records = buffer;
        buffer = [];
        await run(records, msg, send);
      }
    };

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      // one dataset at a time, in order
      queue = queue.then(() => handle(msg, send).then(() => done(), (err) => {
        if (err instanceof CancelledError) return done();
        RED.util.setMessageProperty(msg, config.property, undefined); // Catch nodes get the error, never the records
        fail(RED, this, done, err);
        this.status({ fill: 'red', shape: 'dot', text: RED._(failureStatus(err, 'civic-k-anonymize')) }); // short, never cut mid-word
      }));
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      buffer = [];
      void worker.close().then(() => closeDone());
    });
  }
  RED.nodes.registerType('civic-k-anonymize', KAnonymizeNode);
};
