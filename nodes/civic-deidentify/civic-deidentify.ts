// civic-deidentify: applies a de-identification policy (APPI presets, keyed pseudonyms, free-text scrubbing, rare
// values) to an array of records or to records streamed until msg.complete, and emits a processing report. Heavy work
// (free text, large batches) runs in the node's worker thread. Never puts a record's values into status, logs or
// errors: only row numbers and the policy's field names.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { CancelledError, Deidentifier, deidentifyBatch, DeidentifyStream, failureStatus, isRecord, PrivacyWorker, typeName, type DeidentifyPolicy,
  type DeidentifyReport } from '../../lib/privacy';
import { CivicError, isCivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, translateError, type Done, type Send } from '../../node-kit';

type Msg = NodeMessageInFlow & { complete?: unknown; rowNumber?: unknown };
interface Config extends DeidentifyPolicy { property: string; timeLimit: number; maxRecords: number }

export = function register(RED: NodeAPI) {
  function DeidentifyNode(this: Node<{ key?: string }>, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-deidentify', def);
    if (!config) return;
    const key = (this.credentials as { key?: string } | undefined)?.key || undefined;
    const policy: DeidentifyPolicy = { ...config, rules: config.rules.filter((r) => r.field) };
    let setupError: unknown;
    try {
      new Deidentifier(policy, { key }); // a policy that cannot run (no key, bad table) is refused on deploy…
    } catch (err) {
      setupError = err;
      // a missing key is a credential not yet given (flows copied without their credentials file), not a bad flow
      if (isCivicError(err) && err.key === 'civic-deidentify.errors.noKey') {
        this.status({ fill: 'red', shape: 'ring', text: RED._('civic-deidentify.status.noKey') });
        this.error(translateError(RED, err).message);
      } else refuseConfig(RED, this, err);
    }
    const worker = new PrivacyWorker();
    const options = { key, timeLimitMs: config.timeLimit * 1000 };
    const batchOnly = Deidentifier.needsBatch(policy);
    let stream = new DeidentifyStream(policy, worker, options);
    let buffer: Array<{ record: unknown; row: number }> = [];
    let row = 0;
    let queue: Promise<void> = Promise.resolve();
    let lastStatus = 0;

    const progress = (done: number, total: number) => {
      if (Date.now() - lastStatus < 500) return;
      lastStatus = Date.now();
      this.status({ fill: 'blue', shape: 'ring', text: RED._('civic-deidentify.status.working', { done, total }) });
    };
    const reportRow = (msg: Msg, row: number, error: Error) => // the error path gets the row number, never the record
      this.error(translateError(RED, error).message, { _msgid: msg._msgid, topic: msg.topic, rowNumber: row } as never);
    const finished = (send: Send, msg: Msg, report: DeidentifyReport) => {
      send([null, { topic: msg.topic, payload: report } as never]);
      this.status({ fill: report.failed || report.quarantined ? 'yellow' : 'green', shape: 'dot',
        text: RED._('civic-deidentify.status.done', { records: report.output, failed: report.failed + report.quarantined }) });
    };

    const batch = async (msg: Msg, send: Send, records: unknown[], rows: number[] | undefined) => {
      const r = await deidentifyBatch(records, rows, policy, worker, { ...options, onProgress: progress });
      for (const f of r.failures) reportRow(msg, f.row, f.error);
      return r;
    };

    const handle = async (msg: Msg, send: Send) => {
      if (setupError) throw setupError;             // …and every message says why, so Catch nodes see it
      const p = RED.util.getMessageProperty(msg, config.property) as unknown;
      if (Array.isArray(p)) {
        const rows = (msg as { rowNumbers?: unknown }).rowNumbers;
        const r = await batch(msg, send, p, Array.isArray(rows) && rows.length === p.length && rows.every(Number.isInteger) ? rows as number[] : undefined);
        RED.util.setMessageProperty(msg, config.property, r.records, true);
        send([msg, null]);
        return finished(send, msg, r.report);
      }
      if (isRecord(p)) {
        row = typeof msg.rowNumber === 'number' ? msg.rowNumber : row + 1;
        if (batchOnly) {
          if (buffer.length >= config.maxRecords) { buffer = []; throw new CivicError('civic-deidentify.errors.tooMany', { max: config.maxRecords }); }
          buffer.push({ record: p, row });
        } else {
          const one = await stream.apply(p, row);
          if (one.error) reportRow(msg, row, one.error);
          else { RED.util.setMessageProperty(msg, config.property, one.record, true); send([msg, null]); }
        }
      } else if (!msg.complete) {
        throw new CivicError('civic-deidentify.errors.payload', { type: typeName(p) });
      }
      if (!msg.complete) return;
      row = 0;
      if (batchOnly) {
        const held = buffer;
        buffer = [];
        const r = await batch(msg, send, held.map((h) => h.record), held.map((h) => h.row));
        r.records.forEach((rec, i) => {
          const out = { ...msg, complete: i === r.records.length - 1 ? true : undefined } as Msg;
          RED.util.setMessageProperty(out, config.property, rec, true);
          send([out, null]);
        });
        return finished(send, msg, r.report);
      }
      finished(send, msg, await stream.finish());
      stream = new DeidentifyStream(policy, worker, options);
    };

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      // one message at a time, in order (records of a stream, batches after each other)
      queue = queue.then(() => handle(msg, send).then(() => done(), (err) => {
        if (err instanceof CancelledError) return done();
        RED.util.setMessageProperty(msg, config.property, undefined); // Catch nodes get the error, never the records
        fail(RED, this, done, err);
        this.status({ fill: 'red', shape: 'dot', text: RED._(failureStatus(err, 'civic-deidentify')) }); // short, never cut mid-word
      }));
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      buffer = [];
      void worker.close().then(() => closeDone());
    });
  }
  RED.nodes.registerType('civic-deidentify', DeidentifyNode as never, { credentials: { key: { type: 'password' } } });
};
