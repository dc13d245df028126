// k-anonymize: collects a dataset (an array, or records streamed until msg.complete), finds the optimal
// generalisation for k-anonymity (optionally l-diversity) and sends the records and a report.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { kAnonymize, type KAnonymityConfig, type HierarchyType, type QuasiIdentifier } from '../../lib/privacy';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface QiRow { field: string; hierarchy: HierarchyType; widths?: string; topCode?: number; table?: string }
interface KAnonymizeNodeConfig {
  quasiIdentifiers: QiRow[]; k: number; l: number; sensitive: string; suppressionLimit: number;
  metric: KAnonymityConfig['metric']; suppressedRecords: KAnonymityConfig['suppressedRecords']; maxRecords: number;
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
      lib = { quasiIdentifiers: toQuasiIdentifiers(config.quasiIdentifiers), k: config.k, l: config.l,
        sensitive: config.sensitive || undefined, suppressionLimit: config.suppressionLimit / 100, metric: config.metric,
        suppressedRecords: config.suppressedRecords };
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    let buffer: Array<Record<string, unknown>> = [];

    const run = (records: Array<Record<string, unknown>>, msg: Msg, send: Send) => {
      this.status({ fill: 'blue', shape: 'ring', text: RED._('civic-k-anonymize.status.searching', { records: records.length }) });
      const { records: out, report } = kAnonymize(records, lib);
      msg.payload = out;
      delete msg.complete;
      send([msg, { topic: msg.topic, payload: report } as never]);
      this.status({ fill: 'green', shape: 'dot',
        text: RED._('civic-k-anonymize.status.done', { released: report.released, suppressed: report.suppressed }) });
    };

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      try {
        const p = msg.payload;
        if (Array.isArray(p)) {
          buffer = [];
          for (let i = 0; i < p.length; i++) {                  // (also holes of a sparse array)
            const r: unknown = p[i];
            if (!r || typeof r !== 'object' || Array.isArray(r)) {
              throw new CivicError('civic-k-anonymize.errors.payload', { type: Array.isArray(r) ? 'array' : typeof r }, 'msg.payload must be a record or an array of records');
            }
          }
          run(p as Array<Record<string, unknown>>, msg, send);
          return done();
        }
        if (p && typeof p === 'object' && !Buffer.isBuffer(p)) {
          if (buffer.length >= config.maxRecords) {
            buffer = [];
            throw new CivicError('civic-k-anonymize.errors.tooMany', { max: config.maxRecords }, `more than ${config.maxRecords} records buffered`);
          }
          buffer.push(p as Record<string, unknown>);
        } else if (!msg.complete) {
          throw new CivicError('civic-k-anonymize.errors.payload', { type: typeof p }, 'msg.payload must be a record or an array of records');
        }
        if (msg.complete) {
          const records = buffer;
          buffer = [];
          run(records, msg, send);
        } else if (buffer.length % 1000 === 1) {
          this.status({ fill: 'blue', shape: 'dot', text: RED._('civic-k-anonymize.status.collecting', { records: buffer.length }) });
        }
        done();
      } catch (err) {
        delete msg.payload; // Catch nodes get the error, never the records
        fail(RED, this, done, err);
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      buffer = [];
      closeDone();
    });
  }
  RED.nodes.registerType('civic-k-anonymize', KAnonymizeNode);
};
