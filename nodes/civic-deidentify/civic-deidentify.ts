// deidentify: applies a de-identification policy record by record (APPI presets, keyed pseudonyms) and emits a
// processing report. Never puts a record's values into status, logs or errors: only row numbers and field names.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { Deidentifier, type DeidentifyPolicy } from '../../lib/privacy';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, translateError, type Done, type Send } from '../../node-kit';

type Msg = NodeMessageInFlow & { complete?: unknown; rowNumber?: unknown };

export = function register(RED: NodeAPI) {
  function DeidentifyNode(this: Node<{ key?: string }>, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<DeidentifyPolicy>(RED, this, 'civic-deidentify', def);
    if (!config) return;
    let core: Deidentifier | undefined;
    let setupError: unknown;
    try {
      core = new Deidentifier({ ...config, rules: config.rules.filter((r) => r.field) }, { key: (this.credentials as { key?: string } | undefined)?.key || undefined });
    } catch (err) {
      setupError = err;
      this.status({ fill: 'red', shape: 'ring', text: RED._('civic-deidentify.status.notReady') });
      this.error(translateError(RED, err).message);
    }
    let row = 0;
    let lastStatus = 0;
    const showStatus = (force = false) => {
      const now = Date.now();
      if (!core || (!force && now - lastStatus < 1000)) return;
      lastStatus = now;
      const r = core.report();
      this.status({ fill: r.failed ? 'yellow' : 'green', shape: 'dot',
        text: RED._('civic-deidentify.status.done', { records: r.output, failed: r.failed }) });
    };
    const finishRun = (send: Send, topic: unknown) => {
      send([null, { topic: topic as string, payload: core!.report() }]);
      showStatus(true);
      core!.reset();
      row = 0;
    };

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      try {
        if (!core) throw setupError;
        const p = msg.payload;
        if (Array.isArray(p)) {
          core.reset();
          const out: unknown[] = [];
          p.forEach((rec, i) => {
            try {
              out.push(core!.apply(rec as Record<string, unknown>, i + 1));
            } catch (err) {
              // the error path gets the row number, never the record
              this.error(translateError(RED, err).message, { _msgid: msg._msgid, topic: msg.topic, rowNumber: i + 1 } as never);
            }
          });
          msg.payload = out;
          send([msg, null]);
          finishRun(send, msg.topic);
          return done();
        }
        if (p && typeof p === 'object' && !Buffer.isBuffer(p)) {
          row = typeof msg.rowNumber === 'number' ? msg.rowNumber : row + 1;
          msg.rowNumber = row;
          try {
            msg.payload = core.apply(p as Record<string, unknown>, row);
            send([msg, null]);
          } finally {
            if (msg.complete) finishRun(send, msg.topic);
            else showStatus();
          }
          return done();
        }
        if (msg.complete) {
          finishRun(send, msg.topic);
          return done();
        }
        throw new CivicError('civic-deidentify.errors.payload', { type: Buffer.isBuffer(p) ? 'Buffer' : typeof p },
          'msg.payload must be a record (object) or an array of records');
      } catch (err) {
        // the message reaches Catch nodes: it must not carry the record (or whatever else arrived)
        delete msg.payload;
        fail(RED, this, done, err);
      }
    });
  }
  RED.nodes.registerType('civic-deidentify', DeidentifyNode as never, { credentials: { key: { type: 'password' } } });
};
